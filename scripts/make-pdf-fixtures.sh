#!/bin/sh
# make-pdf-fixtures.sh — make the PDF test fixtures from the .docx fixtures.
#
# Converts testdata/docx/*.docx to testdata/pdf/*.pdf with LibreOffice,
# normalises the PDFs so that a re-run gives the same bytes (fixed dates,
# content-derived /ID), and derives two broken inputs from them:
# testdata/invalid/truncated.pdf (the first half of a fixture PDF) and
# testdata/invalid/encrypted.pdf (a fixture PDF encrypted with a user
# password, when qpdf is installed; otherwise the committed file is kept),
# and rewrites one fixture with other PDF producers (testdata/pdf-variants).
#
# Run from anywhere, after regenerating the .docx fixtures:
#
#   go run ./internal/fixturegen/cmd/genfixtures -out testdata
#   scripts/make-pdf-fixtures.sh
#
# Needs LibreOffice (soffice) with CJK fonts (e.g. fonts-noto-cjk). The
# outputs are committed: tests and CI do not need LibreOffice.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

soffice=${SOFFICE:-soffice}
if ! command -v "$soffice" >/dev/null 2>&1; then
	echo "make-pdf-fixtures: $soffice (LibreOffice) not found; set SOFFICE or install it" >&2
	exit 1
fi
set -- testdata/docx/*.docx
if [ ! -e "$1" ]; then
	echo "make-pdf-fixtures: no testdata/docx/*.docx; run the generator first" >&2
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# A private, throw-away LibreOffice profile: the conversion does not depend
# on (or change) the user's settings, and does not clash with a running
# LibreOffice.
"$soffice" -env:UserInstallation="file://$work/profile" --headless --norestore \
	--convert-to pdf:writer_pdf_Export --outdir "$work/pdf" "$@" >"$work/log" 2>&1 || {
	cat "$work/log" >&2
	exit 1
}

mkdir -p testdata/pdf
rm -f testdata/pdf/*.pdf
for docx in "$@"; do
	name=$(basename "$docx" .docx)
	if [ ! -s "$work/pdf/$name.pdf" ]; then
		echo "make-pdf-fixtures: LibreOffice made no PDF for $docx" >&2
		cat "$work/log" >&2
		exit 1
	fi
	cp "$work/pdf/$name.pdf" "testdata/pdf/$name.pdf"
done
go run ./internal/fixturegen/cmd/genfixtures -normalize-pdf testdata/pdf/*.pdf

# Broken inputs made from a fixture PDF.
base=testdata/pdf/citygov-2021-heading1.pdf
size=$(wc -c <"$base")
head -c $((size / 2)) "$base" >testdata/invalid/truncated.pdf
if command -v qpdf >/dev/null 2>&1; then
	# AES-128 (R4): its key derives from the passwords and the file ID, so
	# with qpdf's --static-id and --static-aes-iv (switches for reproducible
	# test output) a re-run gives the same bytes; AES-256 draws a random key.
	qpdf --static-id --static-aes-iv --encrypt nianbao-user nianbao-owner 128 --use-aes=y -- \
		"$base" testdata/invalid/encrypted.pdf
else
	echo "make-pdf-fixtures: qpdf not found; keeping testdata/invalid/encrypted.pdf" >&2
fi

# The same report written by other PDF producers, read against the same
# truth (testdata/pdf-variants/NAME.KIND.pdf): qpdf with object streams and
# a cross-reference stream, qpdf's /Rotate 90, watermarks and 40-bit RC4, Ghostscript's
# pdfwrite, poppler's cairo
# backend. A tool that is missing keeps the committed file. (Ghostscript
# and cairo stamp dates and IDs, so their bytes change from run to run.)
base=testdata/pdf/citygov-2023-results.pdf
name=$(basename "$base" .pdf)
mkdir -p testdata/pdf-variants
if command -v qpdf >/dev/null 2>&1; then
	qpdf --static-id --object-streams=generate "$base" "testdata/pdf-variants/$name.objstm.pdf"
	# Every page shown turned by /Rotate 90 (text reads sideways on screen).
	qpdf --static-id --rotate=+90 "$base" "testdata/pdf-variants/$name.rot90.pdf"
	# Watermarks laid over every page: a diagonal line, and a light one
	# across the tables.
	go run ./internal/fixturegen/cmd/genfixtures -watermark-pdf "$work/watermark.pdf"
	qpdf --static-id "$base" --overlay "$work/watermark.pdf" --repeat=1 -- "testdata/pdf-variants/$name.watermark.pdf"
	# 40-bit RC4 with an empty user password (opens without one).
	qpdf --static-id --allow-weak-crypto --encrypt "" owner 40 -- "$base" "testdata/pdf-variants/$name.rc40.pdf"
fi
if command -v gs >/dev/null 2>&1; then
	gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -o "testdata/pdf-variants/$name.gs.pdf" "$base"
fi
if command -v pdftocairo >/dev/null 2>&1; then
	pdftocairo -pdf "$base" "testdata/pdf-variants/$name.cairo.pdf"
fi

for f in testdata/pdf/*.pdf; do
	printf '%s\t%s pages\n' "$f" "$(pdfinfo "$f" 2>/dev/null | sed -n 's/^Pages: *//p')"
done
