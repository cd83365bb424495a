using System.Diagnostics;
using SoHoa.Imaging;
using static SoHoa.Ocr.Tesseract.TesseractNative;

namespace SoHoa.Ocr.Tesseract;

/// <summary>One loaded Tesseract engine. Not thread-safe: the pool hands it to one thread at a time and reuses it across pages.</summary>
internal sealed class TesseractEngine : IDisposable
{
    private readonly SafeTessApiHandle _api;
    private readonly OcrOptions _options;

    /// <summary>Loads the models named in <paramref name="options"/>.</summary>
    public TesseractEngine(OcrOptions options)
    {
        _options = options;
        _api = TessBaseAPICreate();
        if (_api.IsInvalid || TessBaseAPIInit3(_api, options.ResolveDataPath(), options.Languages) != 0)
        {
            _api.Dispose();
            throw new SoHoaException(
                SoHoaErrorCode.NativeComponent,
                $"Tesseract could not load the '{options.Languages}' model from {options.ResolveDataPath() ?? "its default folder"}; install it with: apt-get install tesseract-ocr-vie");
        }

        // Do not let Tesseract write debug files.
        _ = TessBaseAPISetVariable(_api, "debug_file", "/dev/null");

        // Every row is proportional text. Tesseract otherwise tests each row for fixed pitch (typewriter character
        // cells), a search over candidate pitches: about 3.5% of its instructions on a page (callgrind), and with the LSTM
        // engine its answer changed no word on the 104 benchmark pages compared (benchmarks/README.md).
        if (!TessBaseAPISetVariable(_api, "textord_all_prop", "1"))
        {
            _api.Dispose();
            throw new SoHoaException(SoHoaErrorCode.NativeComponent, "This Tesseract does not know the textord_all_prop setting; SoHoa needs Tesseract 4 or 5 (apt-get install libtesseract5).");
        }

        TessBaseAPISetPageSegMode(_api, options.PageSegmentationMode);
    }

    /// <summary>The Tesseract version string.</summary>
    public static string Version => TakeVersion();

    /// <summary>Recognizes one page.</summary>
    public OcrPage Recognize(CleanPage page)
    {
        TessBaseAPISetImage2(_api, page.OcrImage);
        TessBaseAPISetSourceResolution(_api, page.Cleanup.OcrDpi);
        IntPtr monitor = TessMonitorCreate();
        try
        {
            // Tesseract checks the deadline between words, and gives up on the page once it has passed.
            int deadline = (int)Math.Ceiling(_options.PageDeadline.TotalMilliseconds);
            long started = Stopwatch.GetTimestamp();
            if (monitor != IntPtr.Zero)
            {
                TessMonitorSetDeadlineMSecs(monitor, deadline);
            }

            if (TessBaseAPIRecognize(_api, monitor) != 0)
            {
                if (monitor != IntPtr.Zero && Stopwatch.GetElapsedTime(started) >= _options.PageDeadline)
                {
                    throw new InvalidPageException("ocr.deadline",
                        $"Recognizing page {page.Source.PageInFile} of '{page.Source.File}' took longer than the limit of {_options.PageDeadline.TotalSeconds:0.###} s (OcrOptions.PageDeadline); the page was given up.");
                }

                throw new SoHoaException(SoHoaErrorCode.Ocr, $"Tesseract could not recognize page {page.Source.PageInFile} of '{page.Source.File}'.");
            }

            List<OcrLine> lines = ReadLines(page);
            double mean = lines.Count == 0 ? 0 : TessBaseAPIMeanTextConf(_api);
            return new OcrPage(page.Width, page.Height, lines, mean, lines.Count > 0 && mean < _options.LowConfidenceThreshold);
        }
        finally
        {
            TessBaseAPIClear(_api);
            if (monitor != IntPtr.Zero)
            {
                TessMonitorDelete(monitor);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _api.Dispose();

    private List<OcrLine> ReadLines(CleanPage cleanPage)
    {
        var lines = new List<OcrLine>();
        using SafeTessResultIteratorHandle iterator = TessBaseAPIGetIterator(_api);
        if (iterator.IsInvalid)
        {
            return lines;
        }

        IntPtr page = TessResultIteratorGetPageIteratorConst(iterator);
        var words = new List<OcrWord>();
        PixelBox lineBox = default;
        int block = -1;
        int lineBlock = 0;
        do
        {
            if (TessPageIteratorIsAtBeginningOf(page, Level.Block))
            {
                block++;
            }

            if (TessPageIteratorIsAtBeginningOf(page, Level.TextLine))
            {
                Flush();
                lineBlock = Math.Max(block, 0);
                lineBox = TessPageIteratorBoundingBox(page, Level.TextLine, out int l, out int t, out int r, out int b) ? ToVisible(cleanPage, l, t, r, b) : default;
            }

            string? text = TakeText(TessResultIteratorGetUTF8Text(iterator, Level.Word));
            if (string.IsNullOrWhiteSpace(text) || !TessPageIteratorBoundingBox(page, Level.Word, out int left, out int top, out int right, out int bottom))
            {
                continue;
            }

            words.Add(new OcrWord(OcrText.Normalize(text), ToVisible(cleanPage, left, top, right, bottom), Math.Round(TessResultIteratorConfidence(iterator, Level.Word), 2)));
        }
        while (TessResultIteratorNext(iterator, Level.Word));

        Flush();
        return lines;

        void Flush()
        {
            if (words.Count > 0)
            {
                lines.Add(new OcrLine(lineBlock, lineBox, words.ToArray()));
                words.Clear();
            }
        }
    }

    /// <summary>Boxes are reported on the visible image, which is what the PDF shows and the sidecar describes.</summary>
    private static PixelBox ToVisible(CleanPage page, int left, int top, int right, int bottom)
    {
        (int l, int t, int r, int b) = page.MapOcrToVisible(left, top, right, bottom);
        return new PixelBox(l, t, r, b);
    }

    private static string TakeVersion() => System.Runtime.InteropServices.Marshal.PtrToStringUTF8(TessVersion()) ?? "unknown";
}
