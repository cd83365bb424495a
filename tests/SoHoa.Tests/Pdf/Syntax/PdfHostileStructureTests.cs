using System.Globalization;
using System.IO.Compression;
using System.Text;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>
/// Crafted files that used to cost the reader far more than their size (memory, or work that grows with the square of
/// the file) end with a <see cref="PdfSyntaxException"/>, or are read correctly with bounded buffers.
/// </summary>
[TestClass]
public sealed class PdfHostileStructureTests
{
    [TestMethod]
    public void DecodeStream_DeflateBombPastTheBudget_StopsInflatingNearTheBudget()
    {
        byte[] bomb = Deflate(new byte[32 * 1024 * 1024]);
        byte[] pdf = TestPdfBuilder.Build(["<< /Type /Catalog >>", $"<< /Length {bomb.Length} /Filter /FlateDecode >>\nstream\n{Encoding.Latin1.GetString(bomb)}\nendstream"]);
        var reader = PdfFileReader.Open(pdf, decodeBudget: 1024 * 1024);
        var stream = (PdfStream)reader.GetObject(2);

        var error = Assert.ThrowsExactly<PdfSyntaxException>(() => reader.DecodeStream(stream));

        StringAssert.Contains(error.Message, "decode budget");
        Assert.IsTrue(reader.DecodeBudgetLeft > -256 * 1024, $"inflated {-reader.DecodeBudgetLeft:N0} bytes past the budget before stopping");
    }

    [TestMethod]
    public void DecodeStream_SecondFilterFails_FirstStageStaysCharged()
    {
        // 300,000 zero bytes are no zlib data: the second /FlateDecode fails, after the first inflated them.
        byte[] once = Deflate(new byte[300_000]);
        byte[] pdf = TestPdfBuilder.Build(["<< /Type /Catalog >>", $"<< /Length {once.Length} /Filter [/FlateDecode /FlateDecode] >>\nstream\n{Encoding.Latin1.GetString(once)}\nendstream"]);
        var reader = PdfFileReader.Open(pdf);
        var stream = (PdfStream)reader.GetObject(2);
        long before = reader.DecodeBudgetLeft;

        Assert.ThrowsExactly<PdfSyntaxException>(() => reader.DecodeStream(stream));

        Assert.IsTrue(before - reader.DecodeBudgetLeft >= 300_000, "a failed decode is charged for what it inflated");
    }

