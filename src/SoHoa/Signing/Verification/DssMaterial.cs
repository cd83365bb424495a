using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Revocation;

namespace SoHoa.Signing.Verification;

/// <summary>The certificates, OCSP responses and CRLs of the document security store, as the latest revision defines it.</summary>
internal sealed class DssMaterial
{
    /// <summary>The OCSP responses and CRLs.</summary>
    public ValidationMaterial Material { get; } = new();

    /// <summary>The certificates that could be read.</summary>
    public X509Certificate2Collection Certificates { get; } = [];

    /// <summary>Reads the DSS of the file <paramref name="reader"/> read; empty when it has none.</summary>
    public static DssMaterial Read(PdfFileReader reader)
    {
        var result = new DssMaterial();
        if (reader.GetCatalog().GetDictionary("DSS", reader) is not { } dss)
        {
            return result;
        }

        IEnumerable<byte[]> Streams(string key) => (dss.GetArray(key, reader) ?? []).Select(o => reader.Resolve(o)).OfType<PdfStream>().Select(s => reader.DecodeStream(s));
        foreach (byte[] certificate in Streams("Certs"))
        {
            try
            {
                result.Certificates.Add(X509CertificateLoader.LoadCertificate(certificate));
            }
            catch (CryptographicException)
            {
                // Not a certificate: ignored, as it validates nothing.
            }
        }

        foreach (byte[] response in Streams("OCSPs"))
        {
            result.Material.AddOcspResponse(response);
        }

        foreach (byte[] crl in Streams("CRLs"))
        {
            result.Material.AddCrl(crl);
        }
        return result;
    }
}
