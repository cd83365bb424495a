using SoHoa.Extraction;
using SoHoa.Pipeline;

namespace SoHoa.Tests.Pipeline;

/// <summary>The pipeline reads fields from the sidecar's pages, so OCR'd and born-digital pages are read alike.</summary>
[TestClass]
public sealed class PaperFieldsTests
{
    [TestMethod]
    public void Extract_TextLayerPage_FieldsWithTheSidecarsBoxes()
    {
        SidecarWord[] words =
        [
            new("Số", [100, 100, 140, 120], 100, 0), new("định", [145, 100, 190, 120], 100, 0), new("danh", [195, 100, 240, 120], 100, 0),
            new("cá", [245, 100, 265, 120], 100, 0), new("nhân:", [270, 100, 320, 120], 100, 0), new("093090001234", [325, 100, 460, 120], 100, 0),
            new("Họ", [100, 130, 125, 150], 100, 1), new("và", [130, 130, 155, 150], 100, 1), new("tên:", [160, 130, 200, 150], 100, 1),
            new("Nguyễn", [205, 130, 280, 150], 100, 1), new("Văn", [285, 130, 325, 150], 100, 1), new("An", [330, 130, 355, 150], 100, 1),
        ];
        SidecarPage[] pages = [Page(1, []), Page(2, words)];

        DocumentFields fields = PaperFields.Extract("business-registration", pages);

        Assert.AreEqual("093090001234", fields.PersonalId!.Value);
        Assert.AreEqual(2, fields.PersonalId.Page);
        CollectionAssert.AreEqual(new[] { 325, 100, 460, 120 }, fields.PersonalId.BoxArrays.Single());
        Assert.AreEqual("Nguyễn Văn An", fields.FullName!.Value);
        Assert.AreEqual(3, fields.FullName.Boxes.Count);
    }

    private static SidecarPage Page(int number, SidecarWord[] words) =>
        new(number, "in.pdf", number, "00", 595, 842, 72, false, new SidecarCleanup(0, 0, 0), words.Length == 0, true, words.Length == 0 ? 0 : 100, false,
            string.Join(' ', words.Select(w => w.Text)), words);
}
