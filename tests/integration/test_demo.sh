#!/bin/bash
# The README's demo must keep working: run it and check its verdict.
TOP=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
out=$(bash "$TOP/contrib/demo/run-demo.sh" "$TOP/${BUILD:-build}/statichcpd" 2>&1)
rc=$?
if [ $rc = 0 ] && printf '%s\n' "$out" | grep -q 'demo OK: the guest got 192.0.2.10/24' &&
    printf '%s\n' "$out" | grep -q 'Status: Success (ACK 192.0.2.10)'; then
	echo "demo: PASS"
	exit 0
fi
printf '%s\n' "$out" | tail -n 40
echo "demo: FAIL (rc=$rc)"
exit 1
