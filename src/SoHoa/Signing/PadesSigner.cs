using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SoHoa.Pdf;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Signing;

/// <summary>
/// Signs PDFs at PAdES baseline B-B, in the phases pyHanko made familiar: prepare the incremental update with a
/// placeholder, compute the digest of its byte ranges, have the key sign the digest, and embed the CMS in the hole.
/// Earlier revisions are never rewritten, so earlier signatures stay valid.
/// </summary>
public sealed class PadesSigner : IPdfSigner
{
    /// <summary>Bytes reserved for the CMS; room for a certificate chain, a timestamp token and revocation values later.</summary>
    public const int ContentsCapacity = 24 * 1024;

    // A placeholder ByteRange whose numbers are as wide as any real one; the real one is padded with spaces to its length.
    private const long Wide = 9_999_999_999;
    private readonly ISignatureKey _key;
    private readonly TimeProvider _time;

    /// <summary>Creates a signer that signs with <paramref name="key"/>.</summary>
    public PadesSigner(ISignatureKey key, TimeProvider? timeProvider = null)
    {
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public async Task<byte[]> SignAsync(ReadOnlyMemory<byte> pdf, SignatureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        (byte[] prepared, long contentsStart, long contentsEnd) = Prepare(pdf, request);

        byte[] digest = DigestOfByteRanges(prepared, contentsStart, contentsEnd);
        byte[] cms = await CadesSignatureBuilder.BuildAsync(digest, _key, cancellationToken).ConfigureAwait(false);
        if (cms.Length * 2 > contentsEnd - contentsStart - 2)
        {
            throw new SoHoaException(SoHoaErrorCode.Signing, $"The signature needs {cms.Length} bytes, more than the {ContentsCapacity} reserved.");
        }

        Encoding.ASCII.GetBytes(Convert.ToHexString(cms), prepared.AsSpan((int)contentsStart + 1));
        return prepared;
    }

    /// <summary>Appends the signature field, its widget and the signature dictionary with placeholders, and fixes the ByteRange.</summary>
    private (byte[] Prepared, long ContentsStart, long ContentsEnd) Prepare(ReadOnlyMemory<byte> pdf, SignatureRequest request)
    {
        PdfFileReader reader;
        try
        {
            reader = PdfFileReader.Open(pdf);
        }
        catch (PdfSyntaxException ex)
        {
            throw new SoHoaException(SoHoaErrorCode.Pdf, $"The PDF to sign cannot be read: {ex.Message}", innerException: ex);
        }

        if (reader.IsEncrypted)
        {
            throw new SoHoaException(SoHoaErrorCode.Pdf, "Encrypted PDFs cannot be signed: PDF/A forbids encryption.");
        }

        var writer = new PdfIncrementalWriter(reader);
        PdfDictionary catalog = reader.GetCatalog().Clone();
        PdfReference pageReference = reader.GetPageReferences()[0];
        var page = ((PdfDictionary)reader.GetObject(pageReference.ObjectNumber)).Clone();

        PdfDictionary form = (catalog.GetDictionary("AcroForm", reader) ?? new PdfDictionary()).Clone();
        PdfArray fields = new((form.GetArray("Fields", reader) ?? new PdfArray()).ToArray());
        string fieldName = "Signature" + (fields.Count + 1).ToString(CultureInfo.InvariantCulture);

        var contents = PdfString.FromHexBytes(new byte[ContentsCapacity]);
        var byteRange = PdfArray.OfIntegers(0, Wide, Wide, Wide);
        var signature = new PdfDictionary()
            .Set("Type", new PdfName("Sig"))
            .Set("Filter", new PdfName("Adobe.PPKLite"))
            .Set("SubFilter", new PdfName("ETSI.CAdES.detached"))
            .Set("ByteRange", byteRange)
            .Set("Contents", contents)
            .Set("M", new PdfString(Encoding.ASCII.GetBytes(PdfText.Date(_time.GetUtcNow()).Trim('(', ')'))))
            .Set("Reason", PdfString.FromText(request.Reason))
            .Set("Location", PdfString.FromText(request.Location));
        if (request.ContactInfo is not null)
        {
            signature.Set("ContactInfo", PdfString.FromText(request.ContactInfo));
        }

        writer.Track(byteRange);
        writer.Track(contents);
        PdfReference signatureReference = writer.Add(signature);

        // An invisible widget (zero rectangle), printable and locked, on the first page.
        PdfReference widget = writer.Add(new PdfDictionary()
            .Set("Type", new PdfName("Annot"))
            .Set("Subtype", new PdfName("Widget"))
            .Set("FT", new PdfName("Sig"))
            .Set("T", PdfString.FromText(fieldName))
            .Set("V", signatureReference)
            .Set("Rect", PdfArray.OfIntegers(0, 0, 0, 0))
            .Set("F", new PdfInteger(132))
            .Set("P", pageReference));

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

    /// <summary>The SHA-256 of everything but the /Contents string (its angle brackets included).</summary>
    internal static byte[] DigestOfByteRanges(ReadOnlySpan<byte> file, long contentsStart, long contentsEnd)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(file[..(int)contentsStart]);
        hash.AppendData(file[(int)contentsEnd..]);
        return hash.GetHashAndReset();
    }
}
