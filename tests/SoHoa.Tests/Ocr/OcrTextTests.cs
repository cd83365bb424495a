using System.Text;
using SoHoa.Ocr;

namespace SoHoa.Tests.Ocr;

[TestClass]
public sealed class OcrTextTests
{
    [TestMethod]
    public void Normalize_DecomposedVietnamese_BecomesComposed()
    {
        // What Tesseract's vie model can emit for "Việt": e, combining circumflex (U+0302), combining dot below (U+0323).
        string decomposed = "Vie\u0302\u0323t";
        string word = OcrText.Normalize(decomposed);
        Assert.AreEqual("Vi\u1EC7t", word);
        Assert.AreEqual(4, word.Length);
    }

    [TestMethod]
    public void Normalize_MarksInTheOtherCanonicalOrder_BecomesTheSameLetter()
    {
        // Dot below before the circumflex is canonically equivalent; NFC gives the one precomposed letter ệ.
        Assert.AreEqual("\u1EC7", OcrText.Normalize("e\u0323\u0302"));
    }

    [TestMethod]
    public void Normalize_EveryVietnameseLetterDecomposed_EqualsItsPrecomposedForm()
    {
        const string Letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
        string all = Letters + Letters.ToUpperInvariant();
        string decomposed = all.Normalize(NormalizationForm.FormD);
        Assert.AreNotEqual(all, decomposed, "the input really is decomposed");
        Assert.AreEqual(all, OcrText.Normalize(decomposed));
        Assert.IsTrue(OcrText.Normalize(decomposed).IsNormalized(NormalizationForm.FormC));
    }

    [TestMethod]
    public void Normalize_SurroundingWhitespace_Trimmed()
    {
        Assert.AreEqual("Hà", OcrText.Normalize(" Ha\u0300\n"));
    }
}
