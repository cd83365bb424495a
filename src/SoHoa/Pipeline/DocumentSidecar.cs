using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoHoa.Pipeline;

/// <summary>The sidecar JSON stored beside each PDF (schema <c>sohoa.document/v1</c>): identifiers, pipeline versions, hashes, and per page the text, words, boxes and confidences.</summary>
internal sealed record DocumentSidecar(
    string Schema,
    string DocumentId,
    string BatchId,
    string AgencyCode,
    string AgencyName,
    string DossierCode,
    string ProcedureCode,
    string Kind,
    string Role,
    string? DocumentNumber,
    DateOnly? IssuedOn,
    DateOnly? ValidUntil,
    DateTimeOffset DigitizedAt,
    string PdfSha256,
    SidecarPipeline Pipeline,
    IReadOnlyList<SidecarPage> Pages)
{
    public const string SchemaV1 = "sohoa.document/v1";

    /// <summary>For a PDF that arrived signed: its verification as received; null for a document digitized from page images.</summary>
    public SignedInput? SignedInput { get; init; }

    /// <summary>
    /// For a document reused in this dossier: the id of the earlier stored document whose PDF it is (its pages and text
    /// are in that document's sidecar); null for a document digitized here.
    /// </summary>
    public string? ReusedFrom { get; init; }

    /// <summary>When the reused document was verified and linked into this dossier.</summary>
    public DateTimeOffset? ReusedAt { get; init; }

    /// <summary>
    /// The key fields read from the paper (issue 12), each with its value, confidence, page, word boxes and rule; a field
    /// not found is absent. Null for a reused document (its fields are in the sidecar of the document it links to).
    /// </summary>
    public Extraction.DocumentFields? Fields { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>The versions of what made the document.</summary>
internal sealed record SidecarPipeline(string SoHoa, string Ocr);

/// <summary>One page of the sidecar.</summary>
internal sealed record SidecarPage(
    int Number,
    string SourceFile,
    int SourcePage,
    string SourceSha256,
    int Width,
    int Height,
    int Dpi,
    bool DpiEstimated,
    SidecarCleanup Cleanup,
    bool Blank,
    bool InPdf,
    double MeanConfidence,
    bool LowConfidence,
    string Text,
    IReadOnlyList<SidecarWord> Words)
{
    /// <summary>Where the page's text came from: <c>ocr</c>, <c>text-layer</c> (a born-digital page), or <c>none</c> (a page with neither text nor image).</summary>
    public string TextSource { get; init; } = "ocr";

    /// <summary>A page cleaned and OCR'd (or found blank), numbered <paramref name="number"/> in the document.</summary>
    internal static SidecarPage FromRead(ReadPage page, int number, bool inPdf) =>
        new(
            number,
            page.Page.Source.File,
            page.Page.Source.PageInFile,
            page.Page.Source.Sha256,
            page.Page.Width,
            page.Page.Height,
            page.Page.Dpi,
            page.Page.DpiEstimated,
            new SidecarCleanup(page.Page.Cleanup.RotationDegrees, Math.Round(page.Page.Cleanup.SkewDegrees, 2), page.Page.Cleanup.OcrDpi),
            page.Page.IsBlank,
            inPdf,
            page.Text?.MeanConfidence ?? 0,
            page.Text?.IsLowConfidence ?? false,
            page.Text?.Text ?? string.Empty,
            page.Text is null ? [] : page.Text.Lines.SelectMany((line, n) => line.Words.Select(w => new SidecarWord(w.Text, [w.Box.Left, w.Box.Top, w.Box.Right, w.Box.Bottom], w.Confidence, n))).ToArray());

    /// <summary>A page of a kept PDF whose text comes from its text layer: sizes and boxes in points (72 DPI), certain text.</summary>
    public static SidecarPage FromTextLayer(Pdf.Extraction.PdfTextLayer.Page page, string file, string sha256)
    {
        var words = new List<SidecarWord>(page.Words.Count);
        int line = 0;
        Pdf.Extraction.PdfTextLayer.Word? previous = null;
        foreach (Pdf.Extraction.PdfTextLayer.Word word in page.Words)
        {
            line += previous is not null && Pdf.Extraction.PdfTextLayer.StartsLine(previous, word) ? 1 : 0;
            words.Add(new SidecarWord(word.Text, [(int)Math.Floor(word.Left), (int)Math.Floor(word.Top), (int)Math.Ceiling(word.Right), (int)Math.Ceiling(word.Bottom)], 100, line));
            previous = word;
        }

        return new SidecarPage(page.Number, file, page.Number, sha256, (int)Math.Round(page.Width), (int)Math.Round(page.Height), 72, false,
            new SidecarCleanup(0, 0, 0), !page.HasText, true, page.HasText ? 100 : 0, false, page.Text, words)
        {
            TextSource = page.HasText ? "text-layer" : "none",
        };
    }
}

/// <summary>What page cleanup did: the clockwise quarter turn that made the page upright (applied to the PDF image too), the skew removed for OCR, and the resolution OCR read.</summary>
internal sealed record SidecarCleanup(int Rotation, double Skew, int OcrDpi);

/// <summary>A word with its box (left, top, right, bottom in pixels) and confidence.</summary>
internal sealed record SidecarWord(string Text, int[] Box, double Confidence, int Line);
