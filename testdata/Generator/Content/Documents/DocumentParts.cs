using System.Globalization;
using SoHoa.TestData.Generator.Layout;

namespace SoHoa.TestData.Generator.Content.Documents;

/// <summary>The parts every Vietnamese administrative document shares (Decree 30/2020 layout).</summary>
internal static class DocumentParts
{
    public const string Country = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    public const string Motto = "Độc lập - Tự do - Hạnh phúc";

    private const int SignatureRows = 4;

    /// <summary>The national motto centred over the page, as on civil status certificates.</summary>
    public static IEnumerable<Block> CentredMotto() =>
    [
        new Paragraph(Country, TextStyle.Motto, TextAlign.Center),
        new Paragraph(Motto, TextStyle.Subtitle, TextAlign.Center),
    ];

    /// <summary>Agency name and number on the left; national motto and dateline on the right.</summary>
    public static ColumnPair OfficialHeader(IEnumerable<string> agencyLines, string? numberLine, string place, DateOnly date)
    {
        var lines = agencyLines.ToList();
        var left = lines.Select((line, i) => new Paragraph(line, i == 0 && lines.Count > 1 ? TextStyle.HeaderRegular : TextStyle.Header, TextAlign.Center)).ToList();
        if (numberLine is not null)
        {
            left.Add(new Paragraph(numberLine, TextStyle.Body, TextAlign.Center, SpaceBeforeMm: 3));
        }

        return new ColumnPair(left,
        [
            new Paragraph(Country, TextStyle.Header, TextAlign.Center),
            new Paragraph(Motto, TextStyle.Subtitle, TextAlign.Center),
            new Paragraph(Dateline(place, date), TextStyle.BodyItalic, TextAlign.Center, SpaceBeforeMm: 3),
        ]);
    }

    /// <summary>Dates in the ground truth JSON: ISO 8601.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Dateline(string place, DateOnly date) => $"{place}, {VietnameseWords.LongDate(date)}";

    public static Paragraph Title(string text, double spaceBeforeMm = 8) => new(text, TextStyle.Title, TextAlign.Center, SpaceBeforeMm: spaceBeforeMm);

    public static Paragraph Line(string text, double spaceBeforeMm = 0) => new(text, TextStyle.Body, SpaceBeforeMm: spaceBeforeMm);

    public static Paragraph Indented(string text, TextStyle? style = null) => new(text, style ?? TextStyle.Body, FirstLineIndentMm: 10);

    /// <summary>A signature area: title lines, a note in italics, room to sign, then the name.</summary>
    public static IReadOnlyList<Paragraph> Signature(IEnumerable<string> titleLines, string? note, string name)
    {
        var column = titleLines.Select(line => new Paragraph(line, TextStyle.Header, TextAlign.Center)).ToList();
        if (note is not null)
        {
            column.Add(new Paragraph(note, TextStyle.SmallItalic, TextAlign.Center));
        }

        // Empty rows leave room to sign and stamp, and keep the rows of a neighbouring column aligned.
        column.AddRange(Enumerable.Repeat(new Paragraph(string.Empty, TextStyle.Body), SignatureRows));
        column.Add(new Paragraph(name, TextStyle.BodyBold, TextAlign.Center));
        return column;
    }
}
