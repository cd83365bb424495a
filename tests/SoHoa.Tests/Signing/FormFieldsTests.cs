using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Verification;
using SoHoa.Tests.Pdf.Syntax;

namespace SoHoa.Tests.Signing;

[TestClass]
public sealed class FormFieldsTests
{
    [TestMethod]
    public void Walk_FieldWithNamedKidAndBareWidgetAndLoop_QualifiedNamesInDocumentOrderEachObjectOnce()
    {
        byte[] bytes = TestPdfBuilder.Build(
        [
            "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R 6 0 R] >> >>",
            "<< /Type /Pages /Kids [] /Count 0 >>",
            "<< /T (outer) /Kids [4 0 R 5 0 R] >>",
            "<< /T (inner) /FT /Sig /Kids [3 0 R] >>", // a kid pointing back at its ancestor
            "<< /Type /Annot /Subtype /Widget >>", // a widget without /T: part of its parent field
            "<< /T (second) >>",
        ]);
        PdfFileReader reader = PdfFileReader.Open(bytes);
        PdfArray fields = reader.GetCatalog().GetDictionary("AcroForm", reader)!.GetArray("Fields", reader)!;

        var walked = FormFields.Walk(fields, reader).Select(f => (f.Reference!.ObjectNumber, f.Name)).ToList();

        CollectionAssert.AreEqual(
            new[] { (3, "outer"), (4, "outer.inner"), (5, "outer"), (6, "second") },
            walked);
    }
}
