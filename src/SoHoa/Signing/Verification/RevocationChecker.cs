using System.Security.Cryptography.X509Certificates;
using SoHoa.Signing.Revocation;

namespace SoHoa.Signing.Verification;

/// <summary>
/// Judges the revocation evidence (OCSP responses and CRLs from the DSS, or fetched online) for a certificate chain
/// against the time that matters for it: a signature's best-signature-time, or a timestamp's time. In the spirit of
/// ETSI EN 319 102-1:
/// <list type="bullet">
/// <item>a certificate revoked at or before that time fails;</item>
/// <item>one revoked after a time that a timestamp proves does not invalidate what was signed (a warning says so);</item>
/// <item>evidence shows a certificate unrevoked at that time only when its thisUpdate is at or after it; for a CA
/// certificate, evidence that was current then (thisUpdate before it, nextUpdate after it) is also accepted, since a CA's
/// status is published on a schedule; without a timestamp the time is now, and current evidence is accepted;</item>
/// <item>evidence issued before the time proves nothing about it: it is reported as stale, and does not count towards B-LT.</item>
/// </list>
/// </summary>
internal sealed class RevocationChecker
{
    /// <summary>How far ahead of the time a revocation source's clock may run for its evidence to count as current then.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(1);

    private readonly ValidationMaterial _dss;
    private readonly X509Certificate2Collection _dssCertificates;
    private readonly ValidationMaterial? _online;
    private readonly X509Certificate2Collection _anchors;
    private readonly bool _fetches;

    /// <summary>
    /// Creates a checker over the DSS material, and over <paramref name="online"/> when it was fetched; <paramref name="fetches"/>
    /// says the verifier fetches what is missing online, so that messages can say "or online".
    /// </summary>
    public RevocationChecker(ValidationMaterial dss, X509Certificate2Collection dssCertificates, ValidationMaterial? online, X509Certificate2Collection anchors, bool fetches)
    {
        _dss = dss;
        _dssCertificates = dssCertificates;
        _online = online;
        _anchors = anchors;
        _fetches = fetches;
    }

    /// <summary>
    /// Checks every certificate of <paramref name="leaf"/>'s chain but its root at <paramref name="at"/>, adding problems
    /// that name <paramref name="role"/> (such as "the signer" or "the signature timestamp's TSA") and <paramref name="what"/>
    /// the time is. <paramref name="proven"/> is true when the time comes from a timestamp, false when it is only the time
    /// of verification.
    /// </summary>
    public ChainRevocation Check(X509Certificate2 leaf, X509Certificate2Collection pool, DateTimeOffset at, bool proven, string role, string what, List<VerificationProblem> problems)
    {
        var candidates = new X509Certificate2Collection(pool);
        candidates.AddRange(_dssCertificates);
        IReadOnlyList<X509Certificate2> chain = CertificateChains.Build(leaf, candidates, _anchors);
        bool complete = chain.Count > 1 && chain[^1].SubjectName.RawData.AsSpan().SequenceEqual(chain[^1].IssuerName.RawData);
        bool fromDss = true;
        bool revoked = false;
        var sources = new List<string>();
        for (int i = 0; i + 1 < chain.Count; i++)
        {
            X509Certificate2 certificate = chain[i];
            string subject = $"'{certificate.Subject}' ({(i == 0 ? role : "a CA of " + role)})";
            bool isCa = i > 0;
            Judgement inDss = Judge(certificate, chain[i + 1], _dss, at, proven, isCa);
            Judgement judgement = inDss;
            if (inDss.Accepted is null && _online is not null)
            {
                Judgement online = Judge(certificate, chain[i + 1], _online, at, proven, isCa);
                if (online.Accepted is not null)
                {
                    judgement = online;
                    fromDss = false;
                }
            }

            if (inDss.Accepted is null && inDss.Stale is { } stale)
            {
                problems.Add(new VerificationProblem(VerificationProblems.RevocationStale,
                    $"The newest revocation data for {subject} in the DSS, {stale.Source} of {stale.ThisUpdate:u}{(stale.NextUpdate is { } next ? $" (next update {next:u})" : string.Empty)}, was issued before {what} ({at:u}): it does not show the certificate unrevoked at that time, so no long-term level (B-LT) is claimed from it.",
                    IsError: false));
            }

            if (judgement.Accepted is not { } info)
            {
                complete = false;
                if (inDss.Stale is null)
                {
                    problems.Add(new VerificationProblem(VerificationProblems.RevocationMissing, $"No revocation data (OCSP or CRL) for {subject} in the DSS{(_online is null && !_fetches ? string.Empty : " or online")}.", IsError: false));
                }

                continue;
            }

            sources.Add(info.Source);
            if (info.Status != RevocationStatus.Revoked)
            {
                continue;
            }

            if (info.RevokedAt is { } revokedAt && revokedAt > at && proven)
            {
                problems.Add(new VerificationProblem(VerificationProblems.RevocationRevokedAfterTimestamp,
                    $"The certificate {subject} was revoked on {revokedAt:u} ({info.Source}), after {what} ({at:u}), which a timestamp proves: what was signed before the revocation stays valid.",
                    IsError: false));
                continue;
            }

            revoked = true;
            problems.Add(new VerificationProblem(VerificationProblems.RevocationRevoked,
                $"The certificate {subject} was revoked on {info.RevokedAt:u} ({info.Source}), {(proven ? "before " + what : "and no timestamp proves it signed before that")} ({at:u})."));
        }

        string? summary = sources.Count == 0 ? null : (revoked ? "revoked" : complete ? "good" : "incomplete") + " (" + string.Join(", ", sources.Distinct(StringComparer.Ordinal)) + ")";
        return new ChainRevocation(chain, summary, complete && !revoked, complete && !revoked && fromDss, revoked);
    }