    [TestMethod]
    public void DecodeStream_PredictorRowsFarLongerThanTheData_DecodesLikeShortRows()
    {
        // 16,000,000 columns of 32 16-bit colours declare rows of a gigabyte; the data holds one short row.
        byte[] rows = Deflate([0, 1, 2, 3, 4, 5]);
        string latin = Encoding.Latin1.GetString(rows);
        byte[] pdf = TestPdfBuilder.Build(
        [
            "<< /Type /Catalog >>",
            $"<< /Length {rows.Length} /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 16000000 /Colors 32 /BitsPerComponent 16 >> >>\nstream\n{latin}\nendstream",
            $"<< /Length {rows.Length} /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 5 >> >>\nstream\n{latin}\nendstream",
        ]);
        var reader = PdfFileReader.Open(pdf);

        byte[] wide = reader.DecodeStream((PdfStream)reader.GetObject(2));

        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 5 }, wide);
        CollectionAssert.AreEqual(reader.DecodeStream((PdfStream)reader.GetObject(3)), wide);
    }

    [TestMethod]
    public void GetObject_ObjectStreamWhoseNIsInsideItself_ThrowsInsteadOfLooping()
    {
        // Object stream 3 takes its /N from object 5 and its /Length from object 6, both compressed in object stream 3.
        var file = new RawPdf()
            .Object(1, "<< /Type /Catalog /Pages 2 0 R >>")
            .Object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
        file.InUse(3, file.Position)
            .Write("3 0 obj\n<< /Type /ObjStm /N 5 0 R /First 12 /Length 6 0 R >>\nstream\n4 0 5 5 6 7 <<>> 3 9\nendstream\nendobj\n")
            .Compressed(4, 3, 0).Compressed(5, 3, 1).Compressed(6, 3, 2);
        var reader = PdfFileReader.Open(file.Finish(file.XrefStream(7, "/Size 8 /Root 1 0 R")));

        var error = Assert.ThrowsExactly<PdfSyntaxException>(() => reader.GetObject(4));

        StringAssert.Contains(error.Message, "cycle");
    }

    [TestMethod]
    public void GetObject_ObjectStreamsThatExtendEachOther_ReadWithoutFollowingExtends()
    {
        byte[] first = Encoding.ASCII.GetBytes("4 0 (four)");
        byte[] second = Encoding.ASCII.GetBytes("6 0 (six)");
        var file = new RawPdf()
            .Object(1, "<< /Type /Catalog /Pages 2 0 R >>")
            .Object(2, "<< /Type /Pages /Kids [] /Count 0 >>")
            .Stream(3, "/Type /ObjStm /N 1 /First 4 /Extends 5 0 R", first)
            .Stream(5, "/Type /ObjStm /N 1 /First 4 /Extends 3 0 R", second)
            .Compressed(4, 3, 0)
            .Compressed(6, 5, 0);
        byte[] bytes = file.Finish(file.XrefStream(7, "/Size 8 /Root 1 0 R"));
        var reader = PdfFileReader.Open(bytes);

        Assert.AreEqual("four", ((PdfString)reader.GetObject(4)).ToText());
        Assert.AreEqual("six", ((PdfString)reader.GetObject(6)).ToText());
    }

    [TestMethod]
    public void GetObject_ObjectStreamPointingEveryNumberAtOneLargeArray_RunsOutOfBudget()
    {
        // 2,000 header pairs all at offset 0, where an array of 50,000 integers sits: each object parses all of it.
        const int count = 2000;
        string header = string.Join(' ', Enumerable.Range(10, count).Select(n => $"{n} 0")) + "\n";
        string array = "[" + string.Join(' ', Enumerable.Repeat("0", 50_000)) + "]";
        var file = new RawPdf()
            .Object(1, "<< /Type /Catalog /Pages 2 0 R >>")
            .Object(2, "<< /Type /Pages /Kids [] /Count 0 >>")
            .Stream(3, $"/Type /ObjStm /N {count} /First {header.Length}", Encoding.ASCII.GetBytes(header + array));
        for (int i = 0; i < count; i++)
        {
            file.Compressed(10 + i, 3, i);
        }

        var reader = PdfFileReader.Open(file.Finish(file.XrefStream(10 + count, $"/Size {11 + count} /Root 1 0 R")), decodeBudget: 64 * 1024 * 1024);
        int read = 0;
        PdfSyntaxException? error = null;
        for (int n = 10; n < 10 + count && error is null; n++)
        {
            try
            {
                Assert.AreEqual(50_000, ((PdfArray)reader.GetObject(n)).Count);
                read++;
            }
            catch (PdfSyntaxException ex)
            {
                error = ex;
            }
        }

        Assert.IsNotNull(error, "every object parsed: 2,000 parses of 50,000 integers");
        StringAssert.Contains(error.Message, "decode budget");
        Assert.IsTrue(read is > 0 and < 100, $"{read} objects parsed before the budget ran out");
    }

    [TestMethod]
    public void Open_CrossReferenceStreamsListingMillionsOfEntries_RunOutOfBudget()
    {
        // Two sections of a million free entries each, from a few kilobytes of Flate data each.
        byte[] rows = Deflate(new byte[1_000_000]);
        var file = new RawPdf().Object(1, "<< /Type /Catalog /Pages 2 0 R >>").Object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
        long first = file.XrefStream(3, "/Size 4 /Root 1 0 R");
        long second = file.Position;
        file.Stream(4, $"/Type /XRef /Size 1000000 /W [1 0 0] /Filter /FlateDecode /Root 1 0 R /Prev {first}", rows);
        long third = file.Position;
        file.Stream(5, $"/Type /XRef /Size 1000000 /W [1 0 0] /Filter /FlateDecode /Root 1 0 R /Prev {second}", rows);

        var error = Assert.ThrowsExactly<PdfSyntaxException>(() => PdfFileReader.Open(file.Finish(third), decodeBudget: 64 * 1024 * 1024));

        StringAssert.Contains(error.Message, "decode budget");
    }

    [TestMethod]
    public void Open_MillionsOfEntriesPointingOutsideTheFile_KeepsAThousandDiagnostics()
    {
        byte[] rows = Deflate(Enumerable.Repeat((byte)1, 200_000).ToArray());
        var file = new RawPdf().Object(1, "<< /Type /Catalog /Pages 2 0 R >>").Object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
        long first = file.XrefStream(3, "/Size 4 /Root 1 0 R");
        long second = file.Position;
        file.Stream(4, $"/Type /XRef /Size 200000 /W [1 0 0] /Filter /FlateDecode /Root 1 0 R /Prev {first}", rows);

        var reader = PdfFileReader.Open(file.Finish(second));

        Assert.AreEqual(1001, reader.Diagnostics.Count);
        StringAssert.Contains(reader.Diagnostics[^1].Message, "More than 1000 problems");
    }

    [TestMethod]
    public void GetObject_HeaderOffsetOverflowingLong_ThrowsPdfSyntaxException()
    {
        var file = new RawPdf()
            .Object(1, "<< /Type /Catalog /Pages 2 0 R >>")
            .Object(2, "<< /Type /Pages /Kids [] /Count 0 >>")
            .Stream(3, "/Type /ObjStm /N 1 /First 24", Encoding.ASCII.GetBytes("4 9223372036854775807\n  (four)"))
            .Compressed(4, 3, 0);
        var reader = PdfFileReader.Open(file.Finish(file.XrefStream(5, "/Size 6 /Root 1 0 R")));

        var error = Assert.ThrowsExactly<PdfSyntaxException>(() => reader.GetObject(4));

        StringAssert.Contains(error.Message, "malformed header pair");
    }

    [TestMethod]
    public void GetObject_ManyStreamsWithWrongLengths_EachEndsAtItsOwnEndstream()
    {
        var bodies = new List<string> { "<< /Type /Catalog >>" };
        bodies.AddRange(Enumerable.Range(0, 50).Select(i => $"<< /Length 999999 >>\nstream\ndata {i}\nendstream"));
        var reader = PdfFileReader.Open(TestPdfBuilder.Build(bodies));

        for (int i = 0; i < 50; i++)
        {
            var stream = (PdfStream)reader.GetObject(i + 2);
            Assert.AreEqual($"data {i}", Encoding.Latin1.GetString(stream.RawData.Span));
        }
    }

    [TestMethod]
    public void GetObject_ManyEntriesPointingAtOneLargeObject_ParseItsHeaderOnly()
    {
        // Objects 3 to 2,002 all point at object 2, an array of 100,000 integers: only the header is read for each.
        string array = "[" + string.Join(' ', Enumerable.Repeat("7", 100_000)) + "]";
        byte[] single = TestPdfBuilder.Build(["<< /Type /Catalog >>", array]);
        string text = Encoding.Latin1.GetString(single);
        int xref = text.LastIndexOf("xref\n", StringComparison.Ordinal);
        long objectTwo = PdfFileReader.Open(single).GetXrefEntry(2, null, out _)!.Value.Offset;
        var table = new StringBuilder(text[..xref]).Append("xref\n0 2003\n0000000000 65535 f\r\n");
        table.Append(CultureInfo.InvariantCulture, $"{text.IndexOf("1 0 obj", StringComparison.Ordinal):D10} 00000 n\r\n");
        for (int n = 2; n <= 2002; n++)
        {
            table.Append(CultureInfo.InvariantCulture, $"{objectTwo:D10} 00000 n\r\n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size 2003 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        var reader = PdfFileReader.Open(Encoding.Latin1.GetBytes(table.ToString()), decodeBudget: 64 * 1024 * 1024);

        Assert.AreEqual(100_000, ((PdfArray)reader.GetObject(2)).Count);
        for (int n = 3; n <= 2002; n++)
        {
            var error = Assert.ThrowsExactly<PdfSyntaxException>(() => reader.GetObject(n));
            StringAssert.Contains(error.Message, "points to object 2");
        }
    }

    [TestMethod]
    public void GetObject_ArraysNestedAHundredThousandDeep_ThrowsPdfSyntaxException()
    {
        byte[] pdf = TestPdfBuilder.Build(["<< /Type /Catalog >>", new string('[', 100_000) + new string(']', 100_000)]);
        var reader = PdfFileReader.Open(pdf);

        var error = Assert.ThrowsExactly<PdfSyntaxException>(() => reader.GetObject(2));

        StringAssert.Contains(error.Message, "nested deeper");
    }

    [TestMethod]
    public void Open_TrailerNumberOfHundredsOfDigits_ThrowsPdfSyntaxException()
    {
        // Found by the mutation tests: the real was infinite, and writing it into the error message threw.
        byte[] pdf = TestPdfBuilder.Build(["<< /Type /Catalog >>"], "/Root 1 0 R /Prev " + new string('7', 400));

        var error = Assert.ThrowsExactly<PdfSyntaxException>(() => PdfFileReader.Open(pdf));

        Assert.IsFalse(HostileInput.IsBug(error), HostileInput.Describe(error));
        StringAssert.Contains(error.Message, "out of range");
    }

    [TestMethod]
    public void Open_XrefStreamIndexCountNearLongMax_ThrowsPdfSyntaxException()
    {
        // Found by the mutation tests: start + count overflowed, passed the check, and the rows were read past the data.
        var file = new RawPdf().Object(1, "<< /Type /Catalog /Pages 2 0 R >>").Object(2, "<< /Type /Pages /Kids [] /Count 0 >>");
        long xref = file.Position;
        file.Stream(3, "/Type /XRef /Size 4 /W [1 1 0] /Index [1 9223372036854775807] /Root 1 0 R", new byte[8]);

        var error = Assert.ThrowsExactly<PdfSyntaxException>(() => PdfFileReader.Open(file.Finish(xref)));

        Assert.IsFalse(HostileInput.IsBug(error), HostileInput.Describe(error));
    }

    [TestMethod]
    public void Open_XrefTableSubsectionStartNearLongMax_ThrowsPdfSyntaxException()
    {
        string text = Encoding.Latin1.GetString(TestPdfBuilder.BuildDocument(1));
        byte[] pdf = Encoding.Latin1.GetBytes(text.Replace("xref\n0 ", "xref\n9223372036854775807 ", StringComparison.Ordinal));

        var error = Assert.ThrowsExactly<PdfSyntaxException>(() => PdfFileReader.Open(pdf));

        StringAssert.Contains(error.Message, "Invalid cross-reference subsection");
    }

    private static byte[] Deflate(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return buffer.ToArray();
    }
}
