using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing.Verification;

/// <summary>What the check of a document timestamp found.</summary>
/// <param name="Verdict">Whether the token is one, covers the signed bytes, and comes from a trusted TSA.</param>
/// <param name="Time">The time it stamped, once it is shown to cover the signed bytes.</param>
/// <param name="Signer">The TSA certificate's subject, when the token names one.</param>
/// <param name="SignerSha256">The SHA-256 of the TSA's certificate, once the token is shown to cover the signed bytes.</param>
/// <param name="Revocation">The revocation of the TSA's chain at <paramref name="Time"/>, checked only for a trusted TSA.</param>
internal sealed record DocumentTimestampResult(TimestampVerdict Verdict, DateTimeOffset? Time, string? Signer, string? SignerSha256, ChainRevocation? Revocation)
{
    /// <summary>True when the token covers the signed bytes, whoever made it.</summary>
    public bool Intact => Verdict is TimestampVerdict.Untrusted or TimestampVerdict.Trusted;
}

/// <summary>
/// A document timestamp (SubFilter ETSI.RFC3161): its /Contents must be an RFC 3161 token over the digest of the signed
/// bytes; its TSA must be certified for timestamping, chain to a trust anchor at the time it stamped, and not have been
/// revoked by then.
/// </summary>
internal sealed class DocumentTimestampValidator
{
    private readonly CertificateTrustValidator _trust;

    /// <summary>Creates a validator that judges TSAs with <paramref name="trust"/>.</summary>
    public DocumentTimestampValidator(CertificateTrustValidator trust) => _trust = trust;

    /// <summary>Checks <paramref name="contents"/> as a document timestamp over <paramref name="signedData"/>, adding a problem for what is wrong.</summary>
    public DocumentTimestampResult Validate(byte[] contents, byte[] signedData, RevocationValidator revocation, List<VerificationProblem> problems)
    {
        if (!CmsEncoding.TryReadTimestamp(CmsEncoding.TrimPadding(contents), out Rfc3161TimestampToken? token, out X509Certificate2Collection? pool))
        {
            problems.Add(new VerificationProblem(VerificationProblems.TimestampMalformed, "The document timestamp is not an RFC 3161 token."));
            return new DocumentTimestampResult(TimestampVerdict.Malformed, null, null, null, null);
        }

        HashAlgorithmName algorithm = HashOf(token.TokenInfo.HashAlgorithmId.Value);
        byte[] digest = algorithm == HashAlgorithmName.SHA512 ? SHA512.HashData(signedData) : algorithm == HashAlgorithmName.SHA384 ? SHA384.HashData(signedData) : SHA256.HashData(signedData);
        if (!token.VerifySignatureForHash(digest, algorithm, out X509Certificate2? tsa, pool))
        {
            problems.Add(new VerificationProblem(VerificationProblems.DigestMismatch, "The document timestamp does not match the signed bytes."));
            return new DocumentTimestampResult(TimestampVerdict.Mismatch, null, tsa?.Subject, null, null);
        }

        DateTimeOffset time = token.TokenInfo.Timestamp;
        string? signer = tsa?.Subject;
        string? hash = tsa is null ? null : CmsEncoding.Sha256Of(tsa);
        if (!_trust.IsTrustedTimestampAuthority(tsa, pool, problems, time))
        {
            return new DocumentTimestampResult(TimestampVerdict.Untrusted, time, signer, hash, null);
        }

        // The TSA's certificate must not have been revoked when it stamped the document.
        ChainRevocation chain = revocation.CheckDocumentTimestampAuthority(tsa!, pool, time, problems);
        return new DocumentTimestampResult(TimestampVerdict.Trusted, time, signer, hash, chain);
    }

    private static HashAlgorithmName HashOf(string? oid) => oid switch
    {
        "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
        "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };
}
