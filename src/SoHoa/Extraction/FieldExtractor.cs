using SoHoa.Extraction.Rules;
using SoHoa.Identifiers;
using SoHoa.Ocr;

namespace SoHoa.Extraction;

/// <summary>
/// Reads the key fields of a digitized paper from its OCR words: personal ID, full name, date of birth, document
/// number, place and date of issue, dossier code. Each field keeps its evidence (page, word boxes), a confidence and
/// the rule that found it. A field no rule finds is absent: nothing is guessed, and nothing is "fixed" beyond the OCR
/// look-alike corrections that make an identifier valid. Stateless and thread-safe.
/// </summary>
public static class FieldExtractor
{
    /// <summary>
    /// A field with at least this confidence counts as "high confidence". Calibrated on the generator's corpus
    /// (benchmarks/README.md): no wrong value there reached it.
    /// </summary>
    public const double HighConfidence = 0.9;

    /// <summary>A date of birth and a personal ID that disagree on the birth year: at least one is misread, so both are trusted half as much.</summary>
    private const double Contradiction = 0.5;

    /// <summary>Reads the fields of a document whose pages are <paramref name="pages"/> (null for a blank page), of manifest kind <paramref name="kind"/> (null when unknown).</summary>
    public static DocumentFields Extract(IReadOnlyList<OcrPage?> pages, string? kind)
    {
        ArgumentNullException.ThrowIfNull(pages);
        DocumentText text = DocumentText.Of(pages);
        if (text.Segments.Count == 0)
        {
            return DocumentFields.None;
        }

        KindProfile profile = KindProfile.For(kind);
        (ExtractedField Place, ExtractedField Date)? dateline = profile.HasDateline ? DatelineRule.Find(text) : null;
        ExtractedField? personalId = PersonalIdRule.Find(text, profile.PersonalIdLabels);
        ExtractedField? birth = DateOfBirth(text, profile);
        if (personalId is not null && birth is not null && !PersonalId.TryParse(personalId.Value, DateOnly.Parse(birth.Value, System.Globalization.CultureInfo.InvariantCulture), out _).IsValid)
        {
            personalId = personalId with { Confidence = Math.Round(personalId.Confidence * Contradiction, 3) };
            birth = birth with { Confidence = Math.Round(birth.Confidence * Contradiction, 3) };
        }

        return new DocumentFields
        {
            PersonalId = personalId,
            FullName = NameRule.Find(text, profile.NameLabels, "fullName.label"),
            DateOfBirth = birth,
            DocumentNumber = profile.HasDocumentNumber ? DocumentNumberRule.Find(text) : null,
            IssuePlace = dateline?.Place,
            IssuedOn = dateline?.Date ?? (profile.IssueDateLabels.Length > 0 ? DateRules.AfterLabel(text, profile.IssueDateLabels, "issuedOn") : null),
            DossierCode = profile.HasDossierCode ? DossierCodeRule.Find(text) : null,
        };
    }

    /// <summary>
    /// The date of birth after its label, and on a birth certificate also in words ("ghi bằng chữ: Ngày …"). Two readings
    /// that agree confirm each other; two that disagree leave the one in digits, at half its confidence, for a person to check.
    /// </summary>
    private static ExtractedField? DateOfBirth(DocumentText text, KindProfile profile)
    {
        ExtractedField? digits = DateRules.AfterLabel(text, profile.BirthLabels, "dateOfBirth");
        ExtractedField? words = profile.BirthInWords ? DateRules.AfterLabel(text, ["ghi bang chu"], "dateOfBirth") : null;
        if (words is null)
        {
            return digits;
        }

        if (digits is null)
        {
            return words;
        }

        if (string.Equals(digits.Value, words.Value, StringComparison.Ordinal))
        {
            // Two independent readings of the same date: wrong only if both are misread into the same other date.
            double confidence = 1 - ((1 - digits.Confidence) * (1 - words.Confidence));
            return digits with { Confidence = Math.Round(confidence, 3), Rule = "dateOfBirth.label+words" };
        }

        return digits with { Confidence = Math.Round(Math.Min(digits.Confidence, words.Confidence) * Contradiction, 3), Rule = "dateOfBirth.label(words-disagree)" };
    }
}
