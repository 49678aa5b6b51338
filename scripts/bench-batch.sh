#!/usr/bin/env bash
# bench-batch.sh — measure nianbao's batch import on many files.
#
# Usage: scripts/bench-batch.sh [--distinct] CORPUS_DIR [N] [WORK_DIR]
#
# CORPUS_DIR holds .docx and .pdf reports. The script copies them under
# distinct names, N files in all (default 10000). By default the copies are
# byte-identical, as when the same report is filed in several places: the
# run reads each distinct content once, and every copy must still get its
# row in the files table, pointing to the one documents row of its content.
# With --distinct each copy is made distinct in content by a few trailing
# bytes (after %%EOF for a PDF, after the end of the zip directory for a
# .docx; both readers ignore them), so every file is read and has its own
# documents row: this measures reading. Then it runs:
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

distinct=0
if [ "${1:-}" = --distinct ]; then
	distinct=1
	shift
fi
corpus=${1:?usage: $0 [--distinct] CORPUS_DIR [N] [WORK_DIR]}
n=${2:-10000}
work=${3:-${TMPDIR:-/tmp}/nianbao-bench}
root=$(cd "$(dirname "$0")/.." && pwd)

mkdir -p "$work"
echo "building into $work"
(cd "$root" && go build -o "$work/nianbao" ./cmd/nianbao)
(cd "$root" && go test -c -o "$work/nianbao-faults" ./internal/cli)

mapfile -t sources < <(find "$corpus" -maxdepth 1 -type f \( -name '*.docx' -o -name '*.pdf' \) | sort)
[ ${#sources[@]} -gt 0 ] || { echo "no .docx or .pdf in $corpus" >&2; exit 1; }

if [ "$distinct" = 1 ]; then
	files=$work/files-distinct
else
	files=$work/files-identical
fi
if [ "$(find "$files" -type f 2>/dev/null | wc -l)" -ne "$n" ]; then
	echo "copying $n files from ${#sources[@]} sources ($([ "$distinct" = 1 ] && echo 'distinct content' || echo 'byte-identical copies'))"
	rm -rf "$files"
	for ((i = 0; i < n; i++)); do
		src=${sources[i % ${#sources[@]}]}
		ext=${src##*.}
		dir=$files/$((i / 1000))
		[ -d "$dir" ] || mkdir -p "$dir"
		dst=$dir/copy$(printf %05d "$i").$ext
		cp "$src" "$dst"
		[ "$distinct" = 1 ] || continue
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
	grep -E 'files in|unreadable|skipped' "$work/$name.err" | head -4 | sed 's/^/  /' || true
}

rm -f "$work"/*.db "$work"/*.db-*
timed j1 "$work/nianbao" extract -q -j 1 --sqlite "$work/j1.db" "$files"
start=$(date +%s)
timed j2 "$work/nianbao" extract -j 2 --sqlite "$work/j2.db" "$files"
j2secs=$(($(date +%s) - start + 1))
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

# Kill at a random point of a run as long as the clean -j 2 one, then resume.
"$work/nianbao" extract -q -j 2 --sqlite "$work/killed.db" "$files" &
pid=$!
sleep "$(awk -v s="$j2secs" -v r="$RANDOM" 'BEGIN {printf "%.1f", s * (40 + r % 50) / 100}')"
kill -KILL "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
echo "killed run: $(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select count(*) from documents').fetchone()[0], 'documents,', c.execute('select count(*) from files').fetchone()[0], 'files')" "$work/killed.db" 2>/dev/null || echo '?') before the kill"
timed resume "$work/nianbao" extract -j 2 --resume --sqlite "$work/killed.db" "$files"

command -v python3 >/dev/null || { echo "python3 missing: databases not compared"; exit 0; }
python3 - "$work" "$n" <<'EOF'
import sqlite3, sys
work, n = sys.argv[1], int(sys.argv[2])
SKIPPED = ("duplicate", "done")  # not read in this run, for one reason or the other

def dump(db, where="1"):
    c = sqlite3.connect(db)
    out = {}
    for t in ["documents", "sections", "cells", "findings"]:
        cols = [r[1] for r in c.execute(f"pragma table_info({t})") if r[1] != "extracted_at"]
        q = f"select {','.join(cols)} from {t} where sha256 in (select sha256 from documents where {where})"
        out[t] = sorted(map(repr, c.execute(q)))
    # files: a copy skipped as a duplicate in one run may be done in a
    # resumed one; both mean "not read again".
    q = f"select path, sha256, bytes, case when status in {SKIPPED} then 'skipped' else status end from files where sha256 in (select sha256 from documents where {where})"
    out["files"] = sorted(map(repr, c.execute(q)))
    return out

def files_check(db, expect):
    c = sqlite3.connect(db)
    files = c.execute("select count(*), count(distinct path) from files").fetchone()
    dangling = c.execute("select count(*) from files f left join documents d using (sha256) where d.sha256 is null").fetchone()[0]
    docs = c.execute("select count(*) from documents").fetchone()[0]
    unpointed = c.execute("select count(*) from documents d where not exists (select 1 from files f where f.sha256 = d.sha256)").fetchone()[0]
    status = dict(c.execute("select status, count(*) from files group by 1").fetchall())
    ok = files[0] == expect and dangling == 0 and unpointed == 0
    print(f"  {db.rsplit('/', 1)[1]}: {files[0]} files rows ({files[1]} paths) for {expect} files, {docs} documents rows; "
          f"files rows without a document: {dangling}; documents without a file: {unpointed}; by status {status} -> {'OK' if ok else 'WRONG'}")

print("every file has exactly one files row, pointing to exactly one documents row:")
for name in ["j1", "j2", "j2-inprocess", "killed"]:
    files_check(f"{work}/{name}.db", n)
files_check(f"{work}/faults.db", n + 2 * (n // 100))
clean = dump(f"{work}/j2.db")
for name in ["j1", "j2-inprocess"]:
    print(f"{name} equals j2 (all five tables):", dump(f"{work}/{name}.db") == clean)
print("resumed after kill equals clean run:", dump(f"{work}/killed.db") == clean)
f = sqlite3.connect(f"{work}/faults.db")
causes = f.execute("select unreadable_cause, count(*) from documents where path like '%/faults/%' group by 1").fetchall()
print("faults: bad files by cause:", causes)
print("faults: every other file equals the clean run:", dump(f"{work}/faults.db", "path not like '%/faults/%'") == clean)
EOF
