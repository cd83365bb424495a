using System.Buffers;
using System.Text;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>Tests for <see cref="PdfSerializer"/> and the object model.</summary>
[TestClass]
public sealed class PdfSerializerTests
{
    private static string Ser(PdfObject o) => Encoding.Latin1.GetString(PdfSerializer.ToBytes(o));

    /// <summary>Names escape delimiters, '#', white-space and non-ASCII.</summary>
    [TestMethod]
    public void WriteObject_NameWithSpecialCharacters_Escaped()
    {
        Assert.AreEqual("/A#20B#2FC#23D#28", Ser(new PdfName("A B/C#D(")));
        Assert.AreEqual("/Vi#E1#BB#87t", Ser(new PdfName("Việt")));
        Assert.AreEqual("Việt", ((PdfName)new PdfParser(PdfSerializer.ToBytes(new PdfName("Việt"))).ParseObject()).Value);
    }

    /// <summary>Reals are written in invariant culture without exponent.</summary>
    [TestMethod]
    public void WriteObject_Real_InvariantWithoutExponent()
    {
        var saved = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("vi-VN");
            Assert.AreEqual("1.5", Ser(new PdfReal(1.5)));
            Assert.AreEqual("-0.25", Ser(new PdfReal(-0.25)));
            Assert.AreEqual("0.0000001", Ser(new PdfReal(1e-7)));
            Assert.AreEqual("100000000000000000000", Ser(new PdfReal(1e20)));
            Assert.AreEqual("0", Ser(new PdfReal(-0.0)));
            Assert.AreEqual("0.1", Ser(new PdfReal(0.1)));
            Assert.ThrowsException<ArgumentOutOfRangeException>(() => Ser(new PdfReal(double.NaN)));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }

    /// <summary>Literal strings escape parentheses, backslash and control bytes; hex strings stay hex.</summary>
    [TestMethod]
    public void WriteObject_Strings_EscapedOrHex()
    {
        Assert.AreEqual("(a\\(b\\)\\\\\\n\\001\\377)", Ser(new PdfString([(byte)'a', (byte)'(', (byte)'b', (byte)')', (byte)'\\', 10, 1, 255])));
        Assert.AreEqual("<00FF10>", Ser(PdfString.FromHexBytes([0, 255, 16])));
    }

    /// <summary>Text strings use PDFDocEncoding when possible and UTF-16BE otherwise, and round-trip.</summary>
    [TestMethod]
    public void FromText_AsciiAndVietnamese_RoundTrips()
    {
        var ascii = PdfString.FromText("Hello \u2022");
        Assert.AreEqual(0x80, ascii.Span[^1]);
        Assert.AreEqual("Hello \u2022", ascii.ToText());
        var vi = PdfString.FromText("Chữ ký số");
        Assert.AreEqual(0xFE, vi.Span[0]);
        Assert.AreEqual("Chữ ký số", vi.ToText());
        var reparsed = (PdfString)new PdfParser(PdfSerializer.ToBytes(vi)).ParseObject();
        Assert.AreEqual("Chữ ký số", reparsed.ToText());
    }

    /// <summary>A complex object survives serialize → parse unchanged.</summary>
    [TestMethod]
    public void WriteObject_ComplexDictionary_RoundTripsThroughParser()
    {
        var d = new PdfDictionary()
            .Set("Type", new PdfName("Sig"))
            .Set("ByteRange", PdfArray.OfIntegers(0, 100, 200, 300))
            .Set("Contents", PdfString.FromHexBytes(new byte[16]))
            .Set("M", PdfString.FromText("D:20240101000000Z"))
            .Set("Ref", new PdfReference(12, 3))
            .Set("Nested", new PdfDictionary().Set("A", PdfArray.Of(PdfBoolean.True, PdfNull.Instance, new PdfReal(2.5))));
        var bytes = PdfSerializer.ToBytes(d);
        var back = (PdfDictionary)new PdfParser(bytes).ParseObject();
        Assert.AreEqual(Encoding.Latin1.GetString(bytes), Ser(back));
        Assert.AreEqual(new PdfReference(12, 3), back["Ref"]);
        Assert.AreEqual(2.5, back.GetDictionary("Nested")!.GetArray("A")!.GetNumber(2));
    }

    /// <summary>Streams get a correct /Length and round-trip through the parser.</summary>
    [TestMethod]
    public void WriteIndirectObject_Stream_WritesCorrectLength()
    {
        var stream = PdfStream.CreateFlate(Encoding.ASCII.GetBytes("BT (x) Tj ET"), new PdfDictionary().Set("Length", new PdfInteger(999)));
        var buffer = new ArrayBufferWriter<byte>();
        var ser = new PdfSerializer(buffer, 1000);
        ser.Track(stream.Dictionary);
        var span = ser.WriteIndirectObject(5, 0, stream);
        Assert.AreEqual(1000, span.Start);
        Assert.AreEqual(1000 + buffer.WrittenCount, span.End);
        var parsed = new PdfParser(buffer.WrittenMemory).ParseIndirectObject(0);
        var back = (PdfStream)parsed.Value;
        Assert.IsFalse(back.LengthWasRepaired);
        Assert.AreEqual(stream.RawData.Length, back.Dictionary.GetInt("Length"));
        Assert.AreEqual("BT (x) Tj ET", Encoding.ASCII.GetString(back.Decode()));
        Assert.AreEqual(0, ser.TrackedSpans.Count, "the dictionary written is a clone with the new /Length");
    }

    /// <summary>Tracked objects report their exact output span.</summary>
    [TestMethod]
    public void Track_PlaceholderString_ReportsExactSpan()
    {
        var placeholder = PdfString.FromHexBytes(new byte[4]);
        var d = new PdfDictionary().Set("Contents", placeholder);
        var buffer = new ArrayBufferWriter<byte>();
        var ser = new PdfSerializer(buffer);
        ser.Track(placeholder);
        ser.WriteObject(d);
        var span = ser.TrackedSpans[placeholder];
        Assert.AreEqual("<00000000>", Encoding.ASCII.GetString(buffer.WrittenSpan.Slice((int)span.Start, (int)span.Length)));
    }

    /// <summary>Dictionary helpers resolve references through a resolver and keep insertion order.</summary>
    [TestMethod]
    public void Dictionary_SetRemoveAndTypedGetters_Behave()
    {
        var d = new PdfDictionary().Set("A", new PdfInteger(1)).Set("B", new PdfName("X")).Set("C", new PdfReal(1.5));
        d["A"] = new PdfInteger(2);
        Assert.IsTrue(d.Remove("B"));
        Assert.IsFalse(d.Remove("B"));
        Assert.AreEqual(2L, d.GetInt("A"));
        Assert.IsNull(d.GetName("B"));
        Assert.AreEqual(1.5, d.GetNumber("C"));
        Assert.IsNull(d.GetInt("C"));
        Assert.AreEqual("<< /A 2 /C 1.5 >>", d.ToString());
    }
}
