#!/usr/bin/env bash
# bench-docx.sh — compare the CPU time of nianbao on .docx reports with the
# least any tool must do: unzip word/document.xml.
#
# Usage: scripts/bench-docx.sh DIR [RUNS]
#
# Times the CPU (user+system) of RUNS repetitions (default 10) of:
#   1. one `nianbao extract --in-process` over DIR/*.docx: the whole
#      pipeline (unzip, parse, locate, check, JSON to /dev/null);
#   2. the same in worker processes, the default for untrusted files (the
#      CPU of the workers counted);
#   3. a loop of `unzip -p FILE word/document.xml` over the same files;
# and prints the ratio. Both run in this one invocation, so the ratio holds
# on a shared, noisy machine where absolute times do not; the repetitions
# keep the 10 ms resolution of the CPU clock out of the result.
#
# Needs: go, unzip, /usr/bin/time. Not run by CI.
set -euo pipefail

dir=${1:?usage: $0 DIR [RUNS]}
runs=${2:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

shopt -s nullglob
files=("$dir"/*.docx)
if [ ${#files[@]} -eq 0 ]; then
	echo "bench-docx: no .docx files in $dir" >&2
	exit 1
fi
command -v unzip >/dev/null || { echo "bench-docx: unzip not found" >&2; exit 1; }

(cd "$root" && go build -o "$tmp/nianbao" ./cmd/nianbao)

# cpu CMD... — prints the user+system CPU seconds of CMD.
cpu() {
	/usr/bin/time -f "%U %S" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
	awk '{printf "%.3f\n", $1 + $2}' "$tmp/t"
}

unzip_loop() {
	for f in "$@"; do
		unzip -p "$f" word/document.xml >/dev/null
	done
}
nianbao_runs() {
	local n=$1 bin=$2 mode=$3
	shift 3
	for _ in $(seq "$n"); do
		if [ "$mode" = workers ]; then
			"$bin" extract --quiet -o /dev/null "$@"
		else
			"$bin" extract --in-process --quiet -o /dev/null "$@"
		fi
	done
}
unzip_runs() {
	local n=$1
	shift
	for _ in $(seq "$n"); do
		unzip_loop "$@"
	done
}
export -f unzip_loop nianbao_runs unzip_runs

ours=$(cpu bash -c 'nianbao_runs "$@"' _ "$runs" "$tmp/nianbao" in-process "${files[@]}")
workers=$(cpu bash -c 'nianbao_runs "$@"' _ "$runs" "$tmp/nianbao" workers "${files[@]}")
theirs=$(cpu bash -c 'unzip_runs "$@"' _ "$runs" "${files[@]}")

printf 'files                          %d\n' "${#files[@]}"
printf 'runs                           %d\n' "$runs"
printf 'nianbao extract --in-process   %s s CPU\n' "$ours"
printf 'nianbao extract (workers)      %s s CPU (all processes)\n' "$workers"
printf 'unzip -p loop                  %s s CPU\n' "$theirs"
awk -v a="$ours" -v w="$workers" -v b="$theirs" 'BEGIN {
	printf "ratio --in-process / unzip     %.2f\n", a / b
	printf "ratio workers / unzip          %.2f\n", w / b }'
