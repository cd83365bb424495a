using System.Security.Cryptography.X509Certificates;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Revocation;

namespace SoHoa.Signing.Verification;

/// <summary>
/// Verifies every signature of a PDF and everything changed after it. Built against the published PDF signature
/// attacks: a byte range must be four ascending integers from 0 whose gap is exactly the /Contents string and whose end is
/// the end of a revision; every later revision passes a whitelist (DSS, document timestamps, new signature fields).
/// Reads signatures made by other tools too: adbe.pkcs7.detached as well as ETSI.CAdES.detached, BER with zero padding.
/// </summary>
public sealed class PdfSignatureVerifier
{
    private readonly SignatureVerifierOptions _options;
    private readonly TimeProvider _time;
    private readonly SignatureTimestampValidator _signatureTimestamps;
    private readonly DocumentTimestampValidator _documentTimestamps;
    private readonly SignerCertificateValidator _signerCertificates;

    /// <summary>Creates a verifier that trusts the anchors in <paramref name="options"/>.</summary>
    public PdfSignatureVerifier(SignatureVerifierOptions options, TimeProvider? timeProvider = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? TimeProvider.System;

        // The anchors are read when a chain is built, not copied here: anchors added to the options later still count.
        var trust = new CertificateTrustValidator(_options.TrustAnchors);
        _signatureTimestamps = new SignatureTimestampValidator(trust);
        _documentTimestamps = new DocumentTimestampValidator(trust);
        _signerCertificates = new SignerCertificateValidator(trust);
    }

    /// <summary>Verifies the PDF in <paramref name="pdf"/>. Never throws for a malformed or hostile file: the report says what is wrong.</summary>
    public VerificationReport Verify(ReadOnlyMemory<byte> pdf) => Verify(pdf, online: null, missing: null);

    /// <summary>
    /// Verifies the PDF, fetching revocation data online (with <see cref="SignatureVerifierOptions.RevocationFetcher"/>)
    /// for the certificates the file's DSS says nothing about.
    /// </summary>
    public async Task<VerificationReport> VerifyAsync(ReadOnlyMemory<byte> pdf, CancellationToken cancellationToken = default)
    {
        if (_options.RevocationFetcher is null)
        {
            return Verify(pdf);
        }

        var missing = new List<IReadOnlyList<X509Certificate2>>();
        VerificationReport first = Verify(pdf, online: null, missing);
        if (missing.Count == 0)
        {
            return first;
        }

        var online = new ValidationMaterial();
        foreach (IReadOnlyList<X509Certificate2> chain in missing)
        {
            await _options.RevocationFetcher.AddChainAsync(chain, online, forVerification: true, cancellationToken).ConfigureAwait(false);
        }

        return Verify(pdf, online, missing: null);
    }

    private VerificationReport Verify(ReadOnlyMemory<byte> pdf, ValidationMaterial? online, List<IReadOnlyList<X509Certificate2>>? missing)
    {
        PdfFileReader reader;
        try
        {
            reader = PdfFileReader.Open(pdf);
        }
        catch (PdfSyntaxException ex)
        {
            return new VerificationReport([], [new VerificationProblem(VerificationProblems.PdfUnreadable, "The file is not a readable PDF: " + ex.Message)]);
        }

        if (reader.IsEncrypted)
        {
            // Strings and streams are encrypted, the signature dictionaries' included: reading them as they are would report garbage.
            return new VerificationReport([], [new VerificationProblem(VerificationProblems.PdfEncrypted, "The file is encrypted (its trailer has /Encrypt): SoHoa does not decrypt PDFs, so its signatures cannot be read nor verified.")]);
        }

        var problems = new List<VerificationProblem>();
        long end = reader.LatestRevision.EndOffset;
        if (ByteRangeValidator.HasContentAfter(pdf.Span, end))
        {
            problems.Add(new VerificationProblem(VerificationProblems.FileAppended, $"{pdf.Length - end} bytes follow the last revision without a cross-reference section: content was appended outside any revision."));
        }

        var signatures = new List<SignatureReport>();
        try
        {
            var dss = DssMaterial.Read(reader);
            var revocation = new RevocationValidator(
                new RevocationChecker(dss.Material, dss.Certificates, online, _options.TrustAnchors, _options.RevocationFetcher is not null), missing);
            List<FoundSignature> found = SignatureDiscovery.Find(reader);
            DocMdp? certification = LaterChangesValidator.ReadCertification(reader, found);

            // One classifier for the file: what a revision changed does not depend on which signature asks. It knows which
            // signature dictionaries have a well-formed byte range and which revision each signs, so that a new object
            // counts as a signature only when it is one.
            var classifier = new ChangeClassifier(reader, CheckedSignatures(reader, pdf.Span, found));
            foreach (FoundSignature signature in found)
            {
                signatures.Add(VerifyOrReport(reader, pdf, signature, certification, revocation, classifier));
            }

            signatures = PadesLevelValidator.AssignLongTermLevels(reader, signatures);
        }
        catch (PdfSyntaxException ex)
        {
            problems.Add(new VerificationProblem(VerificationProblems.PdfUnreadable, "The signature fields cannot be read: " + ex.Message));
        }

        if (signatures.Count == 0 && problems.Count == 0)
        {
            problems.Add(new VerificationProblem(VerificationProblems.SignatureNone, "The file has no signature."));
        }

        return new VerificationReport(signatures.OrderBy(s => s.Revision ?? int.MaxValue).ToArray(), problems);
    }

