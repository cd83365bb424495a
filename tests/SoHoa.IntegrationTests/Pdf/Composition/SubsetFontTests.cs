using SoHoa.Pdf.Composition;
using SoHoa.Pdf.Syntax;

namespace SoHoa.IntegrationTests.Pdf.Composition;

/// <summary>The one writer of subset fonts, on the DejaVu fonts that Debian installs (fonts-dejavu-core).</summary>
[TestClass]
public sealed class SubsetFontTests
{
    private const string Fonts = "/usr/share/fonts/truetype/dejavu/";

    [TestMethod]
    [DataRow("DejaVuSans.ttf", "DejaVuSans")]
    [DataRow("DejaVuSerif.ttf", "DejaVuSerif")]
    public void Name_AnyFont_SubsetTagAndTheFontsOwnPostScriptName(string file, string postScriptName)
    {
        var font = new SubsetFont(TrueTypeFont.Parse(File.ReadAllBytes(Fonts + file)), ["Ký bởi"]);
        StringAssert.Matches(font.Name, new System.Text.RegularExpressions.Regex("^[A-Z]{6}\\+" + postScriptName + "$"));
    }

    [TestMethod]
    public void Codes_CharacterTheFontLacks_ShownAsQuestionMarkNeverNotdef()
    {
        // U+4E00 (a CJK ideograph) is not in DejaVu Sans; PDF/A forbids showing .notdef (glyph 0).
        var font = new SubsetFont(TrueTypeFont.Parse(File.ReadAllBytes(Fonts + "DejaVuSans.ttf")), ["a\u4E00?"]);
        int[] codes = [.. font.Codes("a\u4E00?")];
        Assert.IsTrue(codes.All(c => c != 0));
        Assert.AreEqual(codes[2], codes[1]);
    }

    [TestMethod]
    public void Write_NewFile_ReadsBackWithTheFontsNameCapHeightAndProgram()
    {
        TrueTypeFont parsed = TrueTypeFont.Parse(File.ReadAllBytes(Fonts + "DejaVuSans.ttf"));
        var font = new SubsetFont(parsed, ["Bản điện tử"]);
        var pdf = new PdfFileBuilder();
        int catalog = pdf.Allocate();
        int pages = pdf.Allocate();
        int info = pdf.Allocate();
        PdfReference type0 = font.Write(pdf);
        pdf.WriteObject(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.WriteObject(pages, "<< /Type /Pages /Kids [] /Count 0 >>");
        pdf.WriteObject(info, "<< /Producer (test) >>");
        var reader = PdfFileReader.Open(pdf.Finish(catalog, info, new byte[16]));

        var written = (PdfDictionary)reader.GetIndirectObject(type0.ObjectNumber)!.Value;
        Assert.AreEqual(font.Name, written.GetName("BaseFont")!.Value);
        var cidFont = (PdfDictionary)reader.Resolve(((PdfArray)written["DescendantFonts"]!)[0]);
        var descriptor = (PdfDictionary)reader.Resolve(cidFont["FontDescriptor"]!);
        Assert.AreEqual((long)Math.Round(parsed.CapHeight * 1000.0 / parsed.UnitsPerEm), descriptor.GetInt("CapHeight"));
        var program = (PdfStream)reader.Resolve(descriptor["FontFile2"]!);
        Assert.AreEqual(font.ProgramLength, reader.DecodeStream(program).Length);
    }
}
