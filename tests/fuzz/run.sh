#!/bin/sh
# make fuzz: run each libFuzzer harness BUILD/fuzz_<name> for FUZZ_SECONDS
# on a working copy of its corpus (BUILD/corpus/<name>: the seeds, the
# saved crashes, and what earlier runs found), one at a time.  Anything
# found (crash, leak, timeout, failed invariant) is saved in
# tests/fuzz/crashes/<name>/ and fails the run.  Extra libFuzzer flags:
# $FUZZ_FLAGS.  Prints executions per target as it goes, then all of them
# in one table (for CI logs).
#   usage: run.sh BUILD name...
BUILD=$1
shift
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
cd "$(dirname "$0")/../.." || exit 1

failed=""
table=""
for t in "$@"; do
	bin=$BUILD/fuzz_$t
	work=$BUILD/corpus/$t
	crashes=tests/fuzz/crashes/$t
	log=$BUILD/logs/$t.log
	mkdir -p "$work" "$crashes" "$BUILD/logs"
	cp tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null
	for f in "$crashes"/*; do
		[ -f "$f" ] && cp "$f" "$work"/
	done
	set --
	[ -f "tests/fuzz/dict/$t.dict" ] && set -- "-dict=tests/fuzz/dict/$t.dict"
	case $t in
	frame4|frame6)	set -- "$@" -max_len=1600 ;;
	esac
	echo "=== fuzz_$t: ${FUZZ_SECONDS}s"
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$FUZZ_SECONDS" -timeout=20 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$crashes/" "$@" \
		${FUZZ_FLAGS:-} "$work" >"$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	# a run that died has no final stats: its last status line ("#N ...")
	[ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#')
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	edges=${cov#cov: }
	files=$(find "$work" -type f | wc -l)
	result=OK
	[ $rc = 0 ] || result="FAILED rc=$rc"
	table="$table$(printf '%-10s %12s %6s %9s %7s %8s  %s' "$t" "${runs:-?}" \
	    "$secs" "${rate:-?}" "${edges:-?}" "$files" "$result")
"
	if [ $rc = 0 ]; then
		echo "fuzz_$t: ${runs:-?} executions in ${secs}s" \
		    "(${rate:-?}/s), $cov, corpus $files files: OK"
	else
		echo "fuzz_$t: FAILED rc=$rc after ${runs:-?} executions;" \
		    "input saved in $crashes/, log $log:"
		grep -E 'ERROR|SUMMARY|invariant|Test unit written' "$log" |
		    head -10
		failed="$failed $t"
	fi
done
echo "=== fuzz summary (FUZZ_SECONDS=$FUZZ_SECONDS)"
printf '%-10s %12s %6s %9s %7s %8s  %s\n' target executions secs "exec/s" \
    cov corpus result
printf '%s' "$table"
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed"
	exit 1
fi
echo "fuzz: all targets passed"