    /// <summary>
    /// Verifies one signature; anything thrown while doing so (a malformed object deep in the file, a certificate the
    /// platform cannot read) becomes a problem in that signature's report instead of ending the verification.
    /// </summary>
    private SignatureReport VerifyOrReport(PdfFileReader reader, ReadOnlyMemory<byte> pdf, FoundSignature found, DocMdp? certification, RevocationValidator revocation, ChangeClassifier classifier)
    {
        try
        {
            var rules = new ModificationRules(found.Name, certification, LaterChangesValidator.ReadLocks(reader, found.Field, found.Signature));
            return VerifySignature(reader, pdf, found, revocation, classifier, rules);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            string what = ex is PdfSyntaxException ? "a malformed object" : "an unexpected error";
            return new SignatureReport(found.Name, null, null, null, null, null, false, false, false, null, [],
                [new VerificationProblem(VerificationProblems.SignatureUnreadable, $"The signature could not be checked because of {what} ({ex.GetType().Name}: {ex.Message}); it is not valid.")]);
        }
    }

    /// <summary>The signatures whose byte range is well formed and ends where a revision ends, by object number, with that revision.</summary>
    private static Dictionary<int, CheckedSignature> CheckedSignatures(PdfFileReader reader, ReadOnlySpan<byte> file, List<FoundSignature> found)
    {
        var result = new Dictionary<int, CheckedSignature>();
        foreach (FoundSignature signature in found)
        {
            try
            {
                if (ByteRangeValidator.CheckShape(reader, file, signature.Signature, []) is { } range && ByteRangeValidator.RevisionEndingAt(reader, file, range.SignedEnd) is { } revision)
                {
                    result[signature.Reference.ObjectNumber] = new CheckedSignature(revision, SignatureDiscovery.IsDocumentTimestamp(signature.Signature, reader));
                }
            }
            catch (PdfSyntaxException)
            {
                // Not a checked signature: its own report says why.
            }
        }

        return result;
    }

    /// <summary>
    /// Runs the layers in order, each adding its problems: byte range and revision, then the signature itself (CMS,
    /// timestamp, signer and trust, revocation; or the document timestamp), then what changed after it. The level comes
    /// from what they found, and B-LT and B-LTA once every signature is known.
    /// </summary>
    private SignatureReport VerifySignature(PdfFileReader reader, ReadOnlyMemory<byte> pdf, FoundSignature found, RevocationValidator revocation, ChangeClassifier classifier, ModificationRules rules)
    {
        var problems = new List<VerificationProblem>();
        PdfDictionary signature = found.Signature;
        string? subFilter = signature.GetName("SubFilter", reader)?.Value;
        DateTimeOffset? claimed = PdfDates.Parse(signature.GetString("M", reader)?.ToText());
        bool isDocumentTimestamp = SignatureDiscovery.IsDocumentTimestamp(signature, reader);

        ByteRangeResult byteRange = ByteRangeValidator.Validate(reader, pdf.Span, found.Reference, signature, problems);
        SignatureFindings findings = SignatureFindings.None;
        if (byteRange.Range is { } range)
        {
            // Checked even when the range is not a whole revision or the dictionary lies outside it: the report still
            // says who signed, and what is wrong besides.
            byte[] contents = signature.GetString("Contents", reader)!.Bytes.ToArray();
            byte[] signedData = range.SignedBytes(pdf.Span);
            findings = isDocumentTimestamp
                ? ValidateDocumentTimestamp(contents, signedData, revocation, problems)
                : ValidateSignature(contents, signedData, subFilter, revocation, problems);
        }

        // Integrity is the byte range's verdict and the signature's own: trust, timestamp and revocation problems make
        // the signature invalid, but say nothing about whether the signed bytes are intact.
        bool integrity = byteRange.Intact && findings.Intact;
        LaterChangesResult later = LaterChangesValidator.Validate(classifier, rules, byteRange.Revision, isDocumentTimestamp, problems);
        bool coversAll = byteRange.Range is { } covered && covered.SignedEnd == pdf.Length;
        return new SignatureReport(found.Name, subFilter, findings.Signer, findings.SignerSha256, claimed, byteRange.Revision, coversAll, integrity, findings.Trusted,
            integrity ? findings.Level : null, later.Changes, problems)
        {
            TimestampTime = findings.TimestampTime,
            BestSignatureTime = findings.BestSignatureTime,
            Revocation = findings.Revocation,
            TimestampRevocation = findings.TimestampRevocation,
            RevocationFromDss = findings.RevocationFromDss,
            DocMdpPermission = rules.Certification is { } certified && certified.FieldName == found.Name && certified.Revision == byteRange.Revision ? certified.Permission : null,
        };
    }

