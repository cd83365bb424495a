using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Verification;

namespace SoHoa.Pipeline;

/// <summary>
/// A PDF that arrived already signed (DESIGN.md §6), such as a result issued by another agency's system: it is stored
/// byte for byte (SoHoa's signatures, when added, follow it as incremental updates), and this is what verifying it as
/// received found. Its text comes from OCR of a copy of its page images, recorded in the sidecar only.
/// </summary>
/// <param name="File">The file, relative to the batch.</param>
/// <param name="Sha256">The SHA-256 of the file as received: the stored PDF starts with exactly these bytes.</param>
/// <param name="Length">The file's length: the stored PDF's first <paramref name="Length"/> bytes are the file.</param>
/// <param name="Valid">True when every signature is valid and trusted and nothing disallowed changed after it; false flags the document for a person.</param>
/// <param name="Problems">Problems with the file as a whole (content appended outside a revision, for example).</param>
/// <param name="Signatures">Each signature as received, in the order they were made.</param>
/// <param name="SoHoaSigned">True when SoHoa's signatures were appended after the received bytes.</param>
/// <param name="Note">Why SoHoa's signatures were not appended, when they were not.</param>
public sealed record SignedInput(
    string File,
    string Sha256,
    long Length,
    bool Valid,
    IReadOnlyList<VerificationProblem> Problems,
    IReadOnlyList<SignatureOutcome> Signatures,
    bool SoHoaSigned,
    string? Note)
{
    /// <summary>Where the document's text comes from: OCR of a copy of the page images; the PDF itself is never given a text layer.</summary>
    public string TextSource => "ocr-of-page-images";
}

/// <summary>One signature as the verifier judged it; the same fields as <c>sohoa verify --json</c> prints.</summary>
/// <param name="FieldName">The signature field's name.</param>
/// <param name="SubFilter">The signature format, such as <c>adbe.pkcs7.detached</c>.</param>
/// <param name="Signer">The signer certificate's subject.</param>
/// <param name="SignerCertificateSha256">The SHA-256 of the signer certificate.</param>
/// <param name="SigningTime">The claimed signing time.</param>
/// <param name="Revision">The revision (from 0) the signature covers.</param>
/// <param name="CoversWholeDocument">True when it covers the whole file as verified.</param>
/// <param name="IntegrityValid">True when the byte range and digest check out.</param>
/// <param name="CertificateTrusted">True when the signer chains to a configured trust anchor.</param>
/// <param name="Level">The PAdES level reached.</param>
/// <param name="TimestampTime">The time of its trusted timestamp.</param>
/// <param name="Revocation">What revocation checking found.</param>
/// <param name="Valid">The verdict.</param>
/// <param name="ChangesAfter">Every change made after it.</param>
/// <param name="Problems">Why it is not valid, or warnings.</param>
public sealed record SignatureOutcome(
    string FieldName,
    string? SubFilter,
    string? Signer,
    string? SignerCertificateSha256,
    DateTimeOffset? SigningTime,
    int? Revision,
    bool CoversWholeDocument,
    bool IntegrityValid,
    bool CertificateTrusted,
    string? Level,
    DateTimeOffset? TimestampTime,
    string? Revocation,
    bool Valid,
    IReadOnlyList<LaterChange> ChangesAfter,
    IReadOnlyList<VerificationProblem> Problems)
{
    /// <summary>The outcome of <paramref name="report"/>.</summary>
    public static SignatureOutcome From(SignatureReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(
            report.FieldName, report.SubFilter, report.Signer, report.SignerCertificateSha256, report.SigningTime, report.Revision, report.CoversWholeDocument,
            report.IntegrityValid, report.CertificateTrusted, report.Level, report.TimestampTime, report.Revocation, report.IsValid, report.ChangesAfter, report.Problems);
    }
}

/// <summary>Tells whether a PDF input arrived signed, verifying it as received.</summary>
internal static class SignedPdfInputs
{
    /// <summary>What inspecting one PDF found.</summary>
    /// <param name="Report">The verification of its signatures; null when it has none.</param>
    /// <param name="DocMdpPermission">The DocMDP permission a certification signature gives (1: no change at all), or null.</param>
    /// <param name="Unreadable">Why its signature fields cannot be read, when they cannot.</param>
    public sealed record Inspection(VerificationReport? Report, int? DocMdpPermission, string? Unreadable);

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
            return NotSigned;
        }

        VerificationReport report = await verifier.VerifyAsync(pdf, cancellationToken).ConfigureAwait(false);
        if (report.Signatures.Count > 0)
        {
            int? permission;
            try
            {
                permission = PdfSignatureVerifier.DocMdpPermissions(reader)?.Permission;
            }
            catch (PdfSyntaxException ex)
            {
                return new Inspection(null, null, "its certification (/Perms) cannot be read: " + ex.Message);
            }

            return new Inspection(report, permission, null);
        }

        // The verifier could open the file but not walk its signature fields: whether it is signed cannot be told, so it is not rewritten.
        return report.Problems.FirstOrDefault(p => p.Code == "pdf.unreadable") is { } unreadable ? new Inspection(null, null, unreadable.Message) : NotSigned;
    }
}
