using System.Security.Cryptography.X509Certificates;
using SoHoa.Signing.Revocation;

namespace SoHoa.Signing;

/// <summary>Orders a certificate's chain, leaf first, from the certificates at hand and the trust anchors.</summary>
internal static class CertificateChains
{
    /// <summary>The chain from <paramref name="leaf"/> up to a self-signed root, or as far as the certificates given reach.</summary>
    public static IReadOnlyList<X509Certificate2> Build(X509Certificate2 leaf, X509Certificate2Collection pool, X509Certificate2Collection anchors)
    {
        var candidates = pool.Concat(anchors).ToList();
        var chain = new List<X509Certificate2> { leaf };
        X509Certificate2 current = leaf;
        while (chain.Count < 10 && !current.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData))
        {
            X509Certificate2? issuer = candidates.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(current.IssuerName.RawData) && BouncyCastleInterop.IsIssuedBy(current, c));
            if (issuer is null || chain.Any(c => c.RawData.AsSpan().SequenceEqual(issuer.RawData)))
            {
                break;
            }

            chain.Add(issuer);
            current = issuer;
        }

        return chain;
    }
}
