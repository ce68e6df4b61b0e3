#!/bin/sh
# Runs the unit suites given as arguments, then the fuzz replays named in
# $REPLAY_BINS (each harness over its corpus and saved crashes), then
# (unless UNIT_ONLY=1) every integration test in tests/integration/*.sh,
# and prints one closing line:
#   "N passed, N failed, N skipped"
# Integration tests need root and network namespaces: without root they are
# skipped with a message, but under CI=true a skip counts as a failure.
BUILD=${BUILD:-build}
export BUILD
TOP_SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
export TOP_SRCDIR
cd "$TOP_SRCDIR" || exit 1

pass=0 fail=0 skip=0
failed_names=""

for t in "$@"; do
	name=$(basename "$t")
	echo "=== unit: $name"
	if "$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); failed_names="$failed_names $name"
	fi
done

# Fuzz corpora and crashes as unit tests: build/tests/replay_<harness>.
for r in ${REPLAY_BINS:-}; do
	name=$(basename "$r")
	h=${name#replay_}
	echo "=== replay: $h"
	set -- "tests/fuzz/corpus/$h"
	[ -d "tests/fuzz/crashes/$h" ] && set -- "$@" "tests/fuzz/crashes/$h"
	if "$r" "$@"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); failed_names="$failed_names $name"
	fi
done

if [ "${UNIT_ONLY:-0}" != 1 ]; then
	for t in tests/integration/test_*.sh; do
		[ -f "$t" ] || continue
		name=$(basename "$t" .sh)
		if [ "$(id -u)" != 0 ]; then
			if [ "${CI:-}" = true ]; then
				echo "=== $name: FAIL (needs root; CI=true forbids skipping)"
				fail=$((fail + 1)); failed_names="$failed_names $name"
			else
				echo "=== $name: SKIP (needs root and network namespaces)"
				skip=$((skip + 1))
			fi
			continue
		fi
		echo "=== integration: $name"
		start=$(date +%s)
		bash "$t"
		rc=$?
		secs=$(( $(date +%s) - start ))
		if [ $rc = 0 ]; then
			echo "=== $name: PASS (${secs}s)"; pass=$((pass + 1))
		elif [ $rc = 77 ] && [ "${CI:-}" != true ]; then
			echo "=== $name: SKIP (${secs}s)"; skip=$((skip + 1))
		else
			echo "=== $name: FAIL rc=$rc (${secs}s)"
			fail=$((fail + 1)); failed_names="$failed_names $name"
		fi
	done
fi

[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
