using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SoHoa.Batches;
using SoHoa.Identifiers;

namespace SoHoa.Extraction;

/// <summary>
/// A field on which the paper disagrees with the manifest: both values, and where on the paper. The document is stored
/// all the same; a person decides which is right. Personal IDs are masked (<see cref="PersonalId.Mask"/>) on both sides.
/// </summary>
/// <param name="Field">What disagrees: <c>applicant.personalId</c>, <c>applicant.fullName</c>, <c>applicant.dateOfBirth</c>, <c>document.documentNumber</c> or <c>document.issuedOn</c>.</param>
/// <param name="Manifest">The manifest's value.</param>
/// <param name="Paper">The value read from the paper.</param>
/// <param name="Page">The page (from 1) the paper's value was read on.</param>
/// <param name="Confidence">The confidence of the paper's value: a low one suggests a misreading rather than a wrong paper.</param>
/// <param name="Note">What kind of difference, where it helps: <c>diacritics only</c> for names that differ in their marks alone.</param>
public sealed record FieldReview(string Field, string Manifest, string Paper, int Page, double Confidence, string? Note = null);

/// <summary>
/// Checks the fields read from a paper against what the manifest says: the applicant's personal ID, name and date of
/// birth (on kinds that name one person, taken to be the applicant: birth certificate, dossier receipt, business
/// registration), and the document's number and issue date. Only fields found on the paper are checked; a field the
/// paper does not show is not a disagreement.
/// </summary>
public static partial class ManifestCrossCheck
{
    /// <summary>The disagreements between <paramref name="fields"/> and <paramref name="job"/>'s manifest entry; empty when they agree.</summary>
    public static IReadOnlyList<FieldReview> Check(DocumentJob job, DocumentFields fields)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(fields);
        var reviews = new List<FieldReview>();
        if (KindProfile.For(job.Document.Kind).NamesTheApplicant)
        {
            if (fields.PersonalId is { } id && !string.Equals(id.Value, job.PersonalId.Value, StringComparison.Ordinal))
            {
                reviews.Add(Review("applicant.personalId", PersonalId.Mask(job.PersonalId.Value), PersonalId.Mask(id.Value), id));
            }

            if (fields.FullName is { } name && job.ApplicantName is { } applicant && !string.Equals(NameKey(name.Value), NameKey(applicant), StringComparison.Ordinal))
            {
                bool marksOnly = string.Equals(TextSegment.Fold(NameKey(name.Value)), TextSegment.Fold(NameKey(applicant)), StringComparison.Ordinal);
                reviews.Add(Review("applicant.fullName", applicant.Normalize(NormalizationForm.FormC), name.Value, name) with { Note = marksOnly ? "diacritics only" : null });
            }

            if (fields.DateOfBirth is { } born && job.ApplicantDateOfBirth is { } expected && !string.Equals(born.Value, Iso(expected), StringComparison.Ordinal))
            {
                reviews.Add(Review("applicant.dateOfBirth", Iso(expected), born.Value, born));
            }
        }

        if (fields.DocumentNumber is { } number && job.Document.DocumentNumber is { } manifestNumber && !SameNumber(number.Value, manifestNumber))
        {
            reviews.Add(Review("document.documentNumber", manifestNumber.Normalize(NormalizationForm.FormC), number.Value, number));
        }

        if (fields.IssuedOn is { } issued && job.Document.IssuedOn is { } manifestIssued && !string.Equals(issued.Value, Iso(manifestIssued), StringComparison.Ordinal))
        {
            reviews.Add(Review("document.issuedOn", Iso(manifestIssued), issued.Value, issued));
        }

        return reviews;
    }

    /// <summary>A name for comparison: NFC, lower case, single spaces.</summary>
    internal static string NameKey(string name) =>
        Spaces().Replace(name.Normalize(NormalizationForm.FormC).Trim(), " ").ToLower(CultureInfo.InvariantCulture);

    /// <summary>
    /// Two document numbers agree when they are equal (ignoring spaces and case), or when both have the usual shape and
    /// every part that both carry is equal: a birth certificate prints "Số: 123" and its book's year apart, which the
    /// manifest writes "123/2020".
    /// </summary>
    internal static bool SameNumber(string paper, string manifest)
    {
        string a = Spaces().Replace(paper.Normalize(NormalizationForm.FormC), string.Empty).ToUpperInvariant();
        string b = Spaces().Replace(manifest.Normalize(NormalizationForm.FormC), string.Empty).ToUpperInvariant();
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return true;
        }

        if (Rules.DocumentNumberRule.Parse(a) is not { } x || Rules.DocumentNumberRule.Parse(b) is not { } y)
        {
            return false;
        }

        static bool Agree(string? p, string? q) => p is null || q is null || string.Equals(p, q, StringComparison.Ordinal);
        return string.Equals(x.Number.TrimStart('0'), y.Number.TrimStart('0'), StringComparison.Ordinal)
            && Agree(x.Year, y.Year) && Agree(x.TypeCode, y.TypeCode) && Agree(x.IssuerCode, y.IssuerCode);
    }

    private static FieldReview Review(string field, string manifest, string paper, ExtractedField found) =>
        new(field, manifest, paper, found.Page, found.Confidence);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Spaces();
}
