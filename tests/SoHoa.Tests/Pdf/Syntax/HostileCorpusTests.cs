using SoHoa.Signing.Verification;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>
/// Every input the mutation tests found crashing the reader or the verifier, kept under TestData/HostilePdfs (each
/// file's name says what it broke): reading it wholly raises only a clean PdfSyntaxException, and verifying it neither
/// throws nor reports an unexpected error.
/// </summary>
[TestClass]
public sealed class HostileCorpusTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "HostilePdfs");

    public static IEnumerable<object[]> Files => Directory.EnumerateFiles(Folder, "*.pdf").Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    [TestMethod]
    public void Folder_HoldsTheCorpus() => Assert.IsTrue(Files.Any(), $"no regression inputs in {Folder}");

    [TestMethod]
    [DynamicData(nameof(Files))]
    public void ReadWholly_CorpusFile_RaisesOnlyCleanPdfSyntaxException(string file)
    {
        Exception? failure = HostileInput.ReadFailure(File.ReadAllBytes(Path.Combine(Folder, file)));

        Assert.IsNull(failure, failure is null ? null : HostileInput.Describe(failure));
    }

    [TestMethod]
    [DynamicData(nameof(Files))]
    public void Verify_CorpusFile_ReportsWithoutUnexpectedError(string file)
    {
        Exception? failure = HostileInput.UnexpectedErrorReported(new PdfSignatureVerifier(new SignatureVerifierOptions()), File.ReadAllBytes(Path.Combine(Folder, file)));

        Assert.IsNull(failure, failure is null ? null : HostileInput.Describe(failure));
    }
}
