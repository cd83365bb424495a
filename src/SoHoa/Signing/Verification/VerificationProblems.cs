namespace SoHoa.Signing.Verification;

/// <summary>
/// Every code a <see cref="VerificationProblem"/> can carry, in one place. The codes are part of the report (and its JSON):
/// they never change. They name what was found; whether a signature keeps its integrity is decided by the validators'
/// typed results, never by reading these codes back.
/// </summary>
internal static class VerificationProblems
{
    // The file as a whole.
    public const string PdfUnreadable = "pdf.unreadable";
    public const string PdfEncrypted = "pdf.encrypted";
    public const string FileAppended = "file.appended";
    public const string SignatureNone = "signature.none";
    public const string SignatureUnreadable = "signature.unreadable";

    // Byte range and /Contents (universal signature forgery, signature wrapping).
    public const string ByteRangeMissing = "byte-range.missing";
    public const string ContentsMissing = "contents.missing";
    public const string ContentsEmpty = "contents.empty";
    public const string ByteRangeShape = "byte-range.shape";
    public const string ByteRangeGap = "byte-range.gap";
    public const string ByteRangeRevision = "byte-range.revision";
    public const string ByteRangeDictionary = "byte-range.dictionary";

    // The CMS signature.
    public const string SubFilter = "subfilter";
    public const string CmsMalformed = "cms.malformed";
    public const string CmsSigners = "cms.signers";
    public const string CmsEncapsulated = "cms.encapsulated";
    public const string CmsUnsupportedAlgorithm = "cms.unsupported-algorithm";
    public const string DigestMismatch = "digest.mismatch";
    public const string CadesSigningCertificate = "cades.signing-certificate";

    // The signer's certificate and its chain.
    public const string CertificateMissing = "certificate.missing";
    public const string CertificateUntrusted = "certificate.untrusted";
    public const string CertificateNotValidAtTimestamp = "certificate.not-valid-at-timestamp";
    public const string CertificateNotValidNow = "certificate.not-valid-now";

    // Timestamps (the signature timestamp, and document timestamps).
    public const string TimestampMalformed = "timestamp.malformed";
    public const string TimestampMismatch = "timestamp.mismatch";
    public const string TimestampAuthority = "timestamp.authority";

    // Revocation.
    public const string RevocationStale = "revocation.stale";
    public const string RevocationMissing = "revocation.missing";
    public const string RevocationRevokedAfterTimestamp = "revocation.revoked-after-timestamp";
    public const string RevocationRevoked = "revocation.revoked";

    // Later changes.
    public const string DocMdpForbidden = "docmdp.forbidden";
    public const string ChangedAfterSigning = "changed-after-signing";
}
