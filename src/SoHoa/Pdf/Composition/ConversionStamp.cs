using System.Globalization;
using System.Text;

namespace SoHoa.Pdf.Composition;

/// <summary>
/// The visible mark of Decree 137/2024 art. 4 on the first page: a small boxed stamp saying that the copy was
/// converted from paper, by which agency (and officer), and when. It sits in a band added below the scan, so it
/// never hides anything written on the paper.
/// </summary>
internal static class ConversionStamp
{
    /// <summary>The first line of the mark.</summary>
    public const string Heading = "Bản điện tử được chuyển đổi từ bản giấy";

    private const double FontSize = 8;
    private const double MinimumFontSize = 4;
    private const double LineSpacing = 1.25;
    private const double Padding = 4;
    private const double Margin = 6;

    /// <summary>The lines of the mark, in Vietnamese.</summary>
    public static IReadOnlyList<string> Lines(PaperConversionMark mark)
    {
        ArgumentNullException.ThrowIfNull(mark);
        var lines = new List<string> { Heading, "Cơ quan chuyển đổi: " + OneLine(mark.Agency) };
        if (!string.IsNullOrWhiteSpace(mark.Officer))
        {
            lines.Add("Người chuyển đổi: " + OneLine(mark.Officer));
        }

        TimeSpan offset = mark.ConvertedAt.Offset;
        string zone = offset == TimeSpan.Zero ? "UTC" : string.Create(CultureInfo.InvariantCulture, $"UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration():hh\\:mm}");
        lines.Add("Thời gian chuyển đổi: " + mark.ConvertedAt.ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " (" + zone + ")");
        return lines;
    }

    /// <summary>The height of the band the stamp needs below the scan, in points.</summary>
    public static double BandHeight(int lineCount) => (2 * Margin) + (2 * Padding) + (lineCount * FontSize * LineSpacing);

    /// <summary>
    /// Appends the drawing of the stamp (box and text, in dark blue, text render mode 0) at the bottom left of a page
    /// <paramref name="pageWidth"/> wide; the font is shrunk when a long agency name would not fit the page.
    /// </summary>
    public static void Append(StringBuilder ops, IReadOnlyList<string> lines, SubsetFont font, string fontResource, double pageWidth)
    {
        double widest = lines.Max(font.Width);
        double size = Math.Clamp((pageWidth - (2 * Margin) - (2 * Padding)) / widest, MinimumFontSize, FontSize);
        double leading = FontSize * LineSpacing;
        double boxWidth = (widest * size) + (2 * Padding);
        double boxHeight = (lines.Count * leading) + (2 * Padding);
        ops.Append("q\n0 0 0.5 RG 0 0 0.5 rg 0.75 w\n");
        ops.Append(CultureInfo.InvariantCulture, $"{PdfText.Number(Margin)} {PdfText.Number(Margin)} {PdfText.Number(boxWidth)} {PdfText.Number(boxHeight)} re S\n");
        ops.Append(CultureInfo.InvariantCulture, $"BT\n0 Tr 100 Tz /{fontResource} {PdfText.Number(size)} Tf\n");
        double baseline = Margin + boxHeight - Padding - (font.Ascent * size);
        ops.Append(CultureInfo.InvariantCulture, $"{PdfText.Number(Margin + Padding)} {PdfText.Number(baseline)} Td ");
        for (int i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                ops.Append(CultureInfo.InvariantCulture, $"0 {PdfText.Number(-leading)} Td ");
            }

            PdfText.AppendTwoByteCodes(ops, font.Codes(lines[i]));
            ops.Append("Tj\n");
        }

        ops.Append("ET\nQ\n");
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