    /// <summary>
    /// The evidence to rely on for one certificate in <paramref name="material"/>: a revocation at or before the time wins;
    /// then any accepted evidence (a later revocation, or "good"); otherwise the newest evidence, which is stale.
    /// </summary>
    private static Judgement Judge(X509Certificate2 certificate, X509Certificate2 issuer, ValidationMaterial material, DateTimeOffset at, bool proven, bool isCa)
    {
        var found = new List<RevocationInfo>();
        foreach (byte[] response in material.OcspResponses)
        {
            if (OcspMessages.ReadResponse(response, certificate, issuer, out _) is { Status: not RevocationStatus.Unknown } info)
            {
                found.Add(info);
            }
        }

        foreach (byte[] crl in material.Crls)
        {
            if (CrlReader.Read(crl, certificate, issuer, out _) is { } info)
            {
                found.Add(info);
            }
        }

        // A revocation is final whenever it was published: it never needs to be fresh.
        RevocationInfo? revokedBefore = found.FirstOrDefault(i => i.Status == RevocationStatus.Revoked && (i.RevokedAt is not { } r || r <= at));
        if (revokedBefore is not null)
        {
            return new Judgement(revokedBefore, null);
        }

        RevocationInfo? accepted = found.Where(i => Shows(i, at, proven, isCa)).OrderByDescending(i => i.Status == RevocationStatus.Revoked).ThenByDescending(i => i.ThisUpdate).FirstOrDefault();
        return accepted is not null ? new Judgement(accepted, null) : new Judgement(null, found.OrderByDescending(i => i.ThisUpdate).FirstOrDefault());
    }

    /// <summary>Whether <paramref name="info"/> shows the certificate's status at <paramref name="at"/>.</summary>
    private static bool Shows(RevocationInfo info, DateTimeOffset at, bool proven, bool isCa)
    {
        // OCSP, CRL and timestamp times are written in whole seconds: compare at that resolution.
        bool issuedAfter = info.ThisUpdate >= at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));
        bool current = info.ThisUpdate <= at + ClockSkew && (info.NextUpdate is not { } next || at <= next);
        return issuedAfter || ((isCa || !proven) && current);
    }

    private sealed record Judgement(RevocationInfo? Accepted, RevocationInfo? Stale);
}

/// <summary>What revocation checking found for one chain.</summary>
/// <param name="Chain">The chain, leaf first, as far as the certificates at hand reach.</param>
/// <param name="Summary"><c>good</c>, <c>revoked</c> or <c>incomplete</c>, with the sources; null when nothing was found.</param>
/// <param name="Complete">True when every certificate but the root has accepted evidence and none is revoked.</param>
/// <param name="CompleteFromDss">True when the DSS alone made it complete.</param>
/// <param name="Revoked">True when a certificate was revoked at or before the time (or with no timestamp to prove otherwise).</param>
internal sealed record ChainRevocation(IReadOnlyList<X509Certificate2> Chain, string? Summary, bool Complete, bool CompleteFromDss, bool Revoked);
