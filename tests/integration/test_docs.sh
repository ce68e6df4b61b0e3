#!/bin/bash
# The manual tells the truth: every configuration key the code accepts is
# in statichcpd.conf(5), every option of --help in statichcpd(8), and the
# pages render without warnings.
TOP=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${STATICHCPD_BIN:-$TOP/${BUILD:-build}/statichcpd}
failed=0
fail() { echo "docs: FAIL: $*"; failed=1; }

keys=$(sed -n 's/^[[:space:]]*{ "\([a-z0-9_]*\)", CFG_.*/\1/p' "$TOP/common/config.c")
[ "$(echo "$keys" | wc -w)" -ge 20 ] || fail "could not read the keys from config.c"
for k in $keys; do
	grep -q "^\.It Cm $k\b\|^\.It Ic $k\b\|$k" "$TOP/man/statichcpd.conf.5" ||
		fail "key $k missing from statichcpd.conf(5)"
	grep -q "$k" "$TOP/contrib/statichcpd.conf" ||
		fail "key $k missing from contrib/statichcpd.conf"
done
opts=$("$BIN" -h | grep -o -- '--[a-z_-]*\|^  -[a-zA-Z]' | sed 's/^ *//' | sort -u)
for o in $opts; do
	case $o in --) continue ;; esac
	flag=${o#-}; flag=${flag#-}
	grep -q -- "$flag" "$TOP/man/statichcpd.8" || fail "option $o missing from statichcpd(8)"
done
for page in "$TOP"/man/*.[58]; do
	out=$(LC_ALL=C.UTF-8 groff -mdoc -ww -z "$page" 2>&1)
	[ -z "$out" ] || fail "$(basename "$page") renders with warnings: $out"
	if command -v mandoc >/dev/null; then
		out=$(mandoc -Tlint -W warning "$page" 2>&1 | grep -v 'referenced manual not found')
		[ -z "$out" ] || fail "$(basename "$page"): $out"
	fi
done
[ $failed = 0 ] && echo "docs: PASS"
exit $failed
