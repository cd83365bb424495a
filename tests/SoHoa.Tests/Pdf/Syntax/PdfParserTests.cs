using System.Text;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>Tests for <see cref="PdfLexer"/> and <see cref="PdfParser"/>.</summary>
[TestClass]
public sealed class PdfParserTests
{
    private static PdfObject Parse(string text) => new PdfParser(Encoding.Latin1.GetBytes(text)).ParseObject();

    /// <summary>Literal string escapes are decoded.</summary>
    [TestMethod]
    public void ParseObject_LiteralStringWithEscapes_DecodesBytes()
    {
        var s = (PdfString)Parse("(a\\(b\\)c\\n\\101\\7x\\\\ (nested) line\\\ncont\r\nz)");
        Assert.IsFalse(s.IsHex);
        Assert.AreEqual("a(b)c\nA\u0007x\\ (nested) linecont\nz", Encoding.Latin1.GetString(s.Span));
        Assert.AreEqual(0, s.Source!.Value.Start);
    }

    /// <summary>Hex strings ignore white-space and pad an odd final digit.</summary>
    [TestMethod]
    public void ParseObject_HexStringOddDigits_PadsWithZero()
    {
        var s = (PdfString)Parse("<48 65 6c6C 7>");
        Assert.IsTrue(s.IsHex);
        CollectionAssert.AreEqual(new byte[] { 0x48, 0x65, 0x6C, 0x6C, 0x70 }, s.Span.ToArray());
    }

    /// <summary>#xx escapes in names are decoded.</summary>
    [TestMethod]
    public void ParseObject_NameWithHashEscape_Decodes()
    {
        var n = (PdfName)Parse("/A#20B#23C");
        Assert.AreEqual("A B#C", n.Value);
        Assert.AreEqual("/A#20B#23C", n.ToString());
    }

    /// <summary>Numbers in all forms are parsed with the right type.</summary>
    [TestMethod]
    public void ParseObject_NumberForms_ParsedWithCorrectType()
    {
        var a = (PdfArray)Parse("[+17 -98 0 34.5 -3.62 +123.6 4. -.002 0.0 99999999999999999999]");
        Assert.AreEqual(17L, ((PdfInteger)a[0]).Value);
        Assert.AreEqual(-98L, ((PdfInteger)a[1]).Value);
        Assert.AreEqual(0L, ((PdfInteger)a[2]).Value);
        Assert.AreEqual(34.5, ((PdfReal)a[3]).Value);
        Assert.AreEqual(-3.62, ((PdfReal)a[4]).Value);
        Assert.AreEqual(123.6, ((PdfReal)a[5]).Value);
        Assert.AreEqual(4.0, ((PdfReal)a[6]).Value);
        Assert.AreEqual(-0.002, ((PdfReal)a[7]).Value);
        Assert.AreEqual(0.0, ((PdfReal)a[8]).Value);
        Assert.IsInstanceOfType<PdfReal>(a[9]);
    }

    /// <summary>Nested arrays/dictionaries, references, booleans and null parse into the right structure.</summary>
    [TestMethod]
    public void ParseObject_NestedStructure_ParsesAllTypes()
    {
        var d = (PdfDictionary)Parse("<</Type/Page/Kids[1 0 R 2 5 R 3]/Flag true/Off false/N null/Sub<</X[[]]>>%comment\n/Last 12 0 R>>");
        Assert.AreEqual("Page", d.GetName("Type")!.Value);
        var kids = d.GetArray("Kids")!;
        Assert.AreEqual(new PdfReference(1, 0), kids[0]);
        Assert.AreEqual(new PdfReference(2, 5), kids[1]);
        Assert.AreEqual(3L, kids.GetInt(2));
        Assert.AreEqual(true, d.GetBool("Flag"));
        Assert.AreEqual(false, d.GetBool("Off"));
        Assert.AreSame(PdfNull.Instance, d["N"]);
        Assert.AreEqual(0, ((PdfArray)d.GetDictionary("Sub")!.GetArray("X")![0]).Count);
        Assert.AreEqual(new PdfReference(12, 0), d.GetReference("Last"));
        Assert.AreEqual("Type Kids Flag Off N Sub Last", string.Join(' ', d.Keys.Select(k => k.Value)));
    }

    /// <summary>Nesting beyond the limit throws a PdfSyntaxException.</summary>
    [TestMethod]
    public void ParseObject_NestingDeeperThan100_ThrowsPdfSyntaxException()
    {
        var text = new string('[', 150) + new string(']', 150);
        Assert.ThrowsException<PdfSyntaxException>(() => Parse(text));
        Assert.IsInstanceOfType<PdfArray>(Parse(new string('[', 100) + new string(']', 100)));
    }

    /// <summary>Unterminated constructs throw with an offset.</summary>
    [TestMethod]
    public void ParseObject_UnterminatedInput_ThrowsWithOffset()
    {
        var ex = Assert.ThrowsException<PdfSyntaxException>(() => Parse("  (abc"));
        Assert.AreEqual(2, ex.Offset);
        StringAssert.Contains(ex.Message, "offset 2");
        Assert.ThrowsException<PdfSyntaxException>(() => Parse("<< /A 1"));
        Assert.ThrowsException<PdfSyntaxException>(() => Parse("[1 2"));
        Assert.ThrowsException<PdfSyntaxException>(() => Parse("<4G>"));
        Assert.ThrowsException<PdfSyntaxException>(() => Parse("<< 1 2 >>"));
        Assert.ThrowsException<PdfSyntaxException>(() => Parse("endobj"));
        Assert.ThrowsException<PdfSyntaxException>(() => Parse(""));
    }

