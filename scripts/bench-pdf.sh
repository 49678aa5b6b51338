#!/usr/bin/env bash
# bench-pdf.sh — compare the CPU time of nianbao on PDFs with poppler's
# pdftotext -bbox-layout (text with word boxes: the cheapest comparable
# work a PDF text tool does).
#
# Usage: scripts/bench-pdf.sh DIR [RUNS]
#
# Times, best of RUNS (default 3):
#   1. `nianbao extract --in-process` over DIR/*.pdf in one process: the whole
#      pipeline (read, layout, locate, check), JSON to /dev/null;
#   2. a loop of `pdftotext -bbox-layout` over the same files;
# and prints the CPU-time (user+system) ratio. Then it reports the reader's
# time per page on the longest PDF in DIR (the PDF reader and layout only,
# through the development tool extract/pdf/internal/pdfdump).
#
# Needs: go, pdftotext and pdfinfo (poppler-utils), /usr/bin/time. Not run by CI.
set -euo pipefail

dir=${1:?usage: $0 DIR [RUNS]}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

shopt -s nullglob
files=("$dir"/*.pdf)
if [ ${#files[@]} -eq 0 ]; then
	echo "bench-pdf: no PDFs in $dir" >&2
	exit 1
fi
for tool in pdftotext pdfinfo; do
	command -v "$tool" >/dev/null || { echo "bench-pdf: $tool not found (poppler-utils)" >&2; exit 1; }
done

(cd "$root" && go build -o "$tmp/nianbao" ./cmd/nianbao && go build -o "$tmp/pdfdump" ./extract/pdf/internal/pdfdump)

# cpu CMD... — prints the user+system CPU seconds of CMD.
cpu() {
	/usr/bin/time -f "%U %S" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
	awk '{printf "%.3f\n", $1 + $2}' "$tmp/t"
}

best() { sort -g | head -1; }

pdftotext_loop() {
	for f in "$@"; do
		pdftotext -bbox-layout "$f" /dev/null
	done
}
export -f pdftotext_loop

ours=$(for _ in $(seq "$runs"); do cpu "$tmp/nianbao" extract --in-process --quiet -o /dev/null "${files[@]}"; done | best)
theirs=$(for _ in $(seq "$runs"); do cpu bash -c 'pdftotext_loop "$@"' _ "${files[@]}"; done | best)
pages=0
longest="" longestPages=0
for f in "${files[@]}"; do
	n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
	n=${n:-0}
	pages=$((pages + n))
	if [ "$n" -gt "$longestPages" ]; then longest=$f longestPages=$n; fi
done

echo "files: ${#files[@]}, pages: $pages (best of $runs runs, CPU = user + system)"
printf "nianbao extract --in-process:  %6.3f s\n" "$ours"
printf "pdftotext -bbox-layout loop:   %6.3f s\n" "$theirs"
awk -v a="$ours" -v b="$theirs" 'BEGIN { if (b > 0) printf "ratio nianbao / pdftotext:     %6.2f\n", a / b }'

if [ -n "$longest" ]; then
	one=$(for _ in $(seq "$runs"); do cpu "$tmp/pdfdump" -q "$longest"; done | best)
	pone=$(for _ in $(seq "$runs"); do cpu pdftotext -bbox-layout "$longest" /dev/null; done | best)
	awk -v t="$one" -v p="$pone" -v n="$longestPages" -v f="$longest" 'BEGIN {
		printf "longest: %s, %d pages: reader %.2f ms/page, pdftotext -bbox-layout %.2f ms/page\n", f, n, 1000 * t / n, 1000 * p / n }'
fi
