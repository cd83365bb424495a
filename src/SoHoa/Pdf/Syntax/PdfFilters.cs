using System.IO.Compression;

namespace SoHoa.Pdf.Syntax;

/// <summary>Stream filters: FlateDecode (zlib) with PNG/TIFF predictors, and Flate encoding.</summary>
internal static class PdfFilters
{
    /// <summary>Default cap on decoded stream size (guards against decompression bombs).</summary>
    public const int DefaultMaxDecodedLength = 256 * 1024 * 1024;

    /// <summary>Decodes a stream's raw data through its /Filter chain with /DecodeParms.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="resolver">Resolves an indirect /Filter or /DecodeParms; null leaves them as they are.</param>
    /// <param name="maxDecodedLength">How many bytes each filter stage may produce.</param>
    /// <param name="budget">The document's budget, charged with what each stage produces as it produces it (failed stages included).</param>
    public static byte[] Decode(PdfStream stream, IPdfObjectResolver? resolver = null, int maxDecodedLength = DefaultMaxDecodedLength, PdfDecodeBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var offset = stream.DataOffset;
        var filterObj = stream.Dictionary.Get("Filter", resolver);
        var parmsObj = stream.Dictionary.Get("DecodeParms", resolver);
        var filters = new List<PdfName>();
        var parms = new List<PdfDictionary?>();
        switch (filterObj)
        {
            case null or PdfNull:
                budget?.Charge(stream.RawData.Length, "Copying the document's streams", offset);
                return stream.RawData.ToArray();
            case PdfName single:
                filters.Add(single);
                parms.Add(Resolve(parmsObj is PdfArray pa0 ? pa0.Get(0) : parmsObj, resolver) as PdfDictionary);
                break;
            case PdfArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Resolve(array[i], resolver) is not PdfName name)
                    {
                        throw new PdfSyntaxException("Stream /Filter array contains a non-name entry", offset);
                    }

                    filters.Add(name);
                    var p = parmsObj is PdfArray pa ? pa.Get(i) : (i == 0 ? parmsObj : null);
                    parms.Add(Resolve(p, resolver) as PdfDictionary);
                }

