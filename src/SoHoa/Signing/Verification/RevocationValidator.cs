using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing.Verification;

/// <summary>
/// The revocation layer: checks a chain with <see cref="RevocationChecker"/> at the time that matters for it, and
/// remembers every chain whose evidence is incomplete, so that <see cref="PdfSignatureVerifier.VerifyAsync"/> can fetch it
/// online and verify again.
/// </summary>
internal sealed class RevocationValidator
{
    private readonly RevocationChecker _checker;
    private readonly List<IReadOnlyList<X509Certificate2>>? _missing;

    /// <summary>Creates a validator over <paramref name="checker"/>; <paramref name="missing"/>, when given, collects the incomplete chains.</summary>
    public RevocationValidator(RevocationChecker checker, List<IReadOnlyList<X509Certificate2>>? missing)
    {
        _checker = checker;
        _missing = missing;
    }

    /// <summary>The chain of the signature timestamp's TSA, at the time it stamped (a time the timestamp itself proves).</summary>
    public ChainRevocation CheckSignatureTimestampAuthority(X509Certificate2 authority, X509Certificate2Collection pool, DateTimeOffset stampedAt, List<VerificationProblem> problems) =>
        Noted(_checker.Check(authority, pool, stampedAt, proven: true, "the signature timestamp's TSA", "the signature timestamp's time", problems));

    /// <summary>The signer's chain at the best-signature-time, which <paramref name="proven"/> says a timestamp proves (else it is now).</summary>
    public ChainRevocation CheckSigner(X509Certificate2 certificate, X509Certificate2Collection pool, DateTimeOffset best, bool proven, List<VerificationProblem> problems) =>
        Noted(_checker.Check(certificate, pool, best, proven, "the signer", proven ? "the signature timestamp's time" : "the time of verification (no timestamp)", problems));

    /// <summary>The chain of a document timestamp's TSA, at the time it stamped the document.</summary>
    public ChainRevocation CheckDocumentTimestampAuthority(X509Certificate2 authority, X509Certificate2Collection pool, DateTimeOffset stampedAt, List<VerificationProblem> problems) =>
        Noted(_checker.Check(authority, pool, stampedAt, proven: true, "the document timestamp's TSA", "the document timestamp's time", problems));

    /// <summary>Remembers a chain whose revocation data is incomplete, for <see cref="PdfSignatureVerifier.VerifyAsync"/> to fetch online.</summary>
    private ChainRevocation Noted(ChainRevocation revocation)
    {
        if (!revocation.Complete && !revocation.Revoked)
        {
            _missing?.Add(revocation.Chain);
        }

        return revocation;
    }
}