    /// <summary>An indirect stream with correct /Length records exact data offsets and the object span.</summary>
    [TestMethod]
    public void ParseIndirectObject_StreamWithCorrectLength_RecordsOffsetsAndSpan()
    {
        var text = "xx\n7 0 obj\n<< /Length 5 >>\nstream\r\nHELLO\nendstream\nendobj\ntrailing";
        var parser = new PdfParser(Encoding.Latin1.GetBytes(text));
        var io = parser.ParseIndirectObject(3);
        var stream = (PdfStream)io.Value;
        Assert.AreEqual(new PdfReference(7, 0), io.Reference);
        Assert.AreEqual(text.IndexOf("HELLO", StringComparison.Ordinal), stream.DataOffset);
        Assert.AreEqual(5, stream.DataLength);
        Assert.IsFalse(stream.LengthWasRepaired);
        Assert.AreEqual(3, io.StartOffset);
        Assert.AreEqual(text.IndexOf("endobj", StringComparison.Ordinal) + 6, io.EndOffset);
    }

    /// <summary>A wrong /Length is worked around by searching endstream and recorded as a diagnostic.</summary>
    [TestMethod]
    public void ParseIndirectObject_StreamWithWrongLength_RecordsDiagnostic()
    {
        foreach (var len in new[] { "3", "500", "-1", "9 0 R" })
        {
            var text = $"1 0 obj\n<< /Length {len} >>\nstream\nHELLO WORLD\nendstream\nendobj\n";
            var diagnostics = new List<PdfDiagnostic>();
            var io = new PdfParser(Encoding.Latin1.GetBytes(text), diagnostics).ParseIndirectObject(0);
            var stream = (PdfStream)io.Value;
            Assert.AreEqual("HELLO WORLD", Encoding.Latin1.GetString(stream.RawData.Span), len);
            Assert.IsTrue(stream.LengthWasRepaired, len);
            Assert.IsTrue(diagnostics.Any(d => d.Message.Contains("/Length", StringComparison.Ordinal)), len);
            Assert.AreEqual(text.Length - 1, io.EndOffset);
        }
    }

    /// <summary>An indirect /Length is resolved through the callback.</summary>
    [TestMethod]
    public void ParseIndirectObject_IndirectLength_UsesResolver()
    {
        var text = "1 0 obj\n<< /Length 2 0 R >>\nstream\nAB endstream inside\nendstream\nendobj\n";
        var diagnostics = new List<PdfDiagnostic>();
        var parser = new PdfParser(Encoding.Latin1.GetBytes(text), diagnostics) { LengthResolver = r => r.ObjectNumber == 2 ? 19 : null };
        var stream = (PdfStream)parser.ParseIndirectObject(0).Value;
        Assert.AreEqual("AB endstream inside", Encoding.Latin1.GetString(stream.RawData.Span));
        Assert.AreEqual(0, diagnostics.Count);
    }

    /// <summary>A missing endobj is tolerated with a diagnostic.</summary>
    [TestMethod]
    public void ParseIndirectObject_MissingEndobj_RecordsDiagnostic()
    {
        var diagnostics = new List<PdfDiagnostic>();
        var io = new PdfParser("4 0 obj\n<< /A 1 >>\n5 0 obj"u8.ToArray(), diagnostics).ParseIndirectObject(0);
        Assert.AreEqual(1L, ((PdfDictionary)io.Value).GetInt("A"));
        Assert.AreEqual(1, diagnostics.Count);
    }

    /// <summary>A bad object header throws.</summary>
    [TestMethod]
    public void ParseIndirectObject_BadHeader_ThrowsPdfSyntaxException()
    {
        Assert.ThrowsException<PdfSyntaxException>(() => new PdfParser("4 0 foo 1 endobj"u8.ToArray()).ParseIndirectObject(0));
        Assert.ThrowsException<PdfSyntaxException>(() => new PdfParser("4 0 obj"u8.ToArray()).ParseIndirectObject(50));
        Assert.ThrowsException<PdfSyntaxException>(() => new PdfParser("1 0 obj\n[1] stream\nx\nendstream endobj"u8.ToArray()).ParseIndirectObject(0));
        Assert.ThrowsException<PdfSyntaxException>(() => new PdfParser("1 0 obj\n<<>> stream\nxxxx"u8.ToArray()).ParseIndirectObject(0));
    }

    /// <summary>Comments are skipped by the lexer; delimiters tokenize correctly.</summary>
    [TestMethod]
    public void NextToken_CommentsAndDelimiters_TokenizedCorrectly()
    {
        var lexer = new PdfLexer("% c1\n/N[<</A{}>>]%c2\r\nkey"u8.ToArray());
        var kinds = new List<PdfTokenKind>();
        PdfToken t;
        while ((t = lexer.NextToken()).Kind != PdfTokenKind.EndOfInput)
        {
            kinds.Add(t.Kind);
        }

        CollectionAssert.AreEqual(
            new[] { PdfTokenKind.Name, PdfTokenKind.ArrayStart, PdfTokenKind.DictionaryStart, PdfTokenKind.Name, PdfTokenKind.Keyword, PdfTokenKind.Keyword, PdfTokenKind.DictionaryEnd, PdfTokenKind.ArrayEnd, PdfTokenKind.Keyword },
            kinds);
    }
}
