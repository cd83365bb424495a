using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing.Verification;

/// <summary>What the check of an RFC 3161 timestamp found.</summary>
internal enum TimestampVerdict
{
    /// <summary>Not an RFC 3161 token.</summary>
    Malformed,

    /// <summary>The token does not cover what it should (the signature value, or the signed bytes of the document).</summary>
    Mismatch,

    /// <summary>The token covers it, but its signer is no TSA or does not chain to a trust anchor: it proves no time.</summary>
    Untrusted,

    /// <summary>The token covers it and its TSA is trusted at the time it stamped.</summary>
    Trusted,
}

/// <summary>The signature timestamp of a CAdES signature: its verdict, and for a trusted one its time, TSA and certificates.</summary>
internal sealed record SignatureTimestamp(TimestampVerdict Verdict, DateTimeOffset? Time, X509Certificate2? Authority, X509Certificate2Collection Pool)
{
    /// <summary>The timestamp's TSA and time, when a trusted TSA proves the time; null otherwise.</summary>
    public (X509Certificate2 Authority, DateTimeOffset Time)? Proof => Verdict == TimestampVerdict.Trusted && Authority is not null && Time is { } time ? (Authority, time) : null;
}

/// <summary>
/// The timestamp layer of a CAdES signature: the signature-time-stamp attribute (RFC 3161 token over the signature
/// value, ETSI EN 319 122-1) must cover this signature's value and come from a TSA that chains to a trust anchor at its
/// time. Whether that TSA was revoked before it stamped is judged after, by <see cref="RevocationValidator"/>.
/// </summary>
internal sealed class SignatureTimestampValidator
{
    private const string IdSignatureTimeStampToken = "1.2.840.113549.1.9.16.2.14";
    private readonly CertificateTrustValidator _trust;

    /// <summary>Creates a validator that judges TSAs with <paramref name="trust"/>.</summary>
    public SignatureTimestampValidator(CertificateTrustValidator trust) => _trust = trust;

    /// <summary>Checks the signature timestamp of <paramref name="signer"/>, adding a problem for what is wrong; null when it has none.</summary>
    public SignatureTimestamp? Validate(SignerInfo signer, List<VerificationProblem> problems)
    {
        if (signer.UnsignedAttributes.Cast<CryptographicAttributeObject>().FirstOrDefault(a => a.Oid.Value == IdSignatureTimeStampToken) is not { } attribute)
        {
            return null;
        }

        if (attribute.Values.Count != 1 || !CmsEncoding.TryReadTimestamp(attribute.Values[0].RawData, out Rfc3161TimestampToken? token, out X509Certificate2Collection? pool))
        {
            problems.Add(new VerificationProblem(VerificationProblems.TimestampMalformed, "The signature timestamp is not an RFC 3161 token."));
            return new SignatureTimestamp(TimestampVerdict.Malformed, null, null, []);
        }

        if (!token.VerifySignatureForData(signer.GetSignature(), out X509Certificate2? tsa, pool))
        {
            problems.Add(new VerificationProblem(VerificationProblems.TimestampMismatch, "The signature timestamp does not cover this signature's value."));
            return new SignatureTimestamp(TimestampVerdict.Mismatch, null, null, []);
        }

        DateTimeOffset time = token.TokenInfo.Timestamp;
        return _trust.IsTrustedTimestampAuthority(tsa, pool, problems, time)
            ? new SignatureTimestamp(TimestampVerdict.Trusted, time, tsa, pool)
            : new SignatureTimestamp(TimestampVerdict.Untrusted, null, null, []);
    }
}
