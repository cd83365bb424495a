using System.Text.Json.Serialization;
using SoHoa.Ocr;

namespace SoHoa.Extraction;

/// <summary>
/// One value read from a paper, with its evidence: where it is (page and word boxes, so a viewer can highlight it),
/// how sure the reading is, and which rule found it.
/// </summary>
/// <param name="Value">The value, Unicode NFC: a date as <c>yyyy-MM-dd</c>, a name with each syllable capitalized, an identifier as printed (after a validated OCR correction).</param>
/// <param name="Confidence">0 to 1: the lowest OCR confidence of the words it came from, times the strength of the rule (<see cref="FieldExtractor.HighConfidence"/> is the threshold for "high").</param>
/// <param name="Page">The page (from 1) the value was read on.</param>
/// <param name="Boxes">The boxes of the words it came from, in the page's OCR pixel coordinates (as the sidecar's word boxes).</param>
/// <param name="Rule">The rule that found it, such as <c>personalId.label</c> or <c>dateOfBirth.digits+words</c>.</param>
public sealed record ExtractedField(
    string Value,
    double Confidence,
    int Page,
    [property: JsonIgnore] IReadOnlyList<PixelBox> Boxes,
    string Rule)
{
    /// <summary>The boxes as <c>[left, top, right, bottom]</c>, the form the sidecar gives word boxes in.</summary>
    [JsonPropertyName("boxes")]
    public IEnumerable<int[]> BoxArrays => Boxes.Select(b => new[] { b.Left, b.Top, b.Right, b.Bottom });

    /// <summary>For a document number: its parts (<c>number</c>, <c>year</c>, <c>typeCode</c>, <c>issuerCode</c>) where the number has that shape.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DocumentNumberParts? Parts { get; init; }
}

/// <summary>The parts of a document number such as <c>123/2020/QĐ-UBND</c>: number 123, year 2020, type code QĐ, issuer code UBND.</summary>
/// <param name="Number">The number.</param>
/// <param name="Year">The year, when the number carries one.</param>
/// <param name="TypeCode">The abbreviation of the document type (QĐ, TTr, NĐ-CP's NĐ), when present.</param>
/// <param name="IssuerCode">The abbreviation of the issuing body (UBND, CP), when present.</param>
public sealed record DocumentNumberParts(
    string Number,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Year,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TypeCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IssuerCode);

/// <summary>
/// The key fields read from one document. A field that was not found is null (absent from JSON), never guessed.
/// </summary>
public sealed record DocumentFields
{
    /// <summary>The subject's personal ID (12 digits, valid by <see cref="Identifiers.PersonalId"/>'s rules).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExtractedField? PersonalId { get; init; }

    /// <summary>The subject's full name.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExtractedField? FullName { get; init; }

    /// <summary>The subject's date of birth (<c>yyyy-MM-dd</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExtractedField? DateOfBirth { get; init; }

    /// <summary>The paper's number, with its <see cref="ExtractedField.Parts"/> when it has the usual shape.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExtractedField? DocumentNumber { get; init; }

    /// <summary>The place of issue, from the dateline (<c>Hậu Giang, ngày 23 tháng 12 năm 2020</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExtractedField? IssuePlace { get; init; }

    /// <summary>The date of issue (<c>yyyy-MM-dd</c>): the dateline, or for a birth certificate the registration date.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExtractedField? IssuedOn { get; init; }

    /// <summary>A dossier code (mã hồ sơ) printed on the paper, valid by <see cref="Identifiers.DossierCode"/>'s rules.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExtractedField? DossierCode { get; init; }

    /// <summary>No field was found.</summary>
    public static DocumentFields None { get; } = new();

    /// <summary>Every field found, by its JSON name.</summary>
    public IEnumerable<(string Name, ExtractedField Field)> Found()
    {
        (string, ExtractedField?)[] all =
        [
            ("personalId", PersonalId), ("fullName", FullName), ("dateOfBirth", DateOfBirth), ("documentNumber", DocumentNumber),
            ("issuePlace", IssuePlace), ("issuedOn", IssuedOn), ("dossierCode", DossierCode),
        ];
        return all.Where(f => f.Item2 is not null).Select(f => (f.Item1, f.Item2!));
    }
}