                break;
            default:
                throw new PdfSyntaxException("Stream /Filter is neither a name nor an array", offset);
        }

        byte[] data = stream.RawData.ToArray();
        for (var i = 0; i < filters.Count; i++)
        {
            data = filters[i].Value switch
            {
                "FlateDecode" or "Fl" => ApplyPredictor(FlateDecode(data, maxDecodedLength, offset, budget), parms[i], resolver, offset),
                _ => throw new PdfSyntaxException($"Unsupported stream filter /{filters[i].Value}", offset),
            };
        }

        return data;
    }

    /// <summary>
    /// Inflates zlib data, throwing <see cref="PdfSyntaxException"/> when corrupt, larger than <paramref name="maxDecodedLength"/>,
    /// or more than what is left of <paramref name="budget"/>, which is charged as the data inflates.
    /// </summary>
    public static byte[] FlateDecode(ReadOnlySpan<byte> encoded, int maxDecodedLength = DefaultMaxDecodedLength, long offsetForErrors = -1, PdfDecodeBudget? budget = null)
    {
        try
        {
            using var input = new MemoryStream(encoded.ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = zlib.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxDecodedLength)
                {
                    throw new PdfSyntaxException($"Flate data decodes to more than {maxDecodedLength} bytes", offsetForErrors);
                }

                budget?.Charge(read, "Decoding the document's streams", offsetForErrors);

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // InvalidDataException for bad deflate data; ZLibException (an IOException) for zlib-level failures.
            throw new PdfSyntaxException($"Corrupt Flate data: {ex.Message}", offsetForErrors, ex);
        }
    }

    /// <summary>Deflates data into zlib format.</summary>
    public static byte[] FlateEncode(ReadOnlySpan<byte> data, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, level, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Reverses a /Predictor (1 none, 2 TIFF, 10-15 PNG) on decoded data.</summary>
    public static byte[] DecodePredictor(byte[] data, int predictor, int colors = 1, int bitsPerComponent = 8, int columns = 1, long offsetForErrors = -1)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (predictor <= 1)
        {
            return data;
        }

        if (colors is < 1 or > 32 || bitsPerComponent is not (1 or 2 or 4 or 8 or 16) || columns is < 1 or > (1 << 24))
        {
            throw new PdfSyntaxException($"Invalid predictor parameters (Colors {colors}, BitsPerComponent {bitsPerComponent}, Columns {columns})", offsetForErrors);
        }

        var rowBytesLong = ((long)colors * bitsPerComponent * columns + 7) / 8;
        if (rowBytesLong > int.MaxValue / 2)
        {
            throw new PdfSyntaxException("Predictor row size too large", offsetForErrors);
        }

        // A row longer than the data holds at most one partial row: sizing the row buffers by the data, not by the
        // declared /Columns, keeps a tiny stream from allocating gigabytes, and changes nothing in what is decoded.
        var rowBytes = (int)Math.Min(rowBytesLong, data.Length);
        var bpp = Math.Max(1, colors * bitsPerComponent / 8);
        if (predictor == 2)
        {
            return DecodeTiff(data, rowBytes, colors, bitsPerComponent, offsetForErrors);
        }

        if (predictor is < 10 or > 15)
        {
            throw new PdfSyntaxException($"Unsupported /Predictor {predictor}", offsetForErrors);
        }

        var rows = (data.Length + rowBytes) / (rowBytes + 1);
        var output = new byte[(long)rows * rowBytes > data.Length ? data.Length : rows * rowBytes];
        var prev = new byte[rowBytes];
        var cur = new byte[rowBytes];
        var outPos = 0;
        for (var inPos = 0; inPos < data.Length;)
        {
            var filterType = data[inPos++];
            var n = Math.Min(rowBytes, data.Length - inPos);
            Array.Clear(cur);
            Array.Copy(data, inPos, cur, 0, n);
            inPos += n;
            for (var i = 0; i < rowBytes; i++)
            {
                int left = i >= bpp ? cur[i - bpp] : 0;
                int up = prev[i];
                int upLeft = i >= bpp ? prev[i - bpp] : 0;
                cur[i] = filterType switch
                {
                    0 => cur[i],
                    1 => (byte)(cur[i] + left),
                    2 => (byte)(cur[i] + up),
                    3 => (byte)(cur[i] + ((left + up) >> 1)),
                    4 => (byte)(cur[i] + Paeth(left, up, upLeft)),
                    _ => throw new PdfSyntaxException($"Invalid PNG predictor row filter type {filterType}", offsetForErrors),
                };
            }

            if (outPos + n > output.Length)
            {
                Array.Resize(ref output, outPos + n);
            }

            Array.Copy(cur, 0, output, outPos, n);
            outPos += n;
            (prev, cur) = (cur, prev);
        }

        return outPos == output.Length ? output : output[..outPos];
    }

    /// <summary>Encodes data with the PNG "Up" predictor (type 2 on every row), as used by /Predictor 12.</summary>
    public static byte[] EncodePngUp(ReadOnlySpan<byte> data, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        var rows = (data.Length + columns - 1) / columns;
        var output = new byte[rows * (columns + 1)];
        var o = 0;
        for (var r = 0; r < rows; r++)
        {
            output[o++] = 2;
            for (var c = 0; c < columns; c++)
            {
                var idx = (r * columns) + c;
                var cur = idx < data.Length ? data[idx] : (byte)0;
                var up = r > 0 ? data[idx - columns] : (byte)0;
                output[o++] = (byte)(cur - up);
            }
        }

        return output;
    }

    /// <summary>Resolves an object through an optional resolver.</summary>
    private static PdfObject? Resolve(PdfObject? obj, IPdfObjectResolver? resolver) =>
        obj is null || resolver is null ? obj : resolver.Resolve(obj);

    /// <summary>Applies /DecodeParms predictor settings after Flate decoding.</summary>
    private static byte[] ApplyPredictor(byte[] data, PdfDictionary? parms, IPdfObjectResolver? resolver, long offset)
    {
        if (parms is null)
        {
            return data;
        }

        var predictor = parms.GetInt("Predictor", resolver) ?? 1;
        if (predictor <= 1)
        {
            return data;
        }

        var colors = parms.GetInt("Colors", resolver) ?? 1;
        var bpc = parms.GetInt("BitsPerComponent", resolver) ?? 8;
        var columns = parms.GetInt("Columns", resolver) ?? 1;
        if (predictor > 15 || colors > 32 || bpc > 16 || columns > (1 << 24) || colors < 1 || columns < 1 || bpc < 1)
        {
            throw new PdfSyntaxException("Invalid /DecodeParms predictor values", offset);
        }

        return DecodePredictor(data, (int)predictor, (int)colors, (int)bpc, (int)columns, offset);
    }

    /// <summary>The PNG Paeth predictor function (the decoder here, the encoder in <c>ImageXObject</c>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>Reverses TIFF predictor 2 (8 bits per component only).</summary>
    private static byte[] DecodeTiff(byte[] data, int rowBytes, int colors, int bitsPerComponent, long offset)
    {
        if (bitsPerComponent != 8)
        {
            throw new PdfSyntaxException($"TIFF predictor with {bitsPerComponent} bits per component is not supported", offset);
        }

        var output = (byte[])data.Clone();
        for (var rowStart = 0; rowStart < output.Length; rowStart += rowBytes)
        {
            var end = Math.Min(rowStart + rowBytes, output.Length);
            for (var i = rowStart + colors; i < end; i++)
            {
                output[i] = (byte)(output[i] + output[i - colors]);
            }
        }

        return output;
    }
}
