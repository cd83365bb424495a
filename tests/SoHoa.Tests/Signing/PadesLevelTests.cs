using SoHoa.Signing;

namespace SoHoa.Tests.Signing;

[TestClass]
public sealed class PadesLevelTests
{
    [TestMethod]
    [DataRow("B-B", PadesLevel.BaselineB)]
    [DataRow("b-t", PadesLevel.BaselineT)]
    [DataRow(" B-LT ", PadesLevel.BaselineLT)]
    [DataRow("B-LTA", PadesLevel.BaselineLTA)]
    public void TryParse_KnownName_RoundTrips(string text, PadesLevel expected)
    {
        Assert.IsTrue(PadesLevelNames.TryParse(text, out PadesLevel level));
        Assert.AreEqual(expected, level);
        Assert.AreEqual(text.Trim().ToUpperInvariant(), level.ToName());
    }

    [TestMethod]
    [DataRow("B-LTV")]
    [DataRow("")]
    [DataRow(null)]
    public void TryParse_UnknownName_ReturnsFalse(string? text) => Assert.IsFalse(PadesLevelNames.TryParse(text, out _));

    [TestMethod]
    public void Validate_TimestampedLevelWithoutServices_ListsEveryProblem()
    {
        var options = new PadesSignerOptions { Level = PadesLevel.BaselineLTA };

        IReadOnlyList<string> problems = options.Validate();

        Assert.AreEqual(2, problems.Count, string.Join("\n", problems));
        Assert.IsTrue(problems.Any(p => p.Contains("timestamp authority", StringComparison.Ordinal)));
        Assert.IsTrue(problems.Any(p => p.Contains("revocation", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Constructor_BaselineTWithoutTsa_ThrowsConfigurationError()
    {
        var key = new NoKey();

        SoHoaException error = Assert.ThrowsException<SoHoaException>(() => new PadesSigner(key, new PadesSignerOptions { Level = PadesLevel.BaselineT }));

        Assert.AreEqual(SoHoaErrorCode.Configuration, error.Code);
    }

    [TestMethod]
    public void FromFile_PasswordWithLineBreak_ReturnsFirstLineOnly()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "s3cret pass\r\nignored\n");
            Assert.AreEqual("s3cret pass", KeyPasswords.FromFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class NoKey : ISignatureKey
    {
        public System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate => throw new NotSupportedException();

        public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> Chain => [];

        public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, System.Security.Cryptography.HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
