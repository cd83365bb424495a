using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Verification;

namespace SoHoa.Pipeline;

/// <summary>
/// A PDF that arrived already signed (docs/architecture.md), such as a result issued by another agency's system: it is stored
/// byte for byte (SoHoa's signatures, when added, follow it as incremental updates), and this is what verifying it as
/// received found. Its text comes from OCR of a copy of its page images, recorded in the sidecar only.
/// </summary>
/// <param name="File">The file, relative to the batch.</param>
/// <param name="Sha256">The SHA-256 of the file as received: the stored PDF starts with exactly these bytes.</param>
/// <param name="Length">The file's length: the stored PDF's first <paramref name="Length"/> bytes are the file.</param>
/// <param name="Valid">True when every signature is valid and trusted and nothing disallowed changed after it; false flags the document for a person.</param>
/// <param name="Problems">Problems with the file as a whole (content appended outside a revision, for example).</param>
/// <param name="Signatures">Each signature as received, in the order they were made, as the verifier reports it.</param>
/// <param name="SoHoaSigned">True when SoHoa's signatures were appended after the received bytes.</param>
/// <param name="Note">Why SoHoa's signatures were not appended, when they were not.</param>
public sealed record SignedInput(
    string File,
    string Sha256,
    long Length,
    bool Valid,
    IReadOnlyList<VerificationProblem> Problems,
    IReadOnlyList<SignatureReport> Signatures,
    bool SoHoaSigned,
    string? Note)
{
    /// <summary>
    /// Where the document's text comes from: <c>ocr-of-page-images</c> (OCR of a copy of the page images),
    /// <c>text-layer</c> (the PDF's own text), or <c>text-layer-and-ocr</c>; the PDF itself is never given a text layer.
    /// </summary>
    public string TextSource { get; init; } = "ocr-of-page-images";
}

/// <summary>Tells whether a PDF input arrived signed, verifying it as received.</summary>
internal static class SignedPdfInputs
{
    /// <summary>What inspecting one PDF found.</summary>
    /// <param name="Report">The verification of its signatures; null when it has none.</param>
    /// <param name="DocMdpPermission">The DocMDP permission a certification signature gives (1: no change at all), or null.</param>
    /// <param name="Unreadable">Why its signature fields cannot be read, when they cannot.</param>
    public sealed record Inspection(VerificationReport? Report, int? DocMdpPermission, string? Unreadable)
    {
        /// <summary>True when the file is encrypted: it is then neither read nor kept (the page reader refuses it).</summary>
        public bool Encrypted { get; init; }
    }

    private static readonly Inspection NotSigned = new(null, null, null);

    /// <summary>
    /// Inspects <paramref name="pdf"/>. A file that cannot be parsed at all, or is encrypted, counts as not signed here:
    /// the page reader refuses it with its own rule (<c>pdf.corrupt</c>, <c>pdf.encrypted</c>), so it is never rewritten either.
    /// </summary>
    public static async Task<Inspection> InspectAsync(PdfSignatureVerifier verifier, byte[] pdf, CancellationToken cancellationToken)
    {
        PdfFileReader reader;
        try
        {
            reader = PdfFileReader.Open(pdf);
        }
        catch (PdfSyntaxException)
        {
            return NotSigned;
        }

        if (reader.IsEncrypted)
        {
            return NotSigned with { Encrypted = true };
        }

        VerificationReport report = await verifier.VerifyAsync(pdf, cancellationToken).ConfigureAwait(false);
        if (report.Signatures.Count > 0)
        {
            return new Inspection(report, report.Signatures.Select(s => s.DocMdpPermission).FirstOrDefault(p => p is not null), null);
        }

        // The verifier could open the file but not walk its signature fields: whether it is signed cannot be told, so it is not rewritten.
        return report.Problems.FirstOrDefault(p => p.Code == "pdf.unreadable") is { } unreadable ? new Inspection(null, null, unreadable.Message) : NotSigned;
    }
}