    /// <summary>
    /// A signature (not a document timestamp): its CMS; for CAdES its signature timestamp; then the time it is judged at
    /// (the best-signature-time); then its signer's certificate and chain, and its revocation, at that time.
    /// </summary>
    private SignatureFindings ValidateSignature(byte[] contents, byte[] signedData, string? subFilter, RevocationValidator revocation, List<VerificationProblem> problems)
    {
        CmsResult cms = CmsSignatureValidator.Validate(contents, signedData, subFilter, problems);
        var findings = new SignatureFindings(cms.Intact, cms.Certificate?.Subject, cms.Certificate is { } read ? CmsEncoding.Sha256Of(read) : null, Trusted: false, Level: null);
        if (!cms.Intact || cms.Certificate is not { } certificate)
        {
            return findings;
        }

        SignatureTimestamp? stamp = subFilter == CmsSignatureValidator.Cades ? _signatureTimestamps.Validate(cms.SignerInfo!, problems) : null;

        // The time comes first, since everything after is judged at it: a signature timestamp whose TSA was revoked before
        // it stamped proves no time, and the signature is then judged as of now, at B-B.
        ChainRevocation? tsa = stamp?.Proof is { } proof ? revocation.CheckSignatureTimestampAuthority(proof.Authority, stamp.Pool, proof.Time, problems) : null;
        DateTimeOffset? proven = tsa is { Revoked: true } ? null : stamp?.Proof?.Time;
        DateTimeOffset best = proven ?? _time.GetUtcNow();
        SignerCertificateResult signer = _signerCertificates.Validate(certificate, cms.Pool, best, proven is not null, problems);
        ChainRevocation chain = revocation.CheckSigner(certificate, cms.Pool, best, proven is not null, problems);
        return findings with
        {
            Trusted = signer.Trusted,
            Level = PadesLevelValidator.SignatureLevel(subFilter, cms, proven),
            TimestampTime = proven,
            BestSignatureTime = best,
            Revocation = chain.Summary,
            TimestampRevocation = tsa?.Summary,
            RevocationFromDss = chain.CompleteFromDss && tsa is { CompleteFromDss: true },
        };
    }

    /// <summary>A document timestamp: its token over the signed bytes, its TSA's trust and revocation at the time it stamped.</summary>
    private SignatureFindings ValidateDocumentTimestamp(byte[] contents, byte[] signedData, RevocationValidator revocation, List<VerificationProblem> problems)
    {
        DocumentTimestampResult stamp = _documentTimestamps.Validate(contents, signedData, revocation, problems);
        return new SignatureFindings(stamp.Intact, stamp.Signer, stamp.SignerSha256, stamp.Verdict == TimestampVerdict.Trusted, stamp.Intact ? PadesLevelValidator.DocumentTimestamp : null)
        {
            TimestampTime = stamp.Time,
            BestSignatureTime = stamp.Time,
            Revocation = stamp.Revocation?.Summary,
            RevocationFromDss = stamp.Revocation?.CompleteFromDss ?? false,
        };
    }

    /// <summary>What the layers after the byte range found about one signature, for its report.</summary>
    private sealed record SignatureFindings(bool Intact, string? Signer, string? SignerSha256, bool Trusted, string? Level)
    {
        /// <summary>Nothing: the byte range was malformed, so nothing was checked.</summary>
        public static readonly SignatureFindings None = new(false, null, null, false, null);

        public DateTimeOffset? TimestampTime { get; init; }

        public DateTimeOffset? BestSignatureTime { get; init; }

        public string? Revocation { get; init; }

        public string? TimestampRevocation { get; init; }

        public bool RevocationFromDss { get; init; }
    }
}
