using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SoHoa.Pdf;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Revocation;
using SoHoa.Signing.Timestamping;

namespace SoHoa.Signing;

/// <summary>
/// Signs PDFs at the PAdES baseline levels, in the phases pyHanko made familiar: prepare the incremental update with a
/// placeholder, compute the digest of its byte ranges, have the key sign the digest, and embed the CMS in the hole.
/// B-T adds a timestamp over the signature value; B-LT appends a DSS revision with certificates, OCSP responses and
/// CRLs for the signer's and the TSA's chains; B-LTA appends a document timestamp over that, then a DSS update with revocation data
/// for the document timestamp's TSA issued after it. Earlier revisions are never rewritten, so earlier signatures stay valid.
/// </summary>
public sealed class PadesSigner : IPdfSigner
{
    /// <summary>Bytes reserved for the CMS; room for a certificate chain and a timestamp token.</summary>
    public const int ContentsCapacity = 24 * 1024;

    /// <summary>Bytes reserved for a document timestamp token.</summary>
    public const int TimestampCapacity = 16 * 1024;

    // A placeholder ByteRange whose numbers are as wide as any real one; the real one is padded with spaces to its length.
    private const long Wide = 9_999_999_999;
    private readonly ISignatureKey _key;
    private readonly TimeProvider _time;
    private readonly PadesSignerOptions _options;

    /// <summary>Creates a B-B signer that signs with <paramref name="key"/>.</summary>
    public PadesSigner(ISignatureKey key, TimeProvider? timeProvider = null)
        : this(key, new PadesSignerOptions(), timeProvider)
    {
    }

