using System.Text;
using SoHoa.Pdf.Syntax;

using SoHoa.Tests.Pdf.Syntax;

using SoHoa.IntegrationTests.Support;

namespace SoHoa.IntegrationTests.Pdf.Syntax;

/// <summary>Malformed variants of qpdf-produced files give <see cref="PdfSyntaxException"/> only.</summary>
[TestClass]
public sealed class PdfMalformedQpdfInputTests
{
    private static byte[] Latin1(string s) => Encoding.Latin1.GetBytes(s);

    /// <summary>A corrupted object stream gives PdfSyntaxException when its objects are resolved.</summary>
    [TestMethod]
    public void GetObject_BrokenObjectStream_ThrowsPdfSyntaxException()
    {
        var bytes = QpdfVariants.ObjectStreams(TestPdfBuilder.BuildDocument(2));
        var reader = PdfFileReader.Open(bytes);
        var compressed = Enumerable.Range(1, reader.MaxObjectNumber).First(n => reader.GetXrefEntry(n, null, out _) is { Type: PdfXrefEntryType.Compressed });
        var stmNumber = reader.GetXrefEntry(compressed, null, out _)!.Value.ObjectStreamNumber;
        var stm = (PdfStream)reader.GetObject(stmNumber);

        var corrupt = (byte[])bytes.Clone();
        for (var i = 2; i < Math.Min(stm.DataLength, 40); i++)
        {
            corrupt[stm.DataOffset + i] ^= 0x5A;
        }

        var broken = PdfFileReader.Open(corrupt);
        Assert.ThrowsException<PdfSyntaxException>(() => broken.GetObject(compressed));
        Assert.ThrowsException<PdfSyntaxException>(() => broken.GetPageReferences());

        // Header claiming more objects than present.
        var text = Encoding.Latin1.GetString(bytes);
        var nAt = text.IndexOf("/N ", (int)reader.GetIndirectObject(stmNumber)!.StartOffset, StringComparison.Ordinal);
        var badN = text[..nAt] + "/N 9" + text[(nAt + 4)..];
        Assert.ThrowsException<PdfSyntaxException>(() => PdfFileReader.Open(Latin1(badN)).GetObject(compressed));
    }

    /// <summary>Random truncations and byte mutations of qpdf-produced xref-stream files (and an update of one) only ever raise PdfSyntaxException.</summary>
    [TestMethod]
    public void Open_FuzzedFiles_OnlyPdfSyntaxException()
    {
        var classic = TestPdfBuilder.BuildDocument(3);
        var xrefStream = QpdfVariants.ObjectStreams(classic);
        var writer = new PdfIncrementalWriter(PdfFileReader.Open(xrefStream));
        writer.Add(new PdfDictionary().Set("Extra", PdfString.FromText("x")));
        var updated = writer.Write().Bytes;
        PdfSyntaxProbes.AssertFuzzedCopiesOnlyRaiseSyntaxErrors(xrefStream, updated);
    }
}
