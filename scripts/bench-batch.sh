#!/usr/bin/env bash
# bench-batch.sh — measure nianbao's batch import on many files.
#
# Usage: scripts/bench-batch.sh CORPUS_DIR [N] [WORK_DIR]
#
# CORPUS_DIR holds .docx and .pdf reports. The script copies them under
# distinct names, N files in all (default 10000), each copy made distinct in
# content by a few trailing bytes (after %%EOF for a PDF, after the end of
# the zip directory for a .docx; both readers ignore them), so that every
# file has its own content hash and its own documents row. Then it runs:
#
#   1. a clean run into SQLite at -j 1 and at -j 2 (worker processes), under
#      /usr/bin/time -v: throughput and peak resident memory;
#   2. the same at -j 2 with --in-process: what isolation costs per file;
#   3. a run with 1 % hanging and 1 % crashing files added (a test build of
#      nianbao, the only one that can inject faults), --timeout 2s: every
#      other file must equal the clean run, each bad one carry its cause;
#   4. a run killed (SIGKILL) at a random point, then --resume: the database
#      must equal the clean run's.
#
# Checks of the databases need python3 (its sqlite3 module); without it the
# script only times the runs. Needs: go, /usr/bin/time. Not run by CI.
set -euo pipefail

corpus=${1:?usage: $0 CORPUS_DIR [N] [WORK_DIR]}
n=${2:-10000}
work=${3:-${TMPDIR:-/tmp}/nianbao-bench}
root=$(cd "$(dirname "$0")/.." && pwd)

mkdir -p "$work"
echo "building into $work"
(cd "$root" && go build -o "$work/nianbao" ./cmd/nianbao)
(cd "$root" && go test -c -o "$work/nianbao-faults" ./internal/cli)

mapfile -t sources < <(find "$corpus" -maxdepth 1 -type f \( -name '*.docx' -o -name '*.pdf' \) | sort)
[ ${#sources[@]} -gt 0 ] || { echo "no .docx or .pdf in $corpus" >&2; exit 1; }

files=$work/files
if [ "$(find "$files" -type f 2>/dev/null | wc -l)" -ne "$n" ]; then
	echo "copying $n files from ${#sources[@]} sources"
	rm -rf "$files"
	for ((i = 0; i < n; i++)); do
		src=${sources[i % ${#sources[@]}]}
		ext=${src##*.}
		dir=$files/$((i / 1000))
		[ -d "$dir" ] || mkdir -p "$dir"
		dst=$dir/copy$(printf %05d "$i").$ext
		cp "$src" "$dst"
		if [ "$ext" = pdf ]; then
			printf '%%nianbao-bench-copy-%d\n' "$i" >>"$dst"
		else
			printf 'nianbao-bench-copy-%d' "$i" >>"$dst"
		fi
	done
fi

# timed NAME ARGS…: run nianbao under /usr/bin/time -v, print the figures.
timed() {
	local name=$1
	shift
	/usr/bin/time -v -o "$work/$name.time" "$@" 2>"$work/$name.err" || true
	local wall rss cpu
	wall=$(grep 'Elapsed (wall clock)' "$work/$name.time" | awk '{print $NF}')
	rss=$(grep 'Maximum resident set size' "$work/$name.time" | awk '{print $NF}')
	cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$work/$name.time")
	echo "$name: wall $wall, CPU (user+sys, all processes) ${cpu}s, peak RSS $((rss / 1024)) MiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
	grep -E 'files in|unreadable' "$work/$name.err" | head -3 | sed 's/^/  /' || true
}

rm -f "$work"/*.db "$work"/*.db-*
timed j1 "$work/nianbao" extract -q -j 1 --sqlite "$work/j1.db" "$files"
timed j2 "$work/nianbao" extract -j 2 --sqlite "$work/j2.db" "$files"
timed j2-inprocess "$work/nianbao" extract -j 2 --in-process --sqlite "$work/j2-inprocess.db" "$files"

# Faults: 1 % hanging and 1 % crashing files next to the copies.
faults=$work/faults
rm -rf "$faults"
mkdir -p "$faults"
for ((i = 0; i < n / 100; i++)); do
	printf '%%PDF-1.7\n%% NIANBAO-TEST hang %d\n' "$i" >"$faults/hang$(printf %05d "$i").pdf"
	printf '%%PDF-1.7\n%% NIANBAO-TEST crash %d\n' "$i" >"$faults/crash$(printf %05d "$i").pdf"
done
NIANBAO_TEST_MAIN=1 timed faults "$work/nianbao-faults" extract -j 2 --timeout 2s --sqlite "$work/faults.db" "$files" "$faults"

# Kill at a random point, then resume.
"$work/nianbao" extract -q -j 2 --sqlite "$work/killed.db" "$files" &
pid=$!
sleep $((20 + RANDOM % 60))
kill -KILL "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
echo "killed run: $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from documents').fetchone()[0])" "$work/killed.db" 2>/dev/null || echo '?') documents before the kill"
timed resume "$work/nianbao" extract -j 2 --resume --sqlite "$work/killed.db" "$files"

command -v python3 >/dev/null || { echo "python3 missing: databases not compared"; exit 0; }
python3 - "$work" "$n" <<'EOF'
import sqlite3, sys
work, n = sys.argv[1], int(sys.argv[2])

def dump(db, where="1"):
    c = sqlite3.connect(db)
    out = {}
    for t in ["documents", "sections", "cells", "findings"]:
        cols = [r[1] for r in c.execute(f"pragma table_info({t})") if r[1] != "extracted_at"]
        q = f"select {','.join(cols)} from {t} where sha256 in (select sha256 from documents where {where})"
        out[t] = sorted(map(repr, c.execute(q)))
    return out

clean = dump(f"{work}/j2.db")
docs = len(clean["documents"])
paths = sqlite3.connect(f"{work}/j2.db").execute("select count(distinct path) from documents").fetchone()[0]
print(f"clean run: {docs} documents rows for {n} files ({paths} distinct paths)")
for name in ["j1", "j2-inprocess"]:
    print(f"{name} equals j2:", dump(f"{work}/{name}.db") == clean)
print("resumed after kill equals clean run:", dump(f"{work}/killed.db") == clean)
f = sqlite3.connect(f"{work}/faults.db")
causes = f.execute("select unreadable_cause, count(*) from documents where path like '%/faults/%' group by 1").fetchall()
print("faults: bad files by cause:", causes)
print("faults: every other file equals the clean run:", dump(f"{work}/faults.db", "path not like '%/faults/%'") == clean)
EOF
