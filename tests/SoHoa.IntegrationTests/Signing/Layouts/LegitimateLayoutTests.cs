using SoHoa.IntegrationTests.Support;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing.Layouts;

/// <summary>
/// Layouts real signing tools write when they sign after SoHoa (issue 16, "fair to other tools"): pdfsig calls every
/// signature valid, and so must our verifier. Each has a malicious twin in <see cref="MaliciousLayoutTests"/>.
/// </summary>
[TestClass]
public sealed class LegitimateLayoutTests
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task Verify_SecondSignatureFillsFieldPreparedBeforeFirst_BothValid(bool xrefStream) =>
        AssertAllValid(await LayoutSamples.PreparedFieldFilledAsync(xrefStream));

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task Verify_SigningRevisionUpdatesXmpAndInfoDates_BothValid(bool inPlace) =>
        AssertAllValid(await LayoutSamples.MetadataUpdatedAsync(inPlace));

    [TestMethod]
    public async Task Verify_SigningRevisionAddsCatalogExtensionsAndVersion_BothValid() =>
        AssertAllValid(await LayoutSamples.CatalogExtensionsAsync());

    /// <summary>
    /// Poppler before 25 does not read the signature of a field whose widget is a separate kid (pdfsig 22.12 lists the
    /// field as "not signed", and calls nothing invalid), so here pdfsig vouches only for the first signature.
    /// </summary>
    [TestMethod]
    public async Task Verify_SignatureWidgetIsSeparateKidOfItsField_BothValid() =>
        AssertAllValid(await LayoutSamples.WidgetAsKidAsync(), pdfsigReads: 1);

    [TestMethod]
    public async Task Verify_PreparedFieldAppearanceReplacedInPlaceWhenSigned_BothValid() =>
        AssertAllValid(await LayoutSamples.PreparedAppearanceReplacedInPlaceAsync());

    [TestMethod]
    public async Task Verify_SigningRevisionAddsFontsToFormDefaultResources_BothValid() =>
        AssertAllValid(await LayoutSamples.NewFontsInDefaultResourcesAsync());

    [TestMethod]
    public async Task Verify_IndirectFieldsAndAnnotsArraysRedefinedWithNewSignature_AllThreeValid()
    {
        (LayoutSample sample, int fields, int annots) = await LayoutSamples.IndirectArraysAsync();

        SoHoa.Pdf.Syntax.PdfFileReader reader = SoHoa.Pdf.Syntax.PdfFileReader.Open(sample.Pdf);
        Assert.IsTrue(reader.LatestRevision.DefinedObjectNumbers.IsSupersetOf([fields, annots]), "the third signature's revision does not redefine the array objects");
        AssertAllValid(sample, expected: 3);
    }

    [TestMethod]
    public async Task Verify_SigningRevisionHoldsUnusedObjectOfGenerationOne_BothValid() =>
        AssertAllValid(await LayoutSamples.UnusedObjectOfGenerationOneAsync());

    [TestMethod]
    public async Task Verify_SigningRevisionFreesObjectsNothingUses_BothValid() =>
        AssertAllValid(await LayoutSamples.UnusedObjectsFreedAsync());

    [TestMethod]
    public async Task Verify_DssRevisionWithIndirectCertsOcspsCrlsAndVri_BothValid() =>
        AssertAllValid(await LayoutSamples.DssWithIndirectListsAsync());

    private static void AssertAllValid(LayoutSample sample, int expected = 2, int? pdfsigReads = null)
    {
        AssertPrefix(sample.SignedOnce, sample.Pdf);
        ExternalTool.Succeed("qpdf", "--check", Save(sample.Pdf, "legitimate-check.pdf"));
        (int valid, string pdfsig) = LayoutChecks.Pdfsig(sample.Pdf, "legitimate");
        Assert.AreEqual(pdfsigReads ?? expected, valid, "pdfsig does not call every signature valid, so the sample is not legitimate:\n" + pdfsig);
        Assert.IsFalse(LayoutChecks.PdfsigCallsInvalid(pdfsig), "pdfsig calls a signature invalid:\n" + pdfsig);

        VerificationReport report = Verifier().Verify(sample.Pdf);
        string summary = LayoutChecks.Summary(report);
        Console.WriteLine(summary);
        Assert.AreEqual(expected, report.Signatures.Count, summary);
        Assert.IsTrue(report.IsValid, summary);
    }
}
