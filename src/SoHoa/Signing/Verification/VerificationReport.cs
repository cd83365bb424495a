namespace SoHoa.Signing.Verification;

/// <summary>The verdict on a PDF's signatures.</summary>
/// <param name="Signatures">One report per signature, in the order they were made.</param>
/// <param name="Problems">Problems with the file as a whole (unreadable, bytes after the last revision, no signature).</param>
public sealed record VerificationReport(IReadOnlyList<SignatureReport> Signatures, IReadOnlyList<VerificationProblem> Problems)
{
    /// <summary>True only when there is at least one signature, every signature is valid, and nothing disallowed changed.</summary>
    public bool IsValid => Signatures.Count > 0 && Problems.Count == 0 && Signatures.All(s => s.IsValid);
}

/// <summary>What was found about one signature.</summary>
/// <param name="FieldName">The signature field's name.</param>
/// <param name="SubFilter">The signature format, such as <c>ETSI.CAdES.detached</c>.</param>
/// <param name="Signer">The signer certificate's subject, when the CMS could be read.</param>
/// <param name="SignerCertificateSha256">The SHA-256 of the signer certificate.</param>
/// <param name="SigningTime">The claimed signing time (<c>/M</c>); not proof without a timestamp.</param>
/// <param name="Revision">The revision (from 0) the signature covers.</param>
/// <param name="CoversWholeDocument">True when the signature covers the whole file as it is now.</param>
/// <param name="IntegrityValid">True when the byte range is well-formed, covers its revision, and the digest and CMS signature check out.</param>
/// <param name="CertificateTrusted">True when the signer's certificate chains to a configured trust anchor.</param>
/// <param name="Level">The PAdES baseline level reached (B-B, B-T, B-LT, B-LTA), or null.</param>
/// <param name="ChangesAfter">Every change made by later revisions, each classified as allowed or not.</param>
/// <param name="Problems">Why the signature is not valid, or warnings.</param>
public sealed record SignatureReport(
    string FieldName,
    string? SubFilter,
    string? Signer,
    string? SignerCertificateSha256,
    DateTimeOffset? SigningTime,
    int? Revision,
    bool CoversWholeDocument,
    bool IntegrityValid,
    bool CertificateTrusted,
    string? Level,
    IReadOnlyList<LaterChange> ChangesAfter,
    IReadOnlyList<VerificationProblem> Problems)
{
    /// <summary>
    /// The time of the signature's trusted RFC 3161 timestamp (B-T and up), or of the document timestamp itself; null
    /// when there is none, or its authority's certificate was revoked before it.
    /// </summary>
    public DateTimeOffset? TimestampTime { get; init; }

    /// <summary>
    /// The time the signer's certificate and its revocation were judged at: <see cref="TimestampTime"/> when a trusted
    /// timestamp proves it, else the time of verification. Revocation data issued before it does not count.
    /// </summary>
    public DateTimeOffset? BestSignatureTime { get; init; }

    /// <summary>
    /// What revocation checking found for the signer's chain (for a document timestamp, its TSA's chain): <c>good</c>,
    /// <c>revoked</c> or <c>incomplete</c>, with the sources (OCSP, CRL); null when nothing was found.
    /// </summary>
    public string? Revocation { get; init; }

    /// <summary>The same for the chain of the signature timestamp's TSA, judged at the timestamp's time; null without a timestamp.</summary>
    public string? TimestampRevocation { get; init; }

    /// <summary>
    /// True when the DSS alone held revocation data, issued after the best-signature-time, for the whole signer's chain
    /// and the whole chain of the signature timestamp's TSA (for a document timestamp: its TSA's chain): what B-LT needs.
    /// </summary>
    public bool RevocationFromDss { get; init; }

    /// <summary>For a certification signature, its DocMDP permission: 1 (no changes), 2 (form filling and signing) or 3 (also annotations); null otherwise.</summary>
    public int? DocMdpPermission { get; init; }

    /// <summary>True when integrity holds, the certificate is trusted, and every later change is allowed.</summary>
    public bool IsValid => IntegrityValid && CertificateTrusted && ChangesAfter.All(c => c.Allowed) && Problems.All(p => !p.IsError);
}

/// <summary>An object added or redefined after a signature.</summary>
/// <param name="Revision">The revision that made the change.</param>
/// <param name="ObjectNumber">The object.</param>
/// <param name="What">What the object is, such as <c>signature dictionary</c> or <c>page content stream</c>.</param>
/// <param name="Allowed">
/// True when the change is allowed after this signature: DSS and document timestamps always; a new signature unless a
/// certification forbids changes (DocMDP P=1); form filling or annotations only where a certification grants them
/// (DocMDP P=2, P=3) and no FieldMDP lock of this signature covers the field.
/// </param>
public sealed record LaterChange(int Revision, int ObjectNumber, string What, bool Allowed)
{
    /// <summary>The rule that allows or forbids the change, such as <c>DocMDP P=1 of the certification signature 'Signature1' allows no change but DSS and document timestamps: no new signature</c>.</summary>
    public string Reason { get; init; } = string.Empty;
}

/// <summary>A finding of the verifier.</summary>
/// <param name="Code">A stable code, such as <c>byte-range.gap</c>.</param>
/// <param name="Message">What it means.</param>
/// <param name="IsError">True when it makes the signature (or the file) invalid; false for a warning.</param>
public sealed record VerificationProblem(string Code, string Message, bool IsError = true);
