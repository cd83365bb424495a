using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
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
    private const string IdSigningCertificate = "1.2.840.113549.1.9.16.2.12";
    private const string IdSigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
    private const string IdSignatureTimeStampToken = "1.2.840.113549.1.9.16.2.14";
    private readonly SignatureVerifierOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier that trusts the anchors in <paramref name="options"/>.</summary>
    public PdfSignatureVerifier(SignatureVerifierOptions options, TimeProvider? timeProvider = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? TimeProvider.System;
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
            return new VerificationReport([], [new VerificationProblem("pdf.unreadable", "The file is not a readable PDF: " + ex.Message)]);
        }

        if (reader.IsEncrypted)
        {
            // Strings and streams are encrypted, the signature dictionaries' included: reading them as they are would report garbage.
            return new VerificationReport([], [new VerificationProblem("pdf.encrypted", "The file is encrypted (its trailer has /Encrypt): SoHoa does not decrypt PDFs, so its signatures cannot be read nor verified.")]);
        }

        var problems = new List<VerificationProblem>();
        long end = reader.LatestRevision.EndOffset;
        if (HasContentAfter(pdf.Span, end))
        {
            problems.Add(new VerificationProblem("file.appended", $"{pdf.Length - end} bytes follow the last revision without a cross-reference section: content was appended outside any revision."));
        }

        var signatures = new List<SignatureReport>();
        try
        {
            var dss = DssMaterial.Read(reader);
            var checker = new RevocationChecker(dss.Material, dss.Certificates, online, _options.TrustAnchors, _options.RevocationFetcher is not null);
            List<(string Name, PdfReference Reference, PdfDictionary Signature, PdfDictionary Field)> found = FindSignatures(reader);
            var context = new RevocationContext(checker, missing, ReadCertification(reader, found));

            // One classifier for the file: what a revision changed does not depend on which signature asks. It knows which
            // signature dictionaries have a well-formed byte range and which revision each signs, so that a new object
            // counts as a signature only when it is one.
            var classifier = new ChangeClassifier(reader, CheckedSignatures(reader, pdf.Span, found));
            foreach ((string name, PdfReference reference, PdfDictionary signature, PdfDictionary field) in found)
            {
                signatures.Add(VerifyOrReport(reader, pdf, name, reference, signature, field, context, classifier));
            }

            signatures = AssignLongTermLevels(reader, signatures);
        }
        catch (PdfSyntaxException ex)
        {
            problems.Add(new VerificationProblem("pdf.unreadable", "The signature fields cannot be read: " + ex.Message));
        }

        if (signatures.Count == 0 && problems.Count == 0)
        {
            problems.Add(new VerificationProblem("signature.none", "The file has no signature."));
        }

        return new VerificationReport(signatures.OrderBy(s => s.Revision ?? int.MaxValue).ToArray(), problems);
    }

    /// <summary>
    /// Verifies one signature; anything thrown while doing so (a malformed object deep in the file, a certificate the
    /// platform cannot read) becomes a problem in that signature's report instead of ending the verification.
    /// </summary>
    private SignatureReport VerifyOrReport(PdfFileReader reader, ReadOnlyMemory<byte> pdf, string name, PdfReference reference, PdfDictionary signature, PdfDictionary field, RevocationContext context, ChangeClassifier classifier)
    {
        try
        {
            var rules = new ModificationRules(name, context.DocMdp, ReadLocks(reader, field, signature));
            return VerifySignature(reader, pdf, name, reference, signature, context, classifier, rules);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            string what = ex is PdfSyntaxException ? "a malformed object" : "an unexpected error";
            return new SignatureReport(name, null, null, null, null, null, false, false, false, null, [],
                [new VerificationProblem("signature.unreadable", $"The signature could not be checked because of {what} ({ex.GetType().Name}: {ex.Message}); it is not valid.")]);
        }
    }

    /// <summary>The signatures whose byte range is well formed and ends where a revision ends, by object number, with that revision.</summary>
    private static Dictionary<int, CheckedSignature> CheckedSignatures(PdfFileReader reader, ReadOnlySpan<byte> file, List<(string Name, PdfReference Reference, PdfDictionary Signature, PdfDictionary Field)> found)
    {
        var result = new Dictionary<int, CheckedSignature>();
        foreach ((_, PdfReference reference, PdfDictionary signature, _) in found)
        {
            try
            {
                if (CheckByteRange(reader, file, signature, []) is { } range && RevisionEndingAt(reader, file, range.Item3) is { } revision)
                {
                    bool timestamp = signature.GetName("SubFilter", reader)?.Value == "ETSI.RFC3161" || signature.GetName("Type", reader)?.Value == "DocTimeStamp";
                    result[reference.ObjectNumber] = new CheckedSignature(revision, timestamp);
                }
            }
            catch (PdfSyntaxException)
            {
                // Not a checked signature: its own report says why.
            }
        }

        return result;
    }

    private SignatureReport VerifySignature(PdfFileReader reader, ReadOnlyMemory<byte> pdf, string name, PdfReference reference, PdfDictionary signature, RevocationContext context, ChangeClassifier classifier, ModificationRules rules)
    {
        var problems = new List<VerificationProblem>();
        var facts = new SignatureFacts();
        string? subFilter = signature.GetName("SubFilter", reader)?.Value;
        DateTimeOffset? claimed = ParseDate(signature.GetString("M", reader)?.ToText());
        bool isDocumentTimestamp = subFilter == "ETSI.RFC3161" || signature.GetName("Type", reader)?.Value == "DocTimeStamp";

        (long ContentsStart, long ContentsEnd, long SignedEnd)? range = CheckByteRange(reader, pdf.Span, signature, problems);
        int? revision = null;
        bool integrity = false;
        bool trusted = false;
        string? signer = null;
        string? signerHash = null;
        string? level = null;
        if (range is { } r)
        {
            revision = RevisionEndingAt(reader, pdf.Span, r.SignedEnd);
            if (revision is null)
            {
                problems.Add(new VerificationProblem("byte-range.revision", "The signed range does not end where a revision ends: the signed data is not a whole version of the document."));
            }

            IndirectObjectCheck(reader, reference, r, problems);
            byte[] contents = signature.GetString("Contents", reader)!.Bytes.ToArray();
            byte[] signedData = [.. pdf.Span[..(int)r.ContentsStart], .. pdf.Span[(int)r.ContentsEnd..(int)r.SignedEnd]];
            if (isDocumentTimestamp)
            {
                (integrity, signer, signerHash, trusted) = CheckDocumentTimestamp(contents, signedData, problems, facts, context);
                level = integrity ? "document-timestamp" : null;
            }
            else
            {
                (integrity, signer, signerHash, level) = CheckCms(contents, signedData, subFilter, problems, facts);
                if (integrity && facts.Certificate is not null)
                {
                    trusted = CheckSigner(facts, context, problems, ref level);
                }
            }

            integrity &= revision is not null && problems.All(p => !p.IsError || p.Code.StartsWith("certificate", StringComparison.Ordinal) || p.Code.StartsWith("timestamp", StringComparison.Ordinal) || p.Code.StartsWith("revocation", StringComparison.Ordinal));
        }

        IReadOnlyList<LaterChange> changes = revision is { } rev ? classifier.ChangesAfter(rev, rules) : [];
        // A certification signature with /P 1 allows no later change but DSS and document timestamps (ISO 32000-2 12.8.2.2, 12.8.5.3).
        if (context.DocMdp is { Permission: 1 } certification && revision is { } laterThan && laterThan > certification.Revision && !isDocumentTimestamp)
        {
            problems.Add(new VerificationProblem("docmdp.forbidden", "The document was certified with DocMDP permission 1 (no changes allowed), yet this signature was added after the certification."));
        }

        foreach (LaterChange change in changes.Where(c => !c.Allowed))
        {
            problems.Add(new VerificationProblem("changed-after-signing", $"Revision {change.Revision} changed object {change.ObjectNumber} ({change.What}) after this signature: {change.Reason}."));
        }

        bool coversAll = range is { } covered && covered.SignedEnd == pdf.Length;
        return new SignatureReport(name, subFilter, signer, signerHash, claimed, revision, coversAll, integrity, trusted, integrity ? level : null, changes, problems)
        {
            TimestampTime = facts.TimestampTime,
            BestSignatureTime = facts.BestSignatureTime,
            Revocation = facts.Revocation,
            TimestampRevocation = facts.TimestampRevocation,
            RevocationFromDss = facts.RevocationFromDss,
            DocMdpPermission = context.DocMdp is { } certified && certified.FieldName == name && certified.Revision == revision ? certified.Permission : null,
        };
    }

    /// <summary>
    /// Judges the signer at the best-signature-time (the signature timestamp's time when its TSA holds up, else now):
    /// first the TSA's chain and revocation at the timestamp's time, then the signer certificate's validity period, its
    /// chain to the trust anchors, and its revocation. Returns whether the signer's chain is trusted.
    /// </summary>
    private bool CheckSigner(SignatureFacts facts, RevocationContext context, List<VerificationProblem> problems, ref string? level)
    {
        X509Certificate2 certificate = facts.Certificate!;
        ChainRevocation? tsa = null;
        if (facts.TimestampTime is { } stampedAt && facts.TimestampAuthority is { } authority)
        {
            tsa = context.Checker.Check(authority, facts.TimestampPool, stampedAt, proven: true, "the signature timestamp's TSA", "the signature timestamp's time", problems);
            context.NoteIncomplete(tsa);
            facts.TimestampRevocation = tsa.Summary;
            if (tsa.Revoked)
            {
                // A timestamp whose authority was revoked before it proves no time: the signature is judged as of now, at B-B.
                facts.TimestampTime = null;
                level = "B-B";
            }
        }

        bool proven = facts.TimestampTime is not null;
        DateTimeOffset best = facts.TimestampTime ?? _time.GetUtcNow();
        facts.BestSignatureTime = best;
        if (best < certificate.NotBefore || best > certificate.NotAfter)
        {
            problems.Add(proven
                ? new VerificationProblem("certificate.not-valid-at-timestamp", $"The signer's certificate was not valid when the signature was timestamped ({best:u}); it is valid from {certificate.NotBefore:u} to {certificate.NotAfter:u}.")
                : new VerificationProblem("certificate.not-valid-now", $"The signer's certificate is not valid now ({best:u}) and no timestamp proves the signature was made while it was; it is valid from {certificate.NotBefore:u} to {certificate.NotAfter:u}."));
        }

        bool trusted = ChainIsTrusted(certificate, facts.Pool, problems, best);
        ChainRevocation signer = context.Checker.Check(certificate, facts.Pool, best, proven, "the signer",
            proven ? "the signature timestamp's time" : "the time of verification (no timestamp)", problems);
        context.NoteIncomplete(signer);
        facts.Revocation = signer.Summary;
        facts.RevocationFromDss = signer.CompleteFromDss && tsa is { CompleteFromDss: true };
        return trusted;
    }

    /// <summary>
    /// B-LT needs the validation data in a DSS written after the signature (a later revision that adds or redefines
    /// the DSS); B-LTA, a valid document timestamp in that revision or a later one, which covers the DSS.
    /// </summary>
    private static List<SignatureReport> AssignLongTermLevels(PdfFileReader reader, List<SignatureReport> reports)
    {
        int? DssWrittenAfter(int signed)
        {
            for (int r = signed + 1; r < reader.Revisions.Count; r++)
            {
                try
                {
                    PdfObject? now = reader.GetCatalog(r)["DSS"];
                    PdfObject? before = reader.GetCatalog(r - 1)["DSS"];
                    bool written = now is not null && (before is null
                        || (now is PdfReference reference ? reader.Revisions[r].DefinedObjectNumbers.Contains(reference.ObjectNumber) : !ReferenceEquals(now, before)));
                    if (written)
                    {
                        return r;
                    }
                }
                catch (PdfSyntaxException)
                {
                    // An unreadable catalog: no DSS there.
                }
            }

            return null;
        }

        return reports.Select(report =>
        {
            if (report.Level != "B-T" || !report.RevocationFromDss || report.Revision is not { } signed || DssWrittenAfter(signed) is not { } dss)
            {
                return report;
            }

            bool archived = reports.Any(t => t.Level == "document-timestamp" && t.IsValid && t.Revision >= dss);
            return report with { Level = archived ? "B-LTA" : "B-LT" };
        }).ToList();
    }

    /// <summary>
    /// The certification signature: the one the catalog's /Perms /DocMDP names, in the first revision that has one, with
    /// the permission of its DocMDP transform (/Reference, TransformParams /P; 2 when absent) and the revision it signed.
    /// </summary>
    private static DocMdp? ReadCertification(PdfFileReader reader, List<(string Name, PdfReference Reference, PdfDictionary Signature, PdfDictionary Field)> signatures)
    {
        for (int r = 0; r < reader.Revisions.Count; r++)
        {
            IPdfObjectResolver resolver = reader.AsOfRevision(r);
            PdfDictionary catalog;
            try
            {
                catalog = reader.GetCatalog(r);
            }
            catch (PdfSyntaxException)
            {
                continue;
            }

            if (catalog.GetDictionary("Perms", resolver)?["DocMDP"] is not PdfReference certification)
            {
                continue;
            }

            (string Name, PdfReference Reference, PdfDictionary Signature, PdfDictionary Field) found = signatures.FirstOrDefault(s => s.Reference.ObjectNumber == certification.ObjectNumber);
            if (found.Signature is null)
            {
                return null;
            }

            int permission = 2;
            foreach (PdfObject item in found.Signature.GetArray("Reference", reader) ?? [])
            {
                if (reader.Resolve(item) is PdfDictionary reference && reference.GetName("TransformMethod", reader)?.Value == "DocMDP")
                {
                    permission = (int)(reference.GetDictionary("TransformParams", reader)?.GetInt("P", reader) ?? 2);
                }
            }

            reader.GetXrefEntry(certification.ObjectNumber, null, out int defined);
            return new DocMdp(Math.Clamp(permission, 1, 3), defined, found.Name);
        }

        return null;
    }

    /// <summary>The FieldMDP locks of a signature: its field's /Lock, and any FieldMDP transform in its /Reference.</summary>
    private static List<FieldLock> ReadLocks(PdfFileReader reader, PdfDictionary field, PdfDictionary signature)
    {
        var parameters = new List<PdfDictionary>();
        if (field.GetDictionary("Lock", reader) is { } fieldLock)
        {
            parameters.Add(fieldLock);
        }

        foreach (PdfObject item in signature.GetArray("Reference", reader) ?? [])
        {
            if (reader.Resolve(item) is PdfDictionary reference && reference.GetName("TransformMethod", reader)?.Value == "FieldMDP"
                && reference.GetDictionary("TransformParams", reader) is { } transform)
            {
                parameters.Add(transform);
            }
        }

        return parameters.Select(p => new FieldLock(
            p.GetName("Action", reader)?.Value ?? "All",
            (p.GetArray("Fields", reader) ?? []).Select(f => (reader.Resolve(f) as PdfString)?.ToText()).OfType<string>().ToHashSet(StringComparer.Ordinal),
            p.GetInt("P", reader) is { } permission ? (int)Math.Clamp(permission, 1, 3) : null)).ToList();
    }

    private sealed class SignatureFacts
    {
        public X509Certificate2? Certificate { get; set; }

        public X509Certificate2Collection Pool { get; set; } = [];

        public DateTimeOffset? TimestampTime { get; set; }

        public X509Certificate2? TimestampAuthority { get; set; }

        public X509Certificate2Collection TimestampPool { get; set; } = [];

        public DateTimeOffset? BestSignatureTime { get; set; }

        public string? Revocation { get; set; }

        public string? TimestampRevocation { get; set; }

        public bool RevocationFromDss { get; set; }
    }

    private sealed record RevocationContext(RevocationChecker Checker, List<IReadOnlyList<X509Certificate2>>? Missing, DocMdp? DocMdp)
    {
        /// <summary>Remembers a chain whose revocation data is incomplete, for <see cref="VerifyAsync"/> to fetch online.</summary>
        public void NoteIncomplete(ChainRevocation revocation)
        {
            if (!revocation.Complete && !revocation.Revoked)
            {
                Missing?.Add(revocation.Chain);
            }
        }
    }

    /// <summary>The certificates, OCSP responses and CRLs of the document security store.</summary>
    private sealed class DssMaterial
    {
        public ValidationMaterial Material { get; } = new();

        public X509Certificate2Collection Certificates { get; } = [];

        public static DssMaterial Read(PdfFileReader reader)
        {
            var result = new DssMaterial();
            if (reader.GetCatalog().GetDictionary("DSS", reader) is not { } dss)
            {
                return result;
            }

            IEnumerable<byte[]> Streams(string key) => (dss.GetArray(key, reader) ?? []).Select(o => reader.Resolve(o)).OfType<PdfStream>().Select(s => reader.DecodeStream(s));
            foreach (byte[] certificate in Streams("Certs"))
            {
                try
                {
                    result.Certificates.Add(X509CertificateLoader.LoadCertificate(certificate));
                }
                catch (CryptographicException)
                {
                    // Not a certificate: ignored, as it validates nothing.
                }
            }

            result.Material.OcspResponses.AddRange(Streams("OCSPs"));
            result.Material.Crls.AddRange(Streams("CRLs"));
            return result;
        }
    }

    /// <summary>The byte range must be four integers [0 a b c] with the gap [a, b) exactly the /Contents string, all inside the file.</summary>
    private static (long, long, long)? CheckByteRange(PdfFileReader reader, ReadOnlySpan<byte> file, PdfDictionary signature, List<VerificationProblem> problems)
    {
        if (signature.Get("ByteRange", reader) is not PdfArray { Count: 4 } array || array.Any(v => v is not PdfInteger))
        {
            problems.Add(new VerificationProblem("byte-range.missing", "The signature has no /ByteRange of four integers (universal signature forgery)."));
            return null;
        }

        long[] v = array.Select(x => ((PdfInteger)x).Value).ToArray();
        if (signature.Get("Contents", reader) is not PdfString contents || contents.Bytes.Length == 0)
        {
            problems.Add(new VerificationProblem("contents.missing", "The signature has no /Contents, or it is empty (universal signature forgery)."));
            return null;
        }

        if (contents.Span.IndexOfAnyExcept((byte)0) < 0)
        {
            problems.Add(new VerificationProblem("contents.empty", "The signature's /Contents is all zeros: nothing was signed (universal signature forgery)."));
            return null;
        }

        // Written so that no sum can overflow: each part is compared with what is left of the file.
        if (v[0] != 0 || v[1] <= 0 || v[2] <= v[1] || v[3] < 0 || v[2] > file.Length || v[3] > file.Length - v[2])
        {
            problems.Add(new VerificationProblem("byte-range.shape", $"The /ByteRange [{string.Join(' ', v)}] does not start at 0, is not ascending, or leaves the file."));
            return null;
        }

        if (contents.Source is not { } span || span.Start != v[1] || span.End != v[2])
        {
            problems.Add(new VerificationProblem("byte-range.gap", $"The unsigned gap [{v[1]}, {v[2]}) of the /ByteRange is not exactly the /Contents string (signature wrapping)."));
            return null;
        }

        return (v[1], v[2], v[2] + v[3]);
    }

    /// <summary>The signature dictionary itself must lie inside the signed bytes, or its /ByteRange could be anything.</summary>
    private static void IndirectObjectCheck(PdfFileReader reader, PdfReference reference, (long ContentsStart, long ContentsEnd, long SignedEnd) range, List<VerificationProblem> problems)
    {
        PdfIndirectObject? holder = reader.GetIndirectObject(reference.ObjectNumber);
        if (holder is { StartOffset: >= 0 } h && (h.EndOffset > range.SignedEnd || h.StartOffset > range.ContentsStart || h.EndOffset < range.ContentsEnd))
        {
            problems.Add(new VerificationProblem("byte-range.dictionary", "The signature dictionary in use is not the one inside the signed bytes (signature wrapping)."));
        }
    }

    private (bool Integrity, string? Signer, string? SignerHash, string? Level) CheckCms(byte[] contents, byte[] signedData, string? subFilter, List<VerificationProblem> problems, SignatureFacts facts)
    {
        if (subFilter is not ("ETSI.CAdES.detached" or "adbe.pkcs7.detached"))
        {
            problems.Add(new VerificationProblem("subfilter", $"The signature format '{subFilter ?? "(none)"}' is not one SoHoa verifies (ETSI.CAdES.detached, adbe.pkcs7.detached)."));
            return (false, null, null, null);
        }

        var cms = new SignedCms(new ContentInfo(signedData), detached: true);
        SignerInfoCollection signers;
        X509Certificate2Collection pool;
        try
        {
            cms.Decode(TrimPadding(contents));

            // SignedCms decodes its signer infos and certificates only when first asked: a corrupt one surfaces here.
            signers = cms.SignerInfos;
            pool = cms.Certificates;
        }
        catch (CryptographicException ex)
        {
            problems.Add(new VerificationProblem("cms.malformed", "The /Contents is not a CMS SignedData: " + ex.Message));
            return (false, null, null, null);
        }

        if (signers.Count != 1)
        {
            problems.Add(new VerificationProblem("cms.signers", $"The CMS holds {signers.Count} signers; a PDF signature has exactly one."));
            return (false, null, null, null);
        }

        if (HasEncapsulatedContent(TrimPadding(contents)))
        {
            problems.Add(new VerificationProblem("cms.encapsulated", "The CMS carries content of its own (encapsulated), but a PDF signature must be detached (ISO 32000-1 12.8.3.3): what it signs is not shown to be this document."));
            return (false, null, null, null);
        }

        SignerInfo info = signers[0];
        X509Certificate2? certificate;
        try
        {
            certificate = info.Certificate;
        }
        catch (CryptographicException ex)
        {
            // SignedCms reads certificates only when asked: a corrupt one surfaces here, not in Decode.
            problems.Add(new VerificationProblem("cms.malformed", "The signer's certificate inside the CMS cannot be read: " + ex.Message));
            return (false, null, null, null);
        }

        string? subject = certificate?.Subject;
        string? hash = certificate is null ? null : Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
        try
        {
            info.CheckSignature(verifySignatureOnly: true);
        }
        catch (Exception ex) when (ex is CryptographicException or NotSupportedException or PlatformNotSupportedException)
        {
            if (!IsSupportedAlgorithm(info.SignatureAlgorithm.Value) || !IsSupportedAlgorithm(info.DigestAlgorithm.Value))
            {
                problems.Add(new VerificationProblem("cms.unsupported-algorithm",
                    $"The signature uses an algorithm SoHoa cannot verify (signature {info.SignatureAlgorithm.FriendlyName ?? info.SignatureAlgorithm.Value}, digest {info.DigestAlgorithm.FriendlyName ?? info.DigestAlgorithm.Value}); nothing is known about whether the document changed."));
                return (false, subject, hash, null);
            }

            problems.Add(new VerificationProblem("digest.mismatch", "The signature does not match the signed bytes: the document was changed after signing, or the signature is damaged (" + ex.Message + ")."));
            return (false, subject, hash, null);
        }

        if (certificate is null)
        {
            problems.Add(new VerificationProblem("certificate.missing", "The CMS does not include the signer's certificate."));
            return (true, null, null, null);
        }

        string? level = null;
        if (subFilter == "ETSI.CAdES.detached")
        {
            if (!SigningCertificateMatches(info, certificate))
            {
                problems.Add(new VerificationProblem("cades.signing-certificate", "A CAdES signature must carry a signing-certificate-v2 attribute (or, with SHA-1, the older signing-certificate attribute) matching its signer's certificate."));
                return (false, subject, hash, null);
            }

            level = "B-B";
            if (info.UnsignedAttributes.Cast<CryptographicAttributeObject>().FirstOrDefault(a => a.Oid.Value == IdSignatureTimeStampToken) is { } stamp)
            {
                CheckSignatureTimestamp(stamp, info.GetSignature(), problems, facts);
                level = facts.TimestampTime is null ? level : "B-T";
            }
        }

        facts.Certificate = certificate;
        facts.Pool = pool;
        return (true, subject, hash, level);
    }

    private (bool Integrity, string? Signer, string? SignerHash, bool Trusted) CheckDocumentTimestamp(byte[] contents, byte[] signedData, List<VerificationProblem> problems, SignatureFacts facts, RevocationContext context)
    {
        if (!TryReadTimestamp(TrimPadding(contents), out Rfc3161TimestampToken? token, out X509Certificate2Collection? pool))
        {
            problems.Add(new VerificationProblem("timestamp.malformed", "The document timestamp is not an RFC 3161 token."));
            return (false, null, null, false);
        }

        HashAlgorithmName algorithm = HashOf(token.TokenInfo.HashAlgorithmId.Value);
        byte[] digest = algorithm == HashAlgorithmName.SHA512 ? SHA512.HashData(signedData) : algorithm == HashAlgorithmName.SHA384 ? SHA384.HashData(signedData) : SHA256.HashData(signedData);
        if (!token.VerifySignatureForHash(digest, algorithm, out X509Certificate2? tsa, pool))
        {
            problems.Add(new VerificationProblem("digest.mismatch", "The document timestamp does not match the signed bytes."));
            return (false, tsa?.Subject, null, false);
        }

        DateTimeOffset time = token.TokenInfo.Timestamp;
        bool trusted = tsa is not null && IsTimestampAuthority(tsa, problems) && ChainIsTrusted(tsa, pool, problems, time);
        facts.TimestampTime = time;
        facts.BestSignatureTime = time;
        if (trusted)
        {
            // The TSA's certificate must not have been revoked when it stamped the document.
            ChainRevocation revocation = context.Checker.Check(tsa!, pool, time, proven: true, "the document timestamp's TSA", "the document timestamp's time", problems);
            context.NoteIncomplete(revocation);
            facts.Revocation = revocation.Summary;
            facts.RevocationFromDss = revocation.CompleteFromDss;
        }

        return (true, tsa?.Subject, tsa is null ? null : Convert.ToHexStringLower(SHA256.HashData(tsa.RawData)), trusted);
    }

    /// <summary>Decodes an RFC 3161 token and the certificates it carries (which SignedCms reads only when asked, and may find corrupt).</summary>
    private static bool TryReadTimestamp(ReadOnlyMemory<byte> encoded, [NotNullWhen(true)] out Rfc3161TimestampToken? token, [NotNullWhen(true)] out X509Certificate2Collection? pool)
    {
        pool = null;
        try
        {
            if (!Rfc3161TimestampToken.TryDecode(encoded, out token, out _))
            {
                return false;
            }

            pool = token.AsSignedCms().Certificates;
            return true;
        }
        catch (CryptographicException)
        {
            token = null;
            return false;
        }
    }

    /// <summary>Records the time and authority of a valid signature timestamp from a trusted TSA, or adds a problem saying why there is none.</summary>
    private void CheckSignatureTimestamp(CryptographicAttributeObject attribute, byte[] signatureValue, List<VerificationProblem> problems, SignatureFacts facts)
    {
        if (attribute.Values.Count != 1 || !TryReadTimestamp(attribute.Values[0].RawData, out Rfc3161TimestampToken? token, out X509Certificate2Collection? pool))
        {
            problems.Add(new VerificationProblem("timestamp.malformed", "The signature timestamp is not an RFC 3161 token."));
            return;
        }

        if (!token.VerifySignatureForData(signatureValue, out X509Certificate2? tsa, pool))
        {
            problems.Add(new VerificationProblem("timestamp.mismatch", "The signature timestamp does not cover this signature's value."));
            return;
        }

        DateTimeOffset time = token.TokenInfo.Timestamp;
        if (tsa is not null && IsTimestampAuthority(tsa, problems) && ChainIsTrusted(tsa, pool, problems, time))
        {
            facts.TimestampTime = time;
            facts.TimestampAuthority = tsa;
            facts.TimestampPool = pool;
        }
    }

    private static bool IsTimestampAuthority(X509Certificate2 tsa, List<VerificationProblem> problems)
    {
        bool ok = tsa.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == "1.3.6.1.5.5.7.3.8"));
        if (!ok)
        {
            problems.Add(new VerificationProblem("timestamp.authority", $"The timestamp's signer '{tsa.Subject}' is not certified for timestamping (extended key usage id-kp-timeStamping)."));
        }

        return ok;
    }

    private bool ChainIsTrusted(X509Certificate2 certificate, X509Certificate2Collection extra, List<VerificationProblem> problems, DateTimeOffset at)
    {
        if (_options.TrustAnchors.Count == 0)
        {
            problems.Add(new VerificationProblem("certificate.untrusted", $"No trust anchor is configured, so '{certificate.Subject}' cannot be trusted; give --trust <ca.pem>."));
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_options.TrustAnchors);
        chain.ChainPolicy.ExtraStore.AddRange(extra);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // The chain is judged at the best-signature-time: with a trusted timestamp, a certificate that expired since is still fine.
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        if (chain.Build(certificate))
        {
            return true;
        }

        string why = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal));
        problems.Add(new VerificationProblem("certificate.untrusted", $"The certificate '{certificate.Subject}' does not chain to a trusted anchor: {why}"));
        return false;
    }

    /// <summary>
    /// True when the signing-certificate-v2 attribute (RFC 5035), or where it is absent the older signing-certificate
    /// attribute (RFC 2634, SHA-1 only, which ETSI EN 319 122-1 still allows), names the signer's certificate by its hash.
    /// </summary>
    private static bool SigningCertificateMatches(SignerInfo info, X509Certificate2 certificate)
    {
        CryptographicAttributeObject[] attributes = info.SignedAttributes.Cast<CryptographicAttributeObject>().ToArray();
        CryptographicAttributeObject? attribute = attributes.FirstOrDefault(a => a.Oid.Value == IdSigningCertificateV2);
        bool version1 = attribute is null;
        attribute ??= attributes.FirstOrDefault(a => a.Oid.Value == IdSigningCertificate);
        if (attribute is null || attribute.Values.Count != 1)
        {
            return false;
        }

        try
        {
            var reader = new AsnReader(attribute.Values[0].RawData, AsnEncodingRules.BER);
            AsnReader certs = reader.ReadSequence().ReadSequence();
            AsnReader first = certs.ReadSequence();
            string algorithm = version1 ? "1.3.14.3.2.26" : "2.16.840.1.101.3.4.2.1";
            if (!version1 && first.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                algorithm = first.ReadSequence().ReadObjectIdentifier();
            }

            byte[] expected = first.ReadOctetString();
            byte[] actual = algorithm switch
            {
                "2.16.840.1.101.3.4.2.1" => SHA256.HashData(certificate.RawData),
                "2.16.840.1.101.3.4.2.2" => SHA384.HashData(certificate.RawData),
                "2.16.840.1.101.3.4.2.3" => SHA512.HashData(certificate.RawData),
                "1.3.14.3.2.26" => SHA1.HashData(certificate.RawData),
                _ => [],
            };
            return expected.AsSpan().SequenceEqual(actual);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>True when the CMS SignedData's encapContentInfo holds an eContent (RFC 5652 5.2), which a detached signature must not.</summary>
    private static bool HasEncapsulatedContent(byte[] contentInfo)
    {
        try
        {
            AsnReader content = new AsnReader(contentInfo, AsnEncodingRules.BER).ReadSequence();
            content.ReadObjectIdentifier();
            AsnReader signedData = content.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            signedData.ReadInteger();
            signedData.ReadSetOf();
            AsnReader encapsulated = signedData.ReadSequence();
            encapsulated.ReadObjectIdentifier();
            return encapsulated.HasData;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>The digest and signature algorithms .NET verifies here: SHA-1 and SHA-2 digests, RSA (PKCS#1 v1.5 and PSS) and ECDSA.</summary>
    private static bool IsSupportedAlgorithm(string? oid) => oid is
        "1.3.14.3.2.26" or "2.16.840.1.101.3.4.2.1" or "2.16.840.1.101.3.4.2.2" or "2.16.840.1.101.3.4.2.3"
        or "1.2.840.113549.1.1.1" or "1.2.840.113549.1.1.5" or "1.2.840.113549.1.1.10" or "1.2.840.113549.1.1.11" or "1.2.840.113549.1.1.12" or "1.2.840.113549.1.1.13"
        or "1.2.840.10045.2.1" or "1.2.840.10045.4.1" or "1.2.840.10045.4.3.2" or "1.2.840.10045.4.3.3" or "1.2.840.10045.4.3.4";

    /// <summary>Other tools pad /Contents with zeros after the CMS, which may be BER with indefinite lengths: keep only the first encoded value.</summary>
    private static byte[] TrimPadding(byte[] contents)
    {
        try
        {
            var reader = new AsnReader(contents, AsnEncodingRules.BER);
            return reader.ReadEncodedValue().ToArray();
        }
        catch (AsnContentException)
        {
            return contents;
        }
    }

    private static HashAlgorithmName HashOf(string? oid) => oid switch
    {
        "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
        "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    private static int? RevisionEndingAt(PdfFileReader reader, ReadOnlySpan<byte> file, long signedEnd)
    {
        foreach (PdfRevision revision in reader.Revisions)
        {
            // A revision ends after %%EOF and its end-of-line; signers differ on whether that EOL is signed.
            long end = revision.EndOffset;
            if (signedEnd == end || (signedEnd < end && signedEnd >= end - 2 && file[(int)signedEnd..(int)end].IndexOfAnyExcept("\r\n"u8) < 0 && file[..(int)signedEnd].EndsWith("%%EOF"u8)))
            {
                return revision.Index;
            }
        }

        return null;
    }

    private static bool HasContentAfter(ReadOnlySpan<byte> file, long end) =>
        end < file.Length && file[(int)end..].IndexOfAnyExcept(" \t\r\n\0"u8) >= 0;

    /// <summary>
    /// The signature fields of every revision's form, not only the latest: a later revision that drops a field from
    /// the form (or points /Root at a shadow catalog) must not make its signature disappear from the report.
    /// </summary>
    private static List<(string Name, PdfReference Reference, PdfDictionary Signature, PdfDictionary Field)> FindSignatures(PdfFileReader reader)
    {
        var found = new List<(string, PdfReference, PdfDictionary, PdfDictionary)>();
        var seenValues = new HashSet<int>();
        for (int r = reader.Revisions.Count - 1; r >= 0; r--)
        {
            PdfDictionary catalog;
            try
            {
                catalog = reader.GetCatalog(r);
            }
            catch (PdfSyntaxException) when (r < reader.Revisions.Count - 1)
            {
                continue;
            }

            IPdfObjectResolver resolver = reader.AsOfRevision(r);
            IEnumerable<(string Name, PdfDictionary Field)> inForm = catalog.GetDictionary("AcroForm", resolver)?.GetArray("Fields", resolver) is { } fields
                ? FormFields.Walk(fields, resolver).Where(f => FormFields.IsSignatureField(f.Field, resolver)).Select(f => (f.Name, f.Field))
                : [];
            foreach ((string name, PdfDictionary field) in inForm.Concat(FormFields.SignatureFieldsOnPages(reader, r)))
            {
                // The value as the latest revision defines it: that is what a viewer shows and what must be checked.
                if (field["V"] is PdfReference valueReference && seenValues.Add(valueReference.ObjectNumber) && reader.Resolve(valueReference) is PdfDictionary value)
                {
                    found.Add((name, valueReference, value, field));
                }
            }
        }

        return found;
    }

    private static DateTimeOffset? ParseDate(string? text)
    {
        if (text is null || !text.StartsWith("D:", StringComparison.Ordinal) || text.Length < 16)
        {
            return null;
        }

        string digits = text[2..16];
        if (!DateTime.TryParseExact(digits, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            return null;
        }

        TimeSpan offset = TimeSpan.Zero;
        string zone = text[16..];
        if (zone.Length >= 3 && zone[0] is '+' or '-' && int.TryParse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int hours))
        {
            int minutes = zone.Length >= 6 && int.TryParse(zone.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int m) ? m : 0;
            if (hours > 14 || minutes > 59)
            {
                return null;
            }

            offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        }

        // An offset that moves the time outside DateTimeOffset's range (year 1 east of UTC, year 9999 west of it) is no date.
        // Compared as distances, since 'local - offset' itself would throw there.
        TimeSpan margin = offset.Duration() + TimeSpan.FromDays(1);
        bool outOfRange = offset >= TimeSpan.Zero ? local - DateTime.MinValue < margin : DateTime.MaxValue - local < margin;
        return outOfRange ? null : new DateTimeOffset(local, offset);
    }
}
