using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing.Verification;

/// <summary>What the check of the signer's certificate found at the best-signature-time.</summary>
/// <param name="ValidAtBestTime">True when the best-signature-time lies within the certificate's validity period.</param>
/// <param name="Trusted">True when the certificate chains to a trust anchor at that time.</param>
internal sealed record SignerCertificateResult(bool ValidAtBestTime, bool Trusted);

/// <summary>
/// The signer certificate and trust layer: at the best-signature-time (the time a trusted signature timestamp proves,
/// else now), the signer's certificate must be within its validity period and chain to a configured trust anchor.
/// </summary>
internal sealed class SignerCertificateValidator
{
    private readonly CertificateTrustValidator _trust;

    /// <summary>Creates a validator that judges chains with <paramref name="trust"/>.</summary>
    public SignerCertificateValidator(CertificateTrustValidator trust) => _trust = trust;

    /// <summary>
    /// Checks <paramref name="certificate"/> (with the CMS's certificates in <paramref name="pool"/>) at <paramref name="best"/>,
    /// which <paramref name="proven"/> says a timestamp proves; adds a problem for what is wrong.
    /// </summary>
    public SignerCertificateResult Validate(X509Certificate2 certificate, X509Certificate2Collection pool, DateTimeOffset best, bool proven, List<VerificationProblem> problems)
    {
        bool valid = best >= certificate.NotBefore && best <= certificate.NotAfter;
        if (!valid)
        {
            problems.Add(proven
                ? new VerificationProblem(VerificationProblems.CertificateNotValidAtTimestamp, $"The signer's certificate was not valid when the signature was timestamped ({best:u}); it is valid from {certificate.NotBefore:u} to {certificate.NotAfter:u}.")
                : new VerificationProblem(VerificationProblems.CertificateNotValidNow, $"The signer's certificate is not valid now ({best:u}) and no timestamp proves the signature was made while it was; it is valid from {certificate.NotBefore:u} to {certificate.NotAfter:u}."));
        }

        return new SignerCertificateResult(valid, _trust.ChainIsTrusted(certificate, pool, problems, best));
    }
}
