using System.Buffers.Binary;
using System.Text;
using System.Xml.Linq;
using SoHoa.Imaging;
using SoHoa.Pdf;
using SoHoa.Pdf.Composition;
using SoHoa.Pdf.Syntax;

namespace SoHoa.Tests.Pdf.Composition;

/// <summary>The composer's parts that need no font file and no tool: ICC profile, XMP, G4 coder, image storage choice, the mark's wording.</summary>
[TestClass]
public sealed class CompositionPartsTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 22, 13, 46, 37, TimeSpan.FromHours(7));

    /// <summary>The generated ICC profile has a consistent header and tag table, and the colorants add up to the white point.</summary>
    [TestMethod]
    public void SrgbIccProfile_Bytes_ValidV2DisplayProfile()
    {
        byte[] icc = SrgbIccProfile.Bytes;
        Assert.AreEqual(icc.Length, (int)BinaryPrimitives.ReadUInt32BigEndian(icc));
        Assert.AreEqual(0x02100000u, BinaryPrimitives.ReadUInt32BigEndian(icc.AsSpan(8)));
        Assert.AreEqual("mntrRGB XYZ ", Encoding.ASCII.GetString(icc, 12, 12));
        Assert.AreEqual("acsp", Encoding.ASCII.GetString(icc, 36, 4));
        Assert.IsTrue(icc.Length < 1024, $"{icc.Length} bytes");

        var tags = new Dictionary<string, (int Offset, int Length)>();
        int count = (int)BinaryPrimitives.ReadUInt32BigEndian(icc.AsSpan(128));
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> entry = icc.AsSpan(132 + (12 * i), 12);
            int offset = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
            Assert.AreEqual(0, offset % 4, "tag data starts on a 4-byte boundary");
            Assert.IsTrue(offset >= 132 + (12 * count) && offset + length <= icc.Length);
            tags[Encoding.ASCII.GetString(entry[..4])] = (offset, length);
        }

        // The tags ICC.1 requires of an RGB display profile (matrix/TRC).
        CollectionAssert.IsSubsetOf(new[] { "desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC" }, tags.Keys.ToArray());
        double[] white = Xyz(icc, tags["wtpt"].Offset);
        double[] sum = new double[3];
        foreach (string colorant in new[] { "rXYZ", "gXYZ", "bXYZ" })
        {
            double[] xyz = Xyz(icc, tags[colorant].Offset);
            for (int c = 0; c < 3; c++)
            {
                sum[c] += xyz[c];
            }
        }

        for (int c = 0; c < 3; c++)
        {
            Assert.AreEqual(white[c], sum[c], 0.0005, "the colorants add up to the white point");
        }

        (int curve, _) = tags["rTRC"];
        Assert.AreEqual("curv", Encoding.ASCII.GetString(icc, curve, 4));
        int points = (int)BinaryPrimitives.ReadUInt32BigEndian(icc.AsSpan(curve + 8));
        ushort[] values = Enumerable.Range(0, points).Select(i => BinaryPrimitives.ReadUInt16BigEndian(icc.AsSpan(curve + 12 + (2 * i)))).ToArray();
        Assert.AreEqual(0, values[0]);
        Assert.AreEqual(65535, values[^1]);
        Assert.IsTrue(values.Zip(values.Skip(1)).All(p => p.First <= p.Second), "monotonic");

        // Read as a CMM reads it (linear interpolation between samples), the curve is the sRGB one (IEC 61966-2-1) to
        // within 0.0002 of linear light everywhere, a twentieth of one 8-bit step.
        Assert.IsTrue(points <= 64, $"{points} samples");
        for (int i = 0; i <= 1000; i++)
        {
            double encoded = i / 1000.0;
            double at = encoded * (points - 1);
            int below = Math.Min((int)at, points - 2);
            double interpolated = ((values[below] * (below + 1 - at)) + (values[below + 1] * (at - below))) / 65535.0;
            double exact = encoded <= 0.04045 ? encoded / 12.92 : Math.Pow((encoded + 0.055) / 1.055, 2.4);
            Assert.AreEqual(exact, interpolated, 0.0002, $"at {encoded}");
        }
    }

    /// <summary>The XMP packet is well-formed XML that keeps Vietnamese text and escapes markup and control characters.</summary>
    [TestMethod]
    public void XmpMetadata_Build_WellFormedWithEscapedValues()
    {
        var info = new PdfDocumentInfo("A & B <c> \"d\"", "Ủy ban nhân dân xã Đông Hòa", "x\u0001y", "k", Time)
        {
            Dossier = new PdfDossierMetadata("000.00.01.H12-261122-0001", "1.001612", "birth-certificate", "result", "000.00.01.H12", "UBND"),
        };
        string packet = Encoding.UTF8.GetString(XmpMetadata.Build(info, "SoHoa test"));
        XDocument xmp = XDocument.Parse(packet);
        XNamespace dc = "http://purl.org/dc/elements/1.1/";
        XNamespace xmpNs = "http://ns.adobe.com/xap/1.0/";
        XNamespace sohoa = XmpMetadata.SoHoaNamespace;

        Assert.AreEqual("A & B <c> \"d\"", XmpReading.FirstItem(xmp, dc + "title"));
        Assert.AreEqual("Ủy ban nhân dân xã Đông Hòa", XmpReading.FirstItem(xmp, dc + "creator"));
        Assert.AreEqual("xy", XmpReading.FirstItem(xmp, dc + "description"));
        Assert.AreEqual("2026-11-22T13:46:37+07:00", XmpReading.Simple(xmp, xmpNs + "CreateDate"));
        Assert.AreEqual("result", XmpReading.Simple(xmp, sohoa + "DocumentRole"));
        Assert.IsNull(XmpReading.Simple(xmp, sohoa + "ConvertedAt"), "no mark, no conversion properties");
    }

    /// <summary>
    /// The packet is terse (it is in every document): one description, no indentation or padding, and the SoHoa schema's
    /// property descriptions as attributes of empty elements, each with the four fields ISO 19005-2 §6.6.2.3.3 asks for.
    /// </summary>
    [TestMethod]
    public void XmpMetadata_Build_TerseWithEveryPropertyDescribed()
    {
        var info = new PdfDocumentInfo("t", "a", "s", "k", Time)
        {
            Dossier = new PdfDossierMetadata("000.00.01.H12-261122-0001", "1.001612", "birth-certificate", "input", "000.00.01.H12", "UBND"),
            ConversionMark = new PaperConversionMark("UBND", "Trần Thị Bình", Time),
        };
        byte[] packet = XmpMetadata.Build(info, "SoHoa test");
        XDocument xmp = XDocument.Parse(Encoding.UTF8.GetString(packet));
        XNamespace property = "http://www.aiim.org/pdfa/ns/property#";

        Assert.AreEqual(1, xmp.Descendants(XmpReading.Rdf + "Description").Count());
        Assert.IsFalse(Encoding.UTF8.GetString(packet).Contains("  ", StringComparison.Ordinal), "no indentation or padding");
        Assert.IsTrue(packet.Length < 3200, $"{packet.Length} bytes");
        var described = xmp.Descendants(property + "name").Select(e => e.Parent!)
            .Concat(xmp.Descendants(XmpReading.Rdf + "li").Where(li => li.Attribute(property + "name") is not null))
            .Select(XmpReading.Fields).ToArray();
        CollectionAssert.AreEquivalent(XmpMetadata.SoHoaProperties.Select(p => p.Name).ToArray(), described.Select(f => f[property + "name"]).ToArray());
        foreach (Dictionary<XName, string> fields in described)
        {
            CollectionAssert.AreEquivalent(new[] { property + "name", property + "valueType", property + "category", property + "description" }, fields.Keys.ToArray());
        }

        CollectionAssert.AreEquivalent(
            XmpMetadata.SoHoaProperties.Select(p => p.Name).ToArray(),
            XmpReading.PropertiesIn(xmp, XmpMetadata.SoHoaNamespace).Keys.ToArray(),
            "every SoHoa property is used and described");
    }

    /// <summary>Without dossier or mark there are no SoHoa properties, so no extension schema either.</summary>
    [TestMethod]
    public void XmpMetadata_NoDossier_NoExtensionSchema()
    {
        string packet = Encoding.UTF8.GetString(XmpMetadata.Build(new PdfDocumentInfo("t", "a", "s", "k", Time), "p"));

        Assert.IsFalse(packet.Contains("pdfaExtension", StringComparison.Ordinal));
        Assert.IsFalse(packet.Contains(XmpMetadata.SoHoaNamespace, StringComparison.Ordinal));
        Assert.AreEqual("2", XmpReading.Simple(XDocument.Parse(packet), XName.Get("part", "http://www.aiim.org/pdfa/ns/id/")));
    }

    /// <summary>An all-white row against the imaginary white reference row is one V0 code (T.4 §4.2.1.3.2), then EOFB.</summary>
    [TestMethod]
    public void CcittG4Encoder_WhiteRow_V0ThenEofb()
    {
        byte[] encoded = CcittG4Encoder.Encode([0xFF], 8, 1);

        Assert.AreEqual("1" + "000000000001" + "000000000001" + "0000000", Bits(encoded));
    }

    /// <summary>An all-black row under a white reference is horizontal mode: white run 0, black run 8 (T.4 tables 2 and 3).</summary>
    [TestMethod]
    public void CcittG4Encoder_BlackRow_HorizontalModeWithRuns()
    {
        byte[] encoded = CcittG4Encoder.Encode([0x00], 8, 1);

        Assert.AreEqual("001" + "00110101" + "000101" + "000000000001" + "000000000001" + "0000000", Bits(encoded));
    }

    /// <summary>The second of two identical rows codes as vertical mode 0 at each change: a row costs a few bits.</summary>
    [TestMethod]
    public void CcittG4Encoder_RepeatedRow_SecondRowIsVerticalModes()
    {
        // Row: 4 white, 8 black, 4 white (16 pixels).
        byte[] row = [0b1111_0000, 0b0000_1111];
        string first = Bits(CcittG4Encoder.Encode(row, 16, 1));
        string both = Bits(CcittG4Encoder.Encode([.. row, .. row], 16, 2));

        // First row: horizontal (white 4 = 1011, black 8 = 000101), then the end: V0 onto the reference's end.
        string firstRow = "001" + "1011" + "000101" + "1";
        Assert.IsTrue(first.StartsWith(firstRow + "000000000001", StringComparison.Ordinal), first);

        // Second row: a1 = b1 (V0), a2 = b2 (V0), then V0 at the row's end.
        Assert.IsTrue(both.StartsWith(firstRow + "1" + "1" + "1" + "000000000001", StringComparison.Ordinal), both);
    }

    /// <summary>Runs longer than 2560 use the extended make-up codes: a black run of 3000 is 2560 + 384 + 56.</summary>
    [TestMethod]
    public void CcittG4Encoder_LongBlackRun_ExtendedMakeUpCodes()
    {
        // One row: 3000 black, then 8 white.
        int width = 3008;
        byte[] row = new byte[width / 8];
        row[^1] = 0xFF;
        string bits = Bits(CcittG4Encoder.Encode(row, width, 1));

        // Horizontal: white 0, black 3000 = 2560 (000000011111) + 384 (000000110100) + 56 (000000101000).
        Assert.IsTrue(bits.StartsWith("001" + "00110101" + "000000011111" + "000000110100" + "000000101000", StringComparison.Ordinal), bits);
    }

    /// <summary>A JPEG is kept byte for byte (possibly wrapped in lossless Flate).</summary>
    [TestMethod]
    public void ImageXObject_Jpeg_BytesKept()
    {
        byte[] jpeg = [0xFF, 0xD8, .. Enumerable.Repeat((byte)0x41, 500), 0xFF, 0xD9];
        ImageXObject image = ImageXObject.From(new VisibleImage(VisibleImageEncoding.Jpeg, 10, 10, 1, 8, jpeg));

        Assert.AreEqual(ImageStorage.Jpeg, image.Storage);
        StringAssert.Contains(image.Dictionary, "/DCTDecode");
        byte[] stored = image.Dictionary.Contains("/FlateDecode", StringComparison.Ordinal) ? PdfFilters.FlateDecode(image.Data) : image.Data;
        CollectionAssert.AreEqual(jpeg, stored);
    }

    /// <summary>Gray samples that are all 0 or 255 become a 1-bit CCITT G4 image.</summary>
    [TestMethod]
    public void ImageXObject_BlackAndWhiteGray_StoredAsG4()
    {
        byte[] gray = new byte[64 * 32];
        Array.Fill(gray, (byte)255);
        gray.AsSpan(64 * 10, 64 * 5).Fill(0);
        ImageXObject image = ImageXObject.From(new VisibleImage(VisibleImageEncoding.Raw, 64, 32, 1, 8, gray));

        Assert.AreEqual(ImageStorage.CcittG4, image.Storage);
        StringAssert.Contains(image.Dictionary, "/BitsPerComponent 1");
        StringAssert.Contains(image.Dictionary, "/K -1 /Columns 64 /Rows 32");
    }

    /// <summary>RGB whose pixels are all gray is stored as gray; real colour stays RGB; both decode (with our reader's predictor code) to the samples.</summary>
    [TestMethod]
    public void ImageXObject_RgbGrayAndColour_LosslessAndGrayWhenPossible()
    {
        const int width = 40;
        const int height = 30;
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++)
        {
            byte v = (byte)((i * 7) % 251);
            rgb[3 * i] = rgb[(3 * i) + 1] = rgb[(3 * i) + 2] = v;
        }

        ImageXObject gray = ImageXObject.From(new VisibleImage(VisibleImageEncoding.Raw, width, height, 3, 8, rgb));
        StringAssert.Contains(gray.Dictionary, "/DeviceGray");
        CollectionAssert.AreEqual(rgb.Where((_, i) => i % 3 == 0).ToArray(), Decode(gray, width, 1));

        rgb[5] = 17;
        ImageXObject colour = ImageXObject.From(new VisibleImage(VisibleImageEncoding.Raw, width, height, 3, 8, rgb));
        StringAssert.Contains(colour.Dictionary, "/DeviceRGB");
        CollectionAssert.AreEqual(rgb, Decode(colour, width, 3));
    }

    /// <summary>The per-row PNG prediction reverses exactly through the reader's predictor decoding, for every filter type it picks.</summary>
    [TestMethod]
    public void ImageXObject_PngPredict_RoundTripsThroughReaderDecoding()
    {
        var random = new Random(7);
        const int width = 50;
        byte[] samples = new byte[width * 3 * 40];
        for (int y = 0; y < 40; y++)
        {
            for (int x = 0; x < width * 3; x++)
            {
                // Gradients, flat runs and noise, so that different rows prefer different filters.
                samples[(y * width * 3) + x] = (y % 4) switch
                {
                    0 => (byte)x,
                    1 => (byte)(y * 3),
                    2 => (byte)random.Next(256),
                    _ => (byte)((x + y) / 2),
                };
            }
        }

        byte[] predicted = ImageXObject.PngPredict(samples, width * 3, 3);
        Assert.IsTrue(Enumerable.Range(0, 40).Select(y => predicted[y * ((width * 3) + 1)]).Distinct().Count() >= 3, "several filter types used");
        CollectionAssert.AreEqual(samples, PdfFilters.DecodePredictor(predicted, 15, 3, 8, width));
    }

    /// <summary>The mark says, in Vietnamese, that the copy was converted from paper, by whom and when (in the offset given).</summary>
    [TestMethod]
    public void ConversionStamp_Lines_AgencyOfficerAndLocalTime()
    {
        IReadOnlyList<string> lines = ConversionStamp.Lines(new PaperConversionMark("UBND  huyện\nPhụng Hiệp", "Trần Thị Bình", Time));

        CollectionAssert.AreEqual(
            new[]
            {
                "Bản điện tử được chuyển đổi từ bản giấy",
                "Cơ quan chuyển đổi: UBND huyện Phụng Hiệp",
                "Người chuyển đổi: Trần Thị Bình",
                "Thời gian chuyển đổi: 22/11/2026 13:46:37 (UTC+07:00)",
            },
            lines.ToArray());
        Assert.AreEqual(3, ConversionStamp.Lines(new PaperConversionMark("UBND", null, Time.ToUniversalTime())).Count);
        StringAssert.EndsWith(ConversionStamp.Lines(new PaperConversionMark("UBND", null, Time.ToUniversalTime()))[^1], "06:46:37 (UTC)");
    }

    /// <summary>
    /// The builder puts every object but the streams into object streams of at most 100 objects and ends with a
    /// cross-reference stream carrying the trailer; our reader finds each object where that stream says.
    /// </summary>
    [TestMethod]
    public void PdfFileBuilder_Finish_ObjectStreamsAndXrefStreamReadBack()
    {
        var pdf = new PdfFileBuilder();
        int catalog = pdf.Allocate();
        int pages = pdf.Allocate();
        int info = pdf.Allocate();
        int data = pdf.Allocate();
        var numbers = Enumerable.Range(0, 250).Select(_ => pdf.Allocate()).ToArray();
        foreach (int n in numbers)
        {
            pdf.WriteObject(n, $"<< /Value {n} /Text (x{n}) >>");
        }

        pdf.WriteObject(catalog, $"<< /Type /Catalog /Pages {pages} 0 R >>");
        pdf.WriteObject(pages, "<< /Type /Pages /Kids [] /Count 0 >>");
        pdf.WriteObject(info, "<< /Producer (test) >>");
        pdf.WriteStream(data, "/Type /Test", "stream data"u8, compress: true);
        byte[] file = pdf.Finish(catalog, info, new byte[16]);

        var reader = PdfFileReader.Open(file);
        Assert.AreEqual(0, reader.Diagnostics.Count, string.Join("; ", reader.Diagnostics));
        Assert.AreEqual(PdfXrefKind.Stream, reader.LatestRevision.Kind);
        Assert.AreEqual("Catalog", reader.GetCatalog().GetName("Type")!.Value);
        Assert.AreEqual("test", ((PdfDictionary)reader.Resolve(reader.Trailer["Info"]!)).GetString("Producer")!.ToText());
        foreach (int n in numbers)
        {
            var value = (PdfDictionary)reader.GetIndirectObject(n)!.Value;
            Assert.AreEqual(n, value.GetInt("Value"));
            Assert.AreEqual(PdfXrefEntryType.Compressed, reader.LatestRevision.Entries[n].Type);
        }

        var containers = reader.LatestRevision.Entries.Values.Where(e => e.Type == PdfXrefEntryType.Compressed).GroupBy(e => e.ObjectStreamNumber).ToArray();
        Assert.AreEqual(3, containers.Length, "253 objects in streams of at most 100");
        Assert.IsTrue(containers.All(c => c.Count() <= PdfFileBuilder.ObjectsPerObjectStream));
        Assert.AreEqual("stream data", Encoding.ASCII.GetString(reader.DecodeStream((PdfStream)reader.GetIndirectObject(data)!.Value)));
        Assert.AreEqual(PdfXrefEntryType.InUse, reader.LatestRevision.Entries[data].Type);
    }

    /// <summary>Two-byte codes written as a binary literal string come back exactly through a PDF lexer, for every byte value, the delimiters and end-of-line bytes included.</summary>
    [TestMethod]
    public void PdfText_AppendTwoByteCodes_EveryByteValueRoundTrips()
    {
        int[] codes = [.. Enumerable.Range(0, 256).Select(b => (b << 8) | (255 - b)), 0x0D0A, 0x2829, 0x5C5C, 0x1EF9];
        var content = new StringBuilder();
        PdfText.AppendTwoByteCodes(content, codes);
        content.Append("Tj");

        var lexer = new PdfLexer(Encoding.Latin1.GetBytes(content.ToString()));
        PdfToken token = lexer.NextToken();
        Assert.AreEqual(PdfTokenKind.LiteralString, token.Kind);
        CollectionAssert.AreEqual(codes.SelectMany(c => new[] { (byte)(c >> 8), (byte)c }).ToArray(), token.Bytes);
        Assert.IsTrue(lexer.NextToken().IsKeyword("Tj"));
        Assert.IsFalse(content.ToString().Contains('\r', StringComparison.Ordinal), "no bare CR, which a reader turns into LF");
    }

    private static byte[] Decode(ImageXObject image, int width, int colours)
    {
        byte[] inflated = PdfFilters.FlateDecode(image.Data);
        return image.Dictionary.Contains("/Predictor 15", StringComparison.Ordinal) ? PdfFilters.DecodePredictor(inflated, 15, colours, 8, width) : inflated;
    }

    private static double[] Xyz(byte[] icc, int offset)
    {
        Assert.AreEqual("XYZ ", Encoding.ASCII.GetString(icc, offset, 4));
        return Enumerable.Range(0, 3).Select(i => BinaryPrimitives.ReadInt32BigEndian(icc.AsSpan(offset + 8 + (4 * i))) / 65536.0).ToArray();
    }

    private static string Bits(byte[] data) => string.Concat(data.Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
}