    /// <summary>Creates a signer that signs with <paramref name="key"/> at the level of <paramref name="options"/>.</summary>
    /// <exception cref="SoHoaException">The options do not provide what the level needs (a TSA, a revocation fetcher).</exception>
    public PadesSigner(ISignatureKey key, PadesSignerOptions options, TimeProvider? timeProvider = null)
    {
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? TimeProvider.System;
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration, "The signer is not configured correctly: " + string.Join(" ", problems));
        }
    }

    /// <inheritdoc/>
    public PadesLevel Level => _options.Level;

    /// <inheritdoc/>
    public async Task<byte[]> SignAsync(ReadOnlyMemory<byte> pdf, SignatureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await SignCoreAsync(pdf, request, cancellationToken).ConfigureAwait(false);
        }
        catch (PdfSyntaxException ex)
        {
            // The reader parses objects as they are first used, so a malformed object can surface past Open.
            throw Unreadable(ex);
        }
    }

    private async Task<byte[]> SignCoreAsync(ReadOnlyMemory<byte> pdf, SignatureRequest request, CancellationToken cancellationToken)
    {
        PadesLevel level = request.HighestLevel is { } highest && highest < _options.Level ? highest : _options.Level;
        PdfFileReader reader = Open(pdf);
        var signature = new PdfDictionary()
            .Set("Type", new PdfName("Sig"))
            .Set("Filter", new PdfName("Adobe.PPKLite"))
            .Set("SubFilter", new PdfName("ETSI.CAdES.detached"))
            .Set("M", new PdfString(Encoding.ASCII.GetBytes(PdfText.Date(_time.GetUtcNow()).Trim('(', ')'))))
            .Set("Reason", PdfString.FromText(request.Reason))
            .Set("Location", PdfString.FromText(request.Location));
        if (request.ContactInfo is not null)
        {
            signature.Set("ContactInfo", PdfString.FromText(request.ContactInfo));
        }

        if (request.CertifyPermission is { } permission)
        {
            if (permission is < 1 or > 3)
            {
                throw new ArgumentOutOfRangeException(nameof(request), "The DocMDP permission is 1, 2 or 3.");
            }

            if (reader.GetCatalog().ContainsKey("Perms") || reader.GetCatalog().GetDictionary("AcroForm", reader)?.ContainsKey("SigFlags") == true)
            {
                throw new SoHoaException(SoHoaErrorCode.Signing, "Only the first signature of a document can certify it (DocMDP).");
            }

            signature.Set("Reference", PdfArray.Of(new PdfDictionary()
                .Set("Type", new PdfName("SigRef"))
                .Set("TransformMethod", new PdfName("DocMDP"))
                .Set("TransformParams", new PdfDictionary().Set("Type", new PdfName("TransformParams")).Set("P", new PdfInteger(permission)).Set("V", new PdfName("1.2")))));
        }

        (byte[] prepared, long contentsStart, long contentsEnd) = Prepare(reader, signature, ContentsCapacity, "Signature", request.CertifyPermission is not null,
            request.Appearance, _key.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), _time.GetUtcNow());
        byte[] digest = DigestOfByteRanges(prepared, contentsStart, contentsEnd);
        ITimestampClient? timestamps = level >= PadesLevel.BaselineT ? _options.TimestampClient : null;
        byte[] cms = await CadesSignatureBuilder.BuildAsync(digest, _key, timestamps, cancellationToken).ConfigureAwait(false);
        Embed(prepared, contentsStart, contentsEnd, cms);
        if (level < PadesLevel.BaselineLT)
        {
            return prepared;
        }

        var material = new ValidationMaterial();
        await AddChainAsync(_key.Certificate, [.. _key.Chain], material, cancellationToken).ConfigureAwait(false);
        await AddTimestampChainsAsync(cms, material, cancellationToken).ConfigureAwait(false);
        byte[] withDss = DssRevision.Append(prepared, material);
        if (level < PadesLevel.BaselineLTA)
        {
            return withDss;
        }

        (byte[] archived, TimestampToken token) = await AppendDocumentTimestampCoreAsync(withDss, cancellationToken).ConfigureAwait(false);

        // The document timestamp's TSA is judged at the timestamp's time, so the revocation data fetched before it proves
        // nothing about it: its chain's data, fetched now, goes into a DSS update of its own after the timestamp.
        var afterTimestamp = new ValidationMaterial();
        await AddTokenChainAsync(token.Encoded, afterTimestamp, cancellationToken).ConfigureAwait(false);
        return DssRevision.Append(archived, afterTimestamp);
    }

    /// <summary>
    /// Appends a document timestamp (ETSI.RFC3161) over the whole file as it is, as an incremental update: what B-LTA
    /// adds, and what renews the protection of an archived file before its last timestamp's certificate expires.
    /// </summary>
    public async Task<byte[]> AppendDocumentTimestampAsync(ReadOnlyMemory<byte> pdf, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await AppendDocumentTimestampCoreAsync(pdf, cancellationToken).ConfigureAwait(false)).Pdf;
        }
        catch (PdfSyntaxException ex)
        {
            throw Unreadable(ex);
        }
    }

    private async Task<(byte[] Pdf, TimestampToken Token)> AppendDocumentTimestampCoreAsync(ReadOnlyMemory<byte> pdf, CancellationToken cancellationToken)
    {
        ITimestampClient client = _options.TimestampClient ?? throw new SoHoaException(SoHoaErrorCode.Configuration, "A document timestamp needs a timestamp authority.");
        PdfFileReader reader = Open(pdf);
        var dictionary = new PdfDictionary()
            .Set("Type", new PdfName("DocTimeStamp"))
            .Set("Filter", new PdfName("Adobe.PPKLite"))
            .Set("SubFilter", new PdfName("ETSI.RFC3161"));
        (byte[] prepared, long contentsStart, long contentsEnd) = Prepare(reader, dictionary, TimestampCapacity, "DocumentTimestamp");
        byte[] digest = DigestOfByteRanges(prepared, contentsStart, contentsEnd);
        TimestampToken token = await Diagnostics.Telemetry.InSpanAsync("sohoa.timestamp", () => client.GetTokenAsync(digest, HashAlgorithmName.SHA256, cancellationToken)).ConfigureAwait(false);
        Embed(prepared, contentsStart, contentsEnd, token.Encoded);
        return (prepared, token);
    }

    private static PdfFileReader Open(ReadOnlyMemory<byte> pdf)
    {
        PdfFileReader reader;
        try
        {
            reader = PdfFileReader.Open(pdf);
        }
        catch (PdfSyntaxException ex)
        {
            throw Unreadable(ex);
        }

        if (reader.IsEncrypted)
        {
            throw new SoHoaException(SoHoaErrorCode.Pdf, "Encrypted PDFs cannot be signed: PDF/A forbids encryption.");
        }

        return reader;
    }

    private static SoHoaException Unreadable(PdfSyntaxException ex) =>
        new(SoHoaErrorCode.Pdf, $"The PDF to sign cannot be read: {ex.Message}", innerException: ex);

    private static void Embed(byte[] prepared, long contentsStart, long contentsEnd, byte[] value)
    {
        if (value.Length * 2 > contentsEnd - contentsStart - 2)
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The signature needs {value.Length} bytes, more than the {(contentsEnd - contentsStart - 2) / 2} reserved.");
        }

        Encoding.ASCII.GetBytes(Convert.ToHexString(value), prepared.AsSpan((int)contentsStart + 1));
    }

    private async Task AddChainAsync(X509Certificate2 leaf, X509Certificate2Collection pool, ValidationMaterial material, CancellationToken cancellationToken)
    {
        IReadOnlyList<X509Certificate2> chain = CertificateChains.Build(leaf, pool, _options.TrustAnchors);
        await _options.RevocationFetcher!.AddChainAsync(chain, material, cancellationToken).ConfigureAwait(false);
    }

    private async Task AddTimestampChainsAsync(byte[] cms, ValidationMaterial material, CancellationToken cancellationToken)
    {
        var signed = new System.Security.Cryptography.Pkcs.SignedCms();
        signed.Decode(cms);
        foreach (System.Security.Cryptography.CryptographicAttributeObject attribute in signed.SignerInfos[0].UnsignedAttributes)
        {
            if (attribute.Oid.Value != "1.2.840.113549.1.9.16.2.14")
            {
                continue;
            }

            foreach (AsnEncodedData value in attribute.Values)
            {
                await AddTokenChainAsync(value.RawData, material, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Adds the chain of the TSA that signed <paramref name="encodedToken"/>, and revocation data for it.</summary>
    private async Task AddTokenChainAsync(byte[] encodedToken, ValidationMaterial material, CancellationToken cancellationToken)
    {
        var token = new System.Security.Cryptography.Pkcs.SignedCms();
        token.Decode(encodedToken);
        if (token.SignerInfos[0].Certificate is { } tsa)
        {
            await AddChainAsync(tsa, token.Certificates, material, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Appends the signature field, its widget and the signature dictionary with placeholders, and fixes the ByteRange.
    /// A <paramref name="fieldLock"/> (a /SigFieldLock dictionary) becomes the field's /Lock.
    /// </summary>
    internal static (byte[] Prepared, long ContentsStart, long ContentsEnd) Prepare(
        PdfFileReader reader, PdfDictionary signature, int capacity, string fieldPrefix, bool certify = false,
        SignatureAppearance? appearance = null, string? signerName = null, DateTimeOffset signedAt = default, PdfDictionary? fieldLock = null)
    {
        var writer = new PdfIncrementalWriter(reader);
        PdfDictionary catalog = reader.GetCatalog().Clone();
        IReadOnlyList<PdfReference> pages = reader.GetPageReferences();
        int pageIndex = (appearance?.PageNumber ?? 1) - 1;
        if (pageIndex < 0 || pageIndex >= pages.Count)
        {
            throw new SoHoaException(SoHoaErrorCode.SignaturePlacement, $"The visible signature is on page {pageIndex + 1}, but the document has {pages.Count} page(s).");
        }

        PdfReference pageReference = pages[pageIndex];
        var page = ((PdfDictionary)reader.GetObject(pageReference.ObjectNumber)).Clone();

        PdfDictionary form = (catalog.GetDictionary("AcroForm", reader) ?? new PdfDictionary()).Clone();
        PdfArray fields = new((form.GetArray("Fields", reader) ?? new PdfArray()).ToArray());
        var names = fields.Select(f => (reader.Resolve(f) as PdfDictionary)?.GetString("T", reader)?.ToText()).ToHashSet(StringComparer.Ordinal);
        int n = fields.Count + 1;
        while (names.Contains(fieldPrefix + n.ToString(CultureInfo.InvariantCulture)))
        {
            n++;
        }

        string fieldName = fieldPrefix + n.ToString(CultureInfo.InvariantCulture);
        var contents = PdfString.FromHexBytes(new byte[capacity]);
        var byteRange = PdfArray.OfIntegers(0, Wide, Wide, Wide);
        signature.Set("ByteRange", byteRange).Set("Contents", contents);

        writer.Track(byteRange);
        writer.Track(contents);
        PdfReference signatureReference = writer.Add(signature);

        if (certify)
        {
            catalog.Set("Perms", new PdfDictionary().Set("DocMDP", signatureReference));
        }

        // A widget, printable and locked, on the first page: invisible (zero rectangle) unless an appearance is asked for.
        var widgetDictionary = new PdfDictionary()
            .Set("Type", new PdfName("Annot"))
            .Set("Subtype", new PdfName("Widget"))
            .Set("FT", new PdfName("Sig"))
            .Set("T", PdfString.FromText(fieldName))
            .Set("V", signatureReference)
            .Set("Rect", PdfArray.OfIntegers(0, 0, 0, 0))
            .Set("F", new PdfInteger(132))
            .Set("P", pageReference);
        if (fieldLock is not null)
        {
            widgetDictionary.Set("Lock", fieldLock);
        }

        if (appearance is not null)
        {
            var area = PageBox(reader, page);
            var box = appearance.Place(area);
            const double Tolerance = 0.01;
            if (box.Left < area.Left - Tolerance || box.Bottom < area.Bottom - Tolerance || box.Right > area.Right + Tolerance || box.Top > area.Top + Tolerance)
            {
                throw new SoHoaException(SoHoaErrorCode.SignaturePlacement, string.Create(CultureInfo.InvariantCulture,
                    $"The visible signature ({appearance.Describe()}) does not fit on page {pageIndex + 1}: the box spans x {box.Left:0.##}..{box.Right:0.##}, y {box.Bottom:0.##}..{box.Top:0.##}, the page x {area.Left:0.##}..{area.Right:0.##}, y {area.Bottom:0.##}..{area.Top:0.##} (points)."));
            }

            SignatureAppearanceWriter.Apply(appearance, box, signerName ?? string.Empty, signedAt, widgetDictionary, writer);
        }

        PdfReference widget = writer.Add(widgetDictionary);

        PdfArray annotations = new((page.GetArray("Annots", reader) ?? new PdfArray()).ToArray());
        annotations.Add(widget);
        page.Set("Annots", annotations);
        writer.Set(pageReference, page);

        fields.Add(widget);
        form.Set("Fields", fields).Set("SigFlags", new PdfInteger(3));
        if (catalog["AcroForm"] is PdfReference formReference)
        {
            writer.Set(formReference, form);
        }
        else
        {
            catalog.Set("AcroForm", form);
        }

        writer.Set(reader.Trailer.GetReference("Root") ?? throw new SoHoaException(SoHoaErrorCode.Pdf, "The PDF has no /Root."), catalog);
        PdfIncrementalUpdate update = writer.Write();

        byte[] bytes = update.Bytes;
        PdfByteSpan contentsSpan = update.TrackedSpans[contents];
        PdfByteSpan rangeSpan = update.TrackedSpans[byteRange];
        long contentsStart = contentsSpan.Start;
        long contentsEnd = contentsSpan.End;
        string range = string.Create(CultureInfo.InvariantCulture, $"[0 {contentsStart} {contentsEnd} {bytes.Length - contentsEnd}");
        if (range.Length + 1 > rangeSpan.Length)
        {
            throw new SoHoaException(SoHoaErrorCode.Pdf, "The signed file is too large for its byte range.");
        }

        Span<byte> target = bytes.AsSpan((int)rangeSpan.Start, (int)rangeSpan.Length);
        target.Fill((byte)' ');
        Encoding.ASCII.GetBytes(range, target);
        target[^1] = (byte)']';
        return (bytes, contentsStart, contentsEnd);
    }

    /// <summary>
    /// The page's visible area (crop box, else media box, inherited from the page tree) in unrotated page coordinates,
    /// where a visible signature must fit whole.
    /// </summary>
    private static (double Left, double Bottom, double Right, double Top) PageBox(PdfFileReader reader, PdfDictionary page)
    {
        PdfArray? Inherited(string key)
        {
            PdfDictionary? node = page;
            for (int depth = 0; node is not null && depth < 64; depth++)
            {
                if (node.GetArray(key, reader) is { Count: 4 } box)
                {
                    return box;
                }

                node = node.GetDictionary("Parent", reader);
            }

            return null;
        }

        PdfArray array = Inherited("CropBox") ?? Inherited("MediaBox")
            ?? throw new SoHoaException(SoHoaErrorCode.Pdf, "The page has no usable /MediaBox, so a visible signature cannot be placed on it.");
        double[] v = Enumerable.Range(0, 4).Select(i => array.GetNumber(i, reader) ?? double.NaN).ToArray();
        if (v.Any(n => !double.IsFinite(n)))
        {
            throw new SoHoaException(SoHoaErrorCode.Pdf, "The page's box is not four numbers, so a visible signature cannot be placed on it.");
        }

        return (Math.Min(v[0], v[2]), Math.Min(v[1], v[3]), Math.Max(v[0], v[2]), Math.Max(v[1], v[3]));
    }

    /// <summary>The SHA-256 of everything but the /Contents string (its angle brackets included).</summary>
    internal static byte[] DigestOfByteRanges(ReadOnlySpan<byte> file, long contentsStart, long contentsEnd)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(file[..(int)contentsStart]);
        hash.AppendData(file[(int)contentsEnd..]);
        return hash.GetHashAndReset();
    }
}
