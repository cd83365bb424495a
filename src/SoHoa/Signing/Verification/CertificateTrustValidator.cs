using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing.Verification;

/// <summary>
/// Whether a certificate (a signer's or a TSA's) chains to a configured trust anchor at a given time, and whether a
/// TSA's certificate is certified for timestamping. Revocation is judged apart, by <see cref="RevocationValidator"/>.
/// </summary>
internal sealed class CertificateTrustValidator
{
    private const string IdKpTimeStamping = "1.3.6.1.5.5.7.3.8";
    private readonly X509Certificate2Collection _anchors;

    /// <summary>Creates a validator that trusts <paramref name="anchors"/> only.</summary>
    public CertificateTrustValidator(X509Certificate2Collection anchors) => _anchors = anchors;

    /// <summary>True when <paramref name="tsa"/> carries the extended key usage id-kp-timeStamping; adds a problem when not.</summary>
    public static bool IsTimestampAuthority(X509Certificate2 tsa, List<VerificationProblem> problems)
    {
        bool ok = tsa.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == IdKpTimeStamping));
        if (!ok)
        {
            problems.Add(new VerificationProblem(VerificationProblems.TimestampAuthority, $"The timestamp's signer '{tsa.Subject}' is not certified for timestamping (extended key usage id-kp-timeStamping)."));
        }

        return ok;
    }

    /// <summary>True when <paramref name="certificate"/>, helped by the certificates in <paramref name="extra"/>, chains to an anchor at <paramref name="at"/>; adds a problem saying why when not.</summary>
    public bool ChainIsTrusted(X509Certificate2 certificate, X509Certificate2Collection extra, List<VerificationProblem> problems, DateTimeOffset at)
    {
        if (_anchors.Count == 0)
        {
            problems.Add(new VerificationProblem(VerificationProblems.CertificateUntrusted, $"No trust anchor is configured, so '{certificate.Subject}' cannot be trusted; give --trust <ca.pem>."));
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_anchors);
        chain.ChainPolicy.ExtraStore.AddRange(extra);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // The chain is judged at the best-signature-time: with a trusted timestamp, a certificate that expired since is still fine.
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        if (chain.Build(certificate))
        {
            return true;
        }

        string why = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal));
        problems.Add(new VerificationProblem(VerificationProblems.CertificateUntrusted, $"The certificate '{certificate.Subject}' does not chain to a trusted anchor: {why}"));
        return false;
    }

    /// <summary>
    /// True when <paramref name="tsa"/> is certified for timestamping and chains to an anchor at <paramref name="at"/>, the
    /// time it stamped. A null TSA (the token named none) is not trusted, and there is nothing to say about it.
    /// </summary>
    public bool IsTrustedTimestampAuthority(X509Certificate2? tsa, X509Certificate2Collection pool, List<VerificationProblem> problems, DateTimeOffset at) =>
        tsa is not null && IsTimestampAuthority(tsa, problems) && ChainIsTrusted(tsa, pool, problems, at);
}
