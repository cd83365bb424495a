using System.Globalization;
using System.Text;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>Builds small PDF files by hand for the syntax-layer tests.</summary>
internal static class TestPdfBuilder
{
    /// <summary>Builds a classic-xref PDF whose object i+1 has body <paramref name="bodies"/>[i]; returns bytes and the xref offset.</summary>
    public static byte[] Build(IReadOnlyList<string> bodies, string trailerExtra = "/Root 1 0 R", bool trailingEol = true, string header = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n")
    {
        var sb = new StringBuilder(header);
        var offsets = new List<int>();
        for (var i = 0; i < bodies.Count; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(sb.ToString()));
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{bodies[i]}\nendobj\n");
        }

        var xref = Encoding.Latin1.GetByteCount(sb.ToString());
        sb.Append(CultureInfo.InvariantCulture, $"xref\n0 {bodies.Count + 1}\n0000000000 65535 f\r\n");
        foreach (var o in offsets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n\r\n");
        }

        var trailer = trailerExtra.Replace("{XREF}", xref.ToString("D10", CultureInfo.InvariantCulture), StringComparison.Ordinal);
        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {bodies.Count + 1} {trailer} >>\nstartxref\n{xref}\n%%EOF");
        if (trailingEol)
        {
            sb.Append('\n');
        }

        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    /// <summary>Formats a stream object body with a correct /Length.</summary>
    public static string Stream(string content, string extraDict = "") =>
        string.Create(CultureInfo.InvariantCulture, $"<< /Length {Encoding.Latin1.GetByteCount(content)} {extraDict}>>\nstream\n{content}\nendstream");

    /// <summary>Builds a valid document with <paramref name="pageCount"/> pages, each showing "Page N" in Helvetica.</summary>
    public static byte[] BuildDocument(int pageCount, bool trailingEol = true)
    {
        // 1 catalog, 2 pages, 3 font, 4 info, then (page, content) pairs.
        var bodies = new List<string> { "<< /Type /Catalog /Pages 2 0 R >>" };
        var kids = string.Join(' ', Enumerable.Range(0, pageCount).Select(i => $"{5 + (2 * i)} 0 R"));
        bodies.Add($"<< /Type /Pages /Kids [{kids}] /Count {pageCount} >>");
        bodies.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        bodies.Add("<< /Producer (SoHoa syntax tests) /Title (Test \\(doc\\)) >>");
        for (var i = 0; i < pageCount; i++)
        {
            bodies.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {6 + (2 * i)} 0 R >>");
            bodies.Add(Stream($"BT /F1 24 Tf 72 700 Td (Page {i + 1}) Tj ET"));
        }

        return Build(bodies, "/Root 1 0 R /Info 4 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]", trailingEol);
    }
}
