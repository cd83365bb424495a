using System.Text;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Verification;
using SoHoa.Tests.Pdf.Syntax;

namespace SoHoa.Tests.Signing;

/// <summary>
/// The verifier promises never to throw: a signature dictionary with hostile values is reported as what it is, neither
/// thrown nor caught as an unexpected error by the verifier's safety net. These inputs are built from a file our signer signed, with the signature dictionary rewritten in a later update.
/// </summary>
[TestClass]
public sealed class VerifierHostileInputTests
{
    [TestMethod]
    public void Verify_ByteRangeWhoseSumOverflowsLong_ReportsInsteadOfThrowing() =>
        AssertReported(WithSignatureEntry("ByteRange", PdfArray.OfIntegers(0, 10, long.MaxValue, long.MaxValue)));

    [TestMethod]
    public void Verify_SigningTimeWithOffsetOfNinetyNineHours_ReportsInsteadOfThrowing() =>
        AssertReported(WithSignatureEntry("M", new PdfString(Encoding.ASCII.GetBytes("D:20261122000000+99'00'"))));

    [TestMethod]
    public void Verify_SigningTimeInYearOne_ReportsInsteadOfThrowing() =>
        AssertReported(WithSignatureEntry("M", new PdfString(Encoding.ASCII.GetBytes("D:00010101000000+07'00'"))));

    [TestMethod]
    public void Verify_SignerCertificateCorruptInsideTheCms_ReportsInsteadOfUnexpectedError()
    {
        // Found by the mutation tests: SignedCms.Decode accepts the CMS, then SignerInfo.Certificate throws
        // CryptographicException ("ASN1 corrupted data") when the certificate inside is read.
        byte[] pdf = (byte[])MutationSources.SignedFiles[0].Bytes.Clone();
        var reader = PdfFileReader.Open(pdf);
        PdfArray fields = reader.GetCatalog().GetDictionary("AcroForm", reader)!.GetArray("Fields", reader)!;
        var signature = (PdfDictionary)reader.Resolve(((PdfDictionary)reader.Resolve(fields[0]))["V"]!);
        var contents = (PdfString)signature["Contents"]!;
        byte[] cms = contents.Bytes.ToArray();
        int certificate = cms.AsSpan().IndexOf(MutationSources.SignerCertificate.AsSpan(0, 64));
        Assert.IsTrue(certificate > 0, "the signer's certificate is in the CMS");
        cms[certificate + 4] = 0x31; // the TBSCertificate's SEQUENCE tag becomes a SET
        byte[] hex = Encoding.ASCII.GetBytes(Convert.ToHexString(cms));
        hex.CopyTo(pdf, (int)contents.Source!.Value.Start + 1);

        AssertReported(pdf);
    }

    private static void AssertReported(byte[] pdf)
    {
        var verifier = new PdfSignatureVerifier(new SignatureVerifierOptions());

        Exception? thrown = HostileInput.UnexpectedErrorReported(verifier, pdf);

        Assert.IsNull(thrown, thrown is null ? null : HostileInput.Describe(thrown));
    }

    /// <summary>The signed source with its first signature dictionary given <paramref name="key"/> = <paramref name="value"/> in an update.</summary>
    private static byte[] WithSignatureEntry(string key, PdfObject value)
    {
        byte[] signed = MutationSources.SignedFiles[0].Bytes;
        var reader = PdfFileReader.Open(signed);
        PdfArray fields = reader.GetCatalog().GetDictionary("AcroForm", reader)!.GetArray("Fields", reader)!;
        var field = (PdfDictionary)reader.Resolve(fields[0]);
        var signatureRef = (PdfReference)field["V"]!;
        var signature = ((PdfDictionary)reader.Resolve(signatureRef)).Clone();
        signature.Set(key, value);
        var writer = new PdfIncrementalWriter(reader);
        writer.Set(signatureRef, signature);
        return writer.Write().Bytes;
    }
}
