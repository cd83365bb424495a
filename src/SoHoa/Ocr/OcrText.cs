using System.Text;

namespace SoHoa.Ocr;

/// <summary>Text as SoHoa stores it.</summary>
internal static class OcrText
{
    /// <summary>
    /// Trims a recognized word and brings it to Unicode NFC. Tesseract's <c>vie</c> model emits some letters
    /// decomposed (a base letter followed by combining marks, such as <c>e + U+0302 + U+0301</c> for <c>ế</c>)
    /// and others precomposed; search, comparison and the PDF text layer need one form.
    /// </summary>
    public static string Normalize(string word) => word.Trim().Normalize(NormalizationForm.FormC);
}
