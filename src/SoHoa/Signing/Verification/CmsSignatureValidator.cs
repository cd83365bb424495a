using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace SoHoa.Signing.Verification;

/// <summary>What the CMS check of a signature's /Contents found.</summary>
internal enum CmsVerdict
{
    /// <summary>One detached signer whose signature matches the signed bytes (and, for CAdES, whose signing certificate is named).</summary>
    Valid,

    /// <summary>A SubFilter SoHoa does not verify.</summary>
    UnsupportedFormat,

    /// <summary>Not a CMS SignedData, or its signer infos or signer certificate cannot be read.</summary>
    Malformed,

    /// <summary>Not exactly one signer.</summary>
    WrongSignerCount,

    /// <summary>The CMS carries content of its own: it is not shown to sign this document.</summary>
    Encapsulated,

    /// <summary>An algorithm .NET cannot verify: nothing is known about the signed bytes.</summary>
    UnsupportedAlgorithm,

    /// <summary>The signature does not match the signed bytes.</summary>
    DigestMismatch,

    /// <summary>A CAdES signature whose signing-certificate attribute is missing or names another certificate.</summary>
    SigningCertificateMismatch,
}

/// <summary>The CMS check's verdict, and what it read: the signer's certificate (when it could be read), the CMS's certificates, the signer info.</summary>
internal sealed record CmsResult(CmsVerdict Verdict, X509Certificate2? Certificate, X509Certificate2Collection Pool, SignerInfo? SignerInfo)
{
    /// <summary>True when the CMS signature holds: the signed bytes are what its signer signed.</summary>
    public bool Intact => Verdict == CmsVerdict.Valid;
}

/// <summary>
/// The CMS signature layer of a signature (not a document timestamp): a detached SignedData with exactly one signer,
/// whose signature matches the signed bytes; for ETSI.CAdES.detached, a signing-certificate attribute that names the
/// signer's certificate. Reads adbe.pkcs7.detached too, and BER followed by zero padding.
/// </summary>
internal static class CmsSignatureValidator
{
    /// <summary>The SubFilter of PAdES signatures (ETSI EN 319 142-1).</summary>
    public const string Cades = "ETSI.CAdES.detached";

    /// <summary>The SubFilter of older PKCS#7 signatures that other tools still write.</summary>
    public const string Pkcs7 = "adbe.pkcs7.detached";

    private const string IdSigningCertificate = "1.2.840.113549.1.9.16.2.12";
    private const string IdSigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";

    /// <summary>Checks <paramref name="contents"/> (the /Contents bytes) as a signature over <paramref name="signedData"/>, adding a problem for what is wrong.</summary>
    public static CmsResult Validate(byte[] contents, byte[] signedData, string? subFilter, List<VerificationProblem> problems)
    {
        if (subFilter is not (Cades or Pkcs7))
        {
            problems.Add(new VerificationProblem(VerificationProblems.SubFilter, $"The signature format '{subFilter ?? "(none)"}' is not one SoHoa verifies (ETSI.CAdES.detached, adbe.pkcs7.detached)."));
            return Failed(CmsVerdict.UnsupportedFormat);
        }

        var cms = new SignedCms(new ContentInfo(signedData), detached: true);
        SignerInfoCollection signers;
        X509Certificate2Collection pool;
        try
        {
            cms.Decode(CmsEncoding.TrimPadding(contents));

            // SignedCms decodes its signer infos and certificates only when first asked: a corrupt one surfaces here.
            signers = cms.SignerInfos;
            pool = cms.Certificates;
        }
        catch (CryptographicException ex)
        {
            problems.Add(new VerificationProblem(VerificationProblems.CmsMalformed, "The /Contents is not a CMS SignedData: " + ex.Message));
            return Failed(CmsVerdict.Malformed);
        }

        if (signers.Count != 1)
        {
            problems.Add(new VerificationProblem(VerificationProblems.CmsSigners, $"The CMS holds {signers.Count} signers; a PDF signature has exactly one."));
            return Failed(CmsVerdict.WrongSignerCount);
        }

        if (HasEncapsulatedContent(CmsEncoding.TrimPadding(contents)))
        {
            problems.Add(new VerificationProblem(VerificationProblems.CmsEncapsulated, "The CMS carries content of its own (encapsulated), but a PDF signature must be detached (ISO 32000-1 12.8.3.3): what it signs is not shown to be this document."));
            return Failed(CmsVerdict.Encapsulated);
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
            problems.Add(new VerificationProblem(VerificationProblems.CmsMalformed, "The signer's certificate inside the CMS cannot be read: " + ex.Message));
            return Failed(CmsVerdict.Malformed);
        }

        try
        {
            info.CheckSignature(verifySignatureOnly: true);
        }
        catch (Exception ex) when (ex is CryptographicException or NotSupportedException or PlatformNotSupportedException)
        {
            if (!IsSupportedAlgorithm(info.SignatureAlgorithm.Value) || !IsSupportedAlgorithm(info.DigestAlgorithm.Value))
            {
                problems.Add(new VerificationProblem(VerificationProblems.CmsUnsupportedAlgorithm,
                    $"The signature uses an algorithm SoHoa cannot verify (signature {info.SignatureAlgorithm.FriendlyName ?? info.SignatureAlgorithm.Value}, digest {info.DigestAlgorithm.FriendlyName ?? info.DigestAlgorithm.Value}); nothing is known about whether the document changed."));
                return new CmsResult(CmsVerdict.UnsupportedAlgorithm, certificate, pool, info);
            }

            problems.Add(new VerificationProblem(VerificationProblems.DigestMismatch, "The signature does not match the signed bytes: the document was changed after signing, or the signature is damaged (" + ex.Message + ")."));
            return new CmsResult(CmsVerdict.DigestMismatch, certificate, pool, info);
        }

        if (certificate is null)
        {
            // The bytes are proven to be what was signed, but by whom is unknown: integrity holds, trust cannot.
            problems.Add(new VerificationProblem(VerificationProblems.CertificateMissing, "The CMS does not include the signer's certificate."));
            return new CmsResult(CmsVerdict.Valid, null, pool, info);
        }

        if (subFilter == Cades && !SigningCertificateMatches(info, certificate))
        {
            problems.Add(new VerificationProblem(VerificationProblems.CadesSigningCertificate, "A CAdES signature must carry a signing-certificate-v2 attribute (or, with SHA-1, the older signing-certificate attribute) matching its signer's certificate."));
            return new CmsResult(CmsVerdict.SigningCertificateMismatch, certificate, pool, info);
        }

        return new CmsResult(CmsVerdict.Valid, certificate, pool, info);
    }

    private static CmsResult Failed(CmsVerdict verdict) => new(verdict, null, [], null);

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
}
