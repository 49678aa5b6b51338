#!/usr/bin/env bash
# bench-docx.sh — compare the CPU time of nianbao on .docx reports with the
# least any tool must do: unzip word/document.xml.
#
# Usage: scripts/bench-docx.sh DIR [RUNS]
#
# Times the CPU (user+system) of RUNS repetitions (default 10) of:
#   1. one `nianbao extract --in-process` over DIR/*.docx: the whole
#      pipeline (unzip, parse, locate, check, JSON to /dev/null);
#   2. a loop of `unzip -p FILE word/document.xml` over the same files;
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
	local n=$1 bin=$2
	shift 2
	for _ in $(seq "$n"); do
		"$bin" extract --in-process --quiet -o /dev/null "$@"
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

ours=$(cpu bash -c 'nianbao_runs "$@"' _ "$runs" "$tmp/nianbao" "${files[@]}")
theirs=$(cpu bash -c 'unzip_runs "$@"' _ "$runs" "${files[@]}")

printf 'files                          %d\n' "${#files[@]}"
printf 'runs                           %d\n' "$runs"
printf 'nianbao extract (CPU s)        %s\n' "$ours"
printf 'unzip -p loop (CPU s)          %s\n' "$theirs"
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "ratio nianbao / unzip          %.2f\n", a / b }'
