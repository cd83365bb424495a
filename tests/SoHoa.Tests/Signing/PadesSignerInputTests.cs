using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SoHoa.Signing;
using SoHoa.Tests.Pdf.Syntax;

namespace SoHoa.Tests.Signing;

/// <summary>A PDF the signer cannot read is the library's own error (<see cref="SoHoaErrorCode.Pdf"/>), never an internal parser exception.</summary>
[TestClass]
public sealed class PadesSignerInputTests
{
    [TestMethod]
    [DataRow("<< /Type /Catalog /Pages 2 0 R", DisplayName = "catalog never closed")]
    [DataRow("<< /Type /Catalog /Pages 2 0 R /AcroForm (unterminated >>", DisplayName = "catalog string never closed")]
    [DataRow("[ /NotADictionary ]", DisplayName = "catalog is an array")]
    public async Task SignAsync_CatalogMalformed_ThrowsPdfError(string catalog)
    {
        byte[] pdf = TestPdfBuilder.Build([catalog, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]);
        using CertificateKey key = SelfSignedKey();

        SoHoaException error = await Assert.ThrowsExactlyAsync<SoHoaException>(() => new PadesSigner(key).SignAsync(pdf, new SignatureRequest("test", "test")));

        Assert.AreEqual(SoHoaErrorCode.Pdf, error.Code, error.ToString());
    }

    private static CertificateKey SelfSignedKey()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=SoHoa test officer", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, "pw"));
            return CertificateKey.FromPkcs12(path, "pw");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
