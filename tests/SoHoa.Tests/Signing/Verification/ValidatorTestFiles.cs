using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Verification;
using SoHoa.Tests.Pdf.Syntax;

namespace SoHoa.Tests.Signing.Verification;

/// <summary>The first signature of a file our signer signed, as the validators receive it.</summary>
internal sealed record SignedSample(byte[] File, PdfFileReader Reader, PdfReference Reference, PdfDictionary Signature)
{
    /// <summary>The first signature of the once-signed mutation source.</summary>
    public static SignedSample First() => Of(MutationSources.SignedFiles[0].Bytes);

    /// <summary>The first signature of <paramref name="file"/>.</summary>
    public static SignedSample Of(byte[] file)
    {
        var reader = PdfFileReader.Open(file);
        PdfArray fields = reader.GetCatalog().GetDictionary("AcroForm", reader)!.GetArray("Fields", reader)!;
        var reference = (PdfReference)((PdfDictionary)reader.Resolve(fields[0]))["V"]!;
        return new SignedSample(file, reader, reference, (PdfDictionary)reader.Resolve(reference));
    }

    /// <summary>The /Contents bytes.</summary>
    public byte[] Contents => Signature.GetString("Contents", Reader)!.Bytes.ToArray();

    /// <summary>The bytes its byte range covers.</summary>
    public byte[] SignedBytes => ByteRangeValidator.CheckShape(Reader, File, Signature, [])!.SignedBytes(File);

    /// <summary>The file with the signature dictionary given <paramref name="key"/> = <paramref name="value"/> in an update.</summary>
    public byte[] WithSignatureEntry(string key, PdfObject value)
    {
        PdfDictionary changed = Signature.Clone();
        changed.Set(key, value);
        var writer = new PdfIncrementalWriter(Reader);
        writer.Set(Reference, changed);
        return writer.Write().Bytes;
    }
}
