using SoHoa.Pdf.Syntax;

namespace SoHoa.Signing.Verification;

/// <summary>
/// The level layer, last: which PAdES baseline level (ETSI EN 319 142-1) each signature reaches, from what the earlier
/// layers found. B-B needs a valid CAdES signature that names its signing certificate; B-T, a signature timestamp from
/// a trusted TSA that was not revoked before it; B-LT, the validation data in a DSS written after the signature; B-LTA,
/// a valid document timestamp over that DSS. A valid document timestamp is reported as <c>document-timestamp</c>.
/// </summary>
internal static class PadesLevelValidator
{
    public const string BaselineB = "B-B";
    public const string BaselineT = "B-T";
    public const string BaselineLt = "B-LT";
    public const string BaselineLta = "B-LTA";
    public const string DocumentTimestamp = "document-timestamp";

    /// <summary>
    /// The level a signature reaches on its own: none unless its CMS is a valid CAdES signature with its signer's
    /// certificate; then B-T when <paramref name="provenTime"/> (a trusted, unrevoked signature timestamp) is known, else B-B.
    /// </summary>
    public static string? SignatureLevel(string? subFilter, CmsResult cms, DateTimeOffset? provenTime) =>
        subFilter != CmsSignatureValidator.Cades || !cms.Intact || cms.Certificate is null ? null
            : provenTime is null ? BaselineB
            : BaselineT;

    /// <summary>
    /// Raises B-T signatures to B-LT when the validation data for them is in a DSS written after the signature (a later
    /// revision that adds or redefines the DSS), and to B-LTA when a valid document timestamp in that revision or a
    /// later one covers the DSS.
    /// </summary>
    public static List<SignatureReport> AssignLongTermLevels(PdfFileReader reader, List<SignatureReport> reports) =>
        reports.Select(report =>
        {
            if (report.Level != BaselineT || !report.RevocationFromDss || report.Revision is not { } signed || DssWrittenAfter(reader, signed) is not { } dss)
            {
                return report;
            }

            bool archived = reports.Any(t => t.Level == DocumentTimestamp && t.IsValid && t.Revision >= dss);
            return report with { Level = archived ? BaselineLta : BaselineLt };
        }).ToList();

    /// <summary>The first revision after <paramref name="signed"/> that adds or redefines the DSS; null when none does.</summary>
    private static int? DssWrittenAfter(PdfFileReader reader, int signed)
    {
        for (int r = signed + 1; r < reader.Revisions.Count; r++)
        {
            try
            {
                PdfObject? now = reader.GetCatalog(r)["DSS"];
                PdfObject? before = reader.GetCatalog(r - 1)["DSS"];
                bool written = now is not null && (before is null
                    || (now is PdfReference reference ? reader.Revisions[r].DefinedObjectNumbers.Contains(reference.ObjectNumber) : !ReferenceEquals(now, before)));
                if (written)
                {
                    return r;
                }
            }
            catch (PdfSyntaxException)
            {
                // An unreadable catalog: no DSS there.
            }
        }

        return null;
    }
}
