using SoHoa.Imaging;
using SoHoa.Imaging.Leptonica;

namespace SoHoa.Tests.Imaging;

[TestClass]
public sealed class CleanPageTests
{
    private static CleanPage Page(int width, int height, double scale, double skew, int ocrLeft = 0, int ocrTop = 0, double reduction = 1) =>
        new(
            new PageSource("p.png", 1, "00"),
            new VisibleImage(VisibleImageEncoding.Raw, width, height, 1, 8, new byte[width * height]),
            new SafePixHandle(),
            300,
            false,
            new PageCleanup(0, skew, scale, (int)(300 * scale * reduction), false, ocrLeft, ocrTop, reduction));

    [TestMethod]
    public void MapOcrToVisible_ScaledOnly_DividesByTheScale()
    {
        using CleanPage page = Page(1000, 2000, 0.5, 0);
        Assert.AreEqual((20, 40, 60, 80), page.MapOcrToVisible(10, 20, 30, 40));
    }

    [TestMethod]
    public void MapOcrToVisible_MarginsCutOff_PutsThemBackBeforeScaling()
    {
        using CleanPage page = Page(1000, 2000, 0.5, 0, ocrLeft: 100, ocrTop: 50);
        Assert.AreEqual((220, 140, 260, 180), page.MapOcrToVisible(10, 20, 30, 40));
    }

    [TestMethod]
    public void MapOcrToVisible_ReducedForReading_EnlargesBeforePuttingTheMarginsBack()
    {
        // Read at 250 of 300 DPI: OCR pixel 50 is analysed pixel 60, then 100 pixels of margin were cut off before it.
        using CleanPage page = Page(1000, 1000, 1, 0, ocrLeft: 100, ocrTop: 50, reduction: 250.0 / 300);
        Assert.AreEqual((160, 110, 220, 170), page.MapOcrToVisible(50, 50, 100, 100));
    }

    [TestMethod]
    public void MapOcrToVisible_MarginsCutOffAndDeskewed_CentreOfTheWholePageStays()
    {
        // The rotation turned the whole page about its centre before the margins were cut off.
        using CleanPage page = Page(1000, 1000, 1, 10, ocrLeft: 200, ocrTop: 300);
        (int l, int t, _, _) = page.MapOcrToVisible(300, 200, 300, 200);
        Assert.AreEqual((500, 500), (l, t));
    }

    [TestMethod]
    public void MapOcrToVisible_Deskewed_CentreStaysAndBoxTurnsBack()
    {
        using CleanPage page = Page(1000, 1000, 1, 10);

        // A point at the centre does not move.
        (int l, int t, _, _) = page.MapOcrToVisible(500, 500, 500, 500);
        Assert.AreEqual((500, 500), (l, t));

        // A point right of the centre on the deskewed image was, on the scan, turned back anticlockwise by 10°: higher up.
        (int x, int y, _, _) = page.MapOcrToVisible(900, 500, 900, 500);
        Assert.AreEqual(500 + (int)Math.Floor(400 * Math.Cos(Math.PI / 18)), x, 1);
        Assert.AreEqual(500 - (int)Math.Ceiling(400 * Math.Sin(Math.PI / 18)), y, 1);
    }

    [TestMethod]
    public void MapOcrToVisible_BoxOutsideThePage_ClippedToThePage()
    {
        using CleanPage page = Page(100, 100, 1, 0);
        Assert.AreEqual((0, 0, 100, 100), page.MapOcrToVisible(-10, -10, 150, 150));
    }
}
