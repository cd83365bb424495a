using SoHoa.Signing;

namespace SoHoa.Tests.Signing;

/// <summary>Where a visible signature goes: corners follow the page's real size, and unusable boxes are named before any signing.</summary>
[TestClass]
public sealed class SignatureAppearanceTests
{
    private static readonly (double, double, double, double) Letter = (0, 0, 612, 792);

    [TestMethod]
    [DataRow(SignatureCorner.TopLeft, 36, 792 - 36 - 48, 256, 792 - 36)]
    [DataRow(SignatureCorner.TopRight, 612 - 36 - 220, 792 - 36 - 48, 612 - 36, 792 - 36)]
    [DataRow(SignatureCorner.BottomLeft, 36, 36, 256, 84)]
    [DataRow(SignatureCorner.BottomRight, 612 - 36 - 220, 36, 612 - 36, 84)]
    public void Place_Corner_MeasuredFromThatCornerOfTheActualPage(SignatureCorner corner, double left, double bottom, double right, double top)
    {
        var box = SignatureAppearance.AtCorner(corner).Place(Letter);

        Assert.AreEqual((left, bottom, right, top), box);
    }

    [TestMethod]
    public void Place_TopLeftOnAnOffsetCropBox_StaysInsideIt()
    {
        var box = SignatureAppearance.TopLeft.Place((100, 50, 500, 650));

        Assert.AreEqual((136.0, 650.0 - 36 - 48, 356.0, 614.0), box);
    }

    [TestMethod]
    public void Place_AbsoluteBox_IsMeasuredFromTheLowerLeftCorner()
    {
        var box = new SignatureAppearance(2, 300, 60, 250, 50).Place((10, 20, 612, 792));

        Assert.AreEqual((310.0, 80.0, 560.0, 130.0), box);
    }

    [TestMethod]
    public void Validate_UsableBox_HasNoProblem()
    {
        Assert.AreEqual(0, SignatureAppearance.TopLeft.Validate("x").Count);
    }

    [TestMethod]
    public void Validate_EverythingWrong_NamesEachProblemWithTheOption()
    {
        var appearance = new SignatureAppearance(0, -1, double.NaN, 0, 10) { FontSize = 0, FontPath = "/nonexistent.ttf" };

        IReadOnlyList<string> problems = appearance.Validate("--officer-visible");

        Assert.AreEqual(5, problems.Count, string.Join("\n", problems));
        Assert.IsTrue(problems.All(p => p.StartsWith("--officer-visible: ", StringComparison.Ordinal)));
    }

    [TestMethod]
    [DataRow("top-left", SignatureCorner.TopLeft)]
    [DataRow("Bottom-Right", SignatureCorner.BottomRight)]
    public void TryParse_CornerName_IgnoresCase(string name, SignatureCorner expected)
    {
        Assert.IsTrue(SignatureCorners.TryParse(name, out SignatureCorner corner));
        Assert.AreEqual(expected, corner);
        Assert.AreEqual(name.ToLowerInvariant(), corner.ToName());
    }

    [TestMethod]
    public void TryParse_Unknown_IsFalse()
    {
        Assert.IsFalse(SignatureCorners.TryParse("middle", out _));
    }
}
