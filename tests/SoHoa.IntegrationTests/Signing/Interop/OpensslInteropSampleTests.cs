using SoHoa.IntegrationTests.Support;
using static SoHoa.IntegrationTests.Signing.Interop.InteropTools;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing.Interop;

/// <summary>
/// A CMS made by openssl over the byte ranges (<see cref="SigningSupport.SignWithOpenssl"/>: BER with indefinite lengths,
/// as streaming encoders write it) signing files other tools signed first: pdfsig and SoHoa must both call every
/// signature valid.
/// </summary>
[TestClass]
public sealed class OpensslInteropSampleTests
{
    [TestMethod]
    public void Verify_PdfsigThenOpenssl_BothSignaturesValid()
    {
        byte[] theirs = PdfsigAddSignature(Document(), TestPki.NssOfficerNickname, "Pdfsig");

        byte[] both = SignWithOpenssl(theirs, "seal");

        AssertPrefix(theirs, both);
        AssertBothToolsAccept(both, expected: 2, "pdfsig-then-openssl.pdf");
    }

    [TestMethod]
    public void Verify_SignpdfThenOpenssl_BothSignaturesValid()
    {
        byte[] theirs = Signpdf(Document(), Pki.OfficerPfx);

        byte[] both = SignWithOpenssl(theirs, "seal");

        AssertPrefix(theirs, both);
        AssertBothToolsAccept(both, expected: 2, "signpdf-then-openssl.pdf");
    }
}
