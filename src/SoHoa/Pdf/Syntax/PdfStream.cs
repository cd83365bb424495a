using System.Globalization;

namespace SoHoa.Pdf.Syntax;

/// <summary>A PDF stream: its dictionary and its raw (still encoded) data, plus where that data lies in the file.</summary>
internal sealed class PdfStream : PdfObject
{
    /// <summary>Creates a stream; <paramref name="dataOffset"/> is the absolute file offset of the data, or -1 if created in memory.</summary>
    public PdfStream(PdfDictionary dictionary, ReadOnlyMemory<byte> rawData, long dataOffset = -1)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        Dictionary = dictionary;
        RawData = rawData;
        DataOffset = dataOffset;
    }

    /// <summary>Gets the stream dictionary (its /Length is rewritten by the serializer).</summary>
    public PdfDictionary Dictionary { get; }

    /// <summary>Gets the raw encoded bytes between <c>stream</c>+EOL and the EOL before <c>endstream</c>.</summary>
    public ReadOnlyMemory<byte> RawData { get; }

    /// <summary>Gets the absolute file offset where the raw data starts, or -1 if not parsed from a file.</summary>
    public long DataOffset { get; }

    /// <summary>Gets the length in bytes of the raw data actually used.</summary>
    public long DataLength => RawData.Length;

    /// <summary>Gets a value indicating whether the declared /Length was wrong and the data was delimited by searching <c>endstream</c>.</summary>
    public bool LengthWasRepaired { get; internal set; }

    /// <summary>Creates a Flate-compressed stream from plain data; <paramref name="dictionary"/> gets /Filter /FlateDecode.</summary>
    public static PdfStream CreateFlate(ReadOnlySpan<byte> data, PdfDictionary? dictionary = null)
    {
        var dict = dictionary ?? new PdfDictionary();
        dict.Set(PdfName.Filter, PdfName.FlateDecode);
        dict.Remove("DecodeParms");
        return new PdfStream(dict, PdfFilters.FlateEncode(data));
    }

    /// <summary>Creates an unfiltered stream from plain data.</summary>
    public static PdfStream CreateUncompressed(ReadOnlySpan<byte> data, PdfDictionary? dictionary = null) =>
        new(dictionary ?? new PdfDictionary(), data.ToArray());

    /// <summary>Decodes the data through its filters (FlateDecode with predictors supported).</summary>
    public byte[] Decode(IPdfObjectResolver? resolver = null, int maxDecodedLength = PdfFilters.DefaultMaxDecodedLength) =>
        PdfFilters.Decode(this, resolver, maxDecodedLength);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Dictionary} stream[{RawData.Length} bytes @ {DataOffset}]");
}
