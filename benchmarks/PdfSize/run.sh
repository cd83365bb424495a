#!/usr/bin/env bash
# Output size per page: SoHoa's PDF/A-2b (before signing) against OCRmyPDF's, same pages: its PDF/A-2
# (--output-type pdfa-2, through Ghostscript) and its plain PDF (--output-type pdf, no Ghostscript: images as given).
# Needs: dotnet, tesseract-ocr-vie, liblept5, fonts-dejavu-core, ocrmypdf, imagemagick (for the bilevel variant).
# Usage: benchmarks/PdfSize/run.sh [pages per variant, default 4] [work dir, default a temp dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
pages="${1:-4}"
work="${2:-$(mktemp -d)}"
variants="clean,dpi200,jpeg35,noise,shadow"

dotnet run --project "$root/testdata/Generator" -c Release -- corpus --pages "$pages" --out "$work/corpus" --variants "$variants" >/dev/null
dotnet build "$root/benchmarks/PdfSize" -c Release -o "$work/tool" >/dev/null

# A bilevel variant, as a black-and-white scanner delivers it: the clean pages thresholded to 1-bit PNG.
mkdir -p "$work/corpus/bilevel"
for file in "$work/corpus/clean"/*.png; do
  convert "$file" -threshold 60% -type bilevel "$work/corpus/bilevel/$(basename "$file")"
done
variants="$variants,bilevel"

printf '| variant | input | pages | input bytes/page | SoHoa bytes/page | OCRmyPDF pdfa-2 bytes/page | SoHoa ÷ OCRmyPDF pdfa-2 | OCRmyPDF pdf bytes/page | SoHoa ÷ OCRmyPDF pdf |\n'
printf '|---|---|---:|---:|---:|---:|---:|---:|---:|\n'
IFS=',' read -ra list <<< "$variants"
for variant in "${list[@]}"; do
  mkdir -p "$work/sohoa/$variant" "$work/ocrmypdf/$variant" "$work/ocrmypdf-pdf/$variant"
  files=("$work/corpus/$variant"/*)
  dotnet "$work/tool/SoHoa.PdfSize.dll" "$work/sohoa/$variant" "${files[@]}" >/dev/null
  input=0; ours=0; theirs=0; plain=0; n=0
  for file in "${files[@]}"; do
    stem="$(basename "${file%.*}")"
    # --image-dpi only matters for inputs without a resolution; the generator writes it.
    ocrmypdf -q -l vie --output-type pdfa-2 --image-dpi 300 "$file" "$work/ocrmypdf/$variant/$stem.pdf"
    ocrmypdf -q -l vie --output-type pdf --image-dpi 300 "$file" "$work/ocrmypdf-pdf/$variant/$stem.pdf"
    input=$((input + $(stat -c %s "$file")))
    ours=$((ours + $(stat -c %s "$work/sohoa/$variant/$stem.pdf")))
    theirs=$((theirs + $(stat -c %s "$work/ocrmypdf/$variant/$stem.pdf")))
    plain=$((plain + $(stat -c %s "$work/ocrmypdf-pdf/$variant/$stem.pdf")))
    n=$((n + 1))
  done
  ext="${files[0]##*.}"
  awk -v v="$variant" -v e="$ext" -v n="$n" -v i="$input" -v o="$ours" -v t="$theirs" -v p="$plain" \
    'BEGIN { printf "| %s | %s | %d | %d | %d | %d | %.2f | %d | %.2f |\n", v, e, n, i / n, o / n, t / n, o / t, p / n, o / p }'
done
echo "(work files in $work)" >&2
