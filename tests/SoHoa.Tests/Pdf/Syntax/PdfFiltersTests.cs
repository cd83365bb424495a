using SoHoa.Pdf.Syntax;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>Tests for <see cref="PdfFilters"/>.</summary>
[TestClass]
public sealed class PdfFiltersTests
{
    /// <summary>Flate encode then decode returns the input.</summary>
    [TestMethod]
    public void FlateEncode_ThenDecode_RoundTrips()
    {
        var data = Enumerable.Range(0, 10000).Select(i => (byte)(i * 7 % 251)).ToArray();
        CollectionAssert.AreEqual(data, PdfFilters.FlateDecode(PdfFilters.FlateEncode(data)));
    }

    /// <summary>Corrupt Flate data throws PdfSyntaxException.</summary>
    [TestMethod]
    public void FlateDecode_CorruptData_ThrowsPdfSyntaxException()
    {
        Assert.ThrowsException<PdfSyntaxException>(() => PdfFilters.FlateDecode(new byte[] { 0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0x00, 0x12 }));
    }

    /// <summary>Decoding beyond the size cap throws.</summary>
    [TestMethod]
    public void FlateDecode_LargerThanLimit_ThrowsPdfSyntaxException()
    {
        var bomb = PdfFilters.FlateEncode(new byte[1_000_000]);
        Assert.ThrowsException<PdfSyntaxException>(() => PdfFilters.FlateDecode(bomb, 100_000));
    }

    /// <summary>PNG Up encoding is reversed by predictor 12.</summary>
    [TestMethod]
    public void DecodePredictor_PngUp_ReversesEncoding()
    {
        var data = Enumerable.Range(0, 60).Select(i => (byte)(i * 13)).ToArray();
        var encoded = PdfFilters.EncodePngUp(data, 5);
        CollectionAssert.AreEqual(data, PdfFilters.DecodePredictor(encoded, 12, 1, 8, 5));
    }

    /// <summary>All five PNG row filter types decode to the expected bytes.</summary>
    [TestMethod]
    public void DecodePredictor_AllPngFilterTypes_DecodeCorrectly()
    {
        // Two colors (bpp 2), 2 columns → 4 bytes per row.
        byte[] encoded =
        [
            0, 10, 20, 30, 40,          // None
            1, 1, 2, 3, 4,              // Sub: 1,2,4,6
            2, 1, 1, 1, 1,              // Up: 2,3,5,7
            3, 2, 2, 2, 2,              // Average
            4, 1, 1, 1, 1,              // Paeth
        ];
        var decoded = PdfFilters.DecodePredictor(encoded, 15, 2, 8, 2);
        byte[] row0 = [10, 20, 30, 40];
        byte[] row1 = [1, 2, 4, 6];
        byte[] row2 = [2, 3, 5, 7];
        byte[] row3 = [(byte)(2 + (2 >> 1)), (byte)(2 + (3 >> 1)), 0, 0];
        row3[2] = (byte)(2 + ((row3[0] + 5) >> 1));
        row3[3] = (byte)(2 + ((row3[1] + 7) >> 1));
        CollectionAssert.AreEqual(row0.Concat(row1).Concat(row2).Concat(row3).ToArray(), decoded[..16]);
        Assert.AreEqual(20, decoded.Length);
    }

    /// <summary>An invalid PNG filter type throws.</summary>
    [TestMethod]
    public void DecodePredictor_InvalidRowType_ThrowsPdfSyntaxException()
    {
        Assert.ThrowsException<PdfSyntaxException>(() => PdfFilters.DecodePredictor([9, 1, 2], 12, 1, 8, 2));
        Assert.ThrowsException<PdfSyntaxException>(() => PdfFilters.DecodePredictor([0, 1, 2], 12, 0, 8, 2));
    }

    /// <summary>Unsupported filters are reported as PdfSyntaxException.</summary>
    [TestMethod]
    public void Decode_UnsupportedFilter_ThrowsPdfSyntaxException()
    {
        var s = new PdfStream(new PdfDictionary().Set("Filter", new PdfName("LZWDecode")), new byte[] { 1, 2 });
        Assert.ThrowsException<PdfSyntaxException>(() => s.Decode());
    }
}
