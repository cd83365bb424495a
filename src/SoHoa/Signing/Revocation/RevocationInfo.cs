using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing.Revocation;

/// <summary>The status an OCSP response or a CRL gives a certificate.</summary>
public enum RevocationStatus
{
    /// <summary>No usable revocation information.</summary>
    Unknown = 0,

    /// <summary>Not revoked when the information was produced.</summary>
    Good = 1,

    /// <summary>Revoked.</summary>
    Revoked = 2,
}

/// <summary>One certificate's status as read from an OCSP response or a CRL.</summary>
/// <param name="Status">Good, revoked or unknown.</param>
/// <param name="ThisUpdate">
/// The time at which the status is known to have been correct (OCSP thisUpdate, CRL thisUpdate): what a verifier
/// compares with the signing time, since information from before it cannot prove the certificate unrevoked then.
/// </param>
/// <param name="RevokedAt">When the certificate was revoked, if it was.</param>
/// <param name="Source">"OCSP" or "CRL".</param>
public sealed record RevocationInfo(RevocationStatus Status, DateTimeOffset ThisUpdate, DateTimeOffset? RevokedAt, string Source)
{
    /// <summary>When newer information will be available (OCSP and CRL nextUpdate); null when the issuer gives none.</summary>
    public DateTimeOffset? NextUpdate { get; init; }

    /// <summary>The reason the issuer gave for a revocation (RFC 5280 CRLReason); null when it gave none or the certificate is not revoked.</summary>
    public X509RevocationReason? Reason { get; init; }
}
