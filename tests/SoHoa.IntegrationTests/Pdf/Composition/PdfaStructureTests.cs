using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SoHoa.Pdf.Composition;
using SoHoa.Pdf.Syntax;
using SoHoa.Tests.Pdf.Composition;

namespace SoHoa.IntegrationTests.Pdf.Composition;

/// <summary>
/// The ISO 19005-2 level B rules of Pdf/PDFA.md that no installed tool checks, checked with our own parser on a
/// document holding every kind of page the composer writes (gray, bilevel G4, colour, gray-in-RGB, JPEG) and the
/// conversion mark.
/// </summary>
[TestClass]
public sealed class PdfaStructureTests
{
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static byte[] _pdf = [];
    private static PdfFileReader _reader = null!;

    [ClassInitialize]
    public static void ComposeOnce(TestContext context)
    {
        _ = context;
        _pdf = PdfaSamples.Compose(
            PdfaSamples.Gray(bilevel: false), PdfaSamples.Bilevel(), PdfaSamples.Rgb(colour: true), PdfaSamples.Rgb(colour: false), PdfaToolTests.Jpeg());
        _reader = PdfFileReader.Open(_pdf);
    }

    /// <summary>Rule 6.1.2: %PDF-1.n header, then a comment of at least four bytes above 127.</summary>
    [TestMethod]
    public void Header_PdfVersionAndBinaryComment()
    {
        string start = Encoding.Latin1.GetString(_pdf, 0, 15);
        Assert.IsTrue(Regex.IsMatch(start, "^%PDF-1\\.[0-7]\n%[\u0080-\u00FF]{4}"), start);
        Assert.AreEqual("1.7", _reader.HeaderVersion);
    }

    /// <summary>Rule 6.1.3: the trailer has /ID, no /Encrypt, and nothing follows %%EOF but one end-of-line.</summary>
    [TestMethod]
    public void Trailer_IdNoEncryptNothingAfterEof()
    {
        PdfArray id = _reader.Trailer.GetArray("ID")!;
        Assert.AreEqual(2, id.Count);
        Assert.AreEqual(16, ((PdfString)id[0]).Span.Length);
        Assert.IsFalse(_reader.IsEncrypted);
        Assert.IsTrue(Encoding.Latin1.GetString(_pdf).EndsWith("%%EOF\n", StringComparison.Ordinal));
    }

    /// <summary>
    /// Rules 6.1.4 and 6.1.9 with a cross-reference stream (PDF/A-2 allows them and object streams): one revision, whose
    /// startxref points at the /Type /XRef stream; every object is where that stream says, a stream at its offset with
    /// "n 0 obj" and single spaces, any other object inside an object stream; no parser diagnostics.
    /// </summary>
    [TestMethod]
    public void Xref_StreamMatchesObjectsEveryNonStreamInAnObjectStream()
    {
        Assert.AreEqual(1, _reader.Revisions.Count);
        Assert.AreEqual(PdfXrefKind.Stream, _reader.LatestRevision.Kind);
        Assert.AreEqual(0, _reader.Diagnostics.Count, string.Join("; ", _reader.Diagnostics));
        string text = Encoding.Latin1.GetString(_pdf);
        Match startxref = Regex.Match(text, "startxref\n(\\d+)\n%%EOF\n$");
        Assert.IsTrue(startxref.Success);
        Assert.IsTrue(Regex.IsMatch(text[int.Parse(startxref.Groups[1].Value, CultureInfo.InvariantCulture)..], "^\\d+ 0 obj\n<< /Type /XRef "), "startxref points at the xref stream");
        Assert.AreEqual(_reader.MaxObjectNumber + 1, _reader.Trailer.GetInt("Size"));
        int packed = 0;
        for (int n = 1; n <= _reader.MaxObjectNumber; n++)
        {
            PdfXrefEntry entry = _reader.LatestRevision.Entries[n];
            PdfIndirectObject? obj = _reader.GetIndirectObject(n);
            Assert.IsNotNull(obj, $"object {n}");
            if (entry.Type == PdfXrefEntryType.Compressed)
            {
                Assert.IsNotInstanceOfType<PdfStream>(obj.Value, $"object {n}: a stream cannot be in an object stream");
                Assert.IsTrue(_reader.GetIndirectObject(entry.ObjectStreamNumber)!.Value is PdfStream container && container.Dictionary.IsOfType("ObjStm"));
                packed++;
            }
            else
            {
                Assert.AreEqual(PdfXrefEntryType.InUse, entry.Type, $"object {n}");
                Assert.IsInstanceOfType<PdfStream>(obj.Value, $"object {n}: only streams stand outside object streams");
                Assert.IsTrue(Regex.IsMatch(Encoding.Latin1.GetString(_pdf, (int)entry.Offset, 16), $"^{n} 0 obj\n"), $"object {n} header");
            }
        }

        Assert.IsTrue(packed > 10, $"{packed} objects in object streams");
    }

    /// <summary>Rule 6.1.7: /Length is exact, "stream" ends with LF, "endstream" follows an end-of-line, no external-file keys; rule 6.1.7.2: no LZW, only standard filters.</summary>
    [TestMethod]
    public void Streams_ExactLengthKeywordsOnTheirLinesStandardFilters()
    {
        string[] allowed = ["FlateDecode", "DCTDecode", "CCITTFaxDecode"];
        foreach (PdfStream stream in Objects().OfType<PdfStream>())
        {
            var dictionary = stream.Dictionary;
            Assert.IsFalse(stream.LengthWasRepaired);
            Assert.AreEqual(stream.DataLength, dictionary.GetInt("Length"));
            int start = (int)stream.DataOffset;
            Assert.AreEqual("stream\n", Encoding.Latin1.GetString(_pdf, start - 7, 7));
            Assert.AreEqual("\nendstream", Encoding.Latin1.GetString(_pdf, start + (int)stream.DataLength, 10));
            foreach (string key in new[] { "F", "FFilter", "FDecodeParms", "DL" })
            {
                Assert.IsFalse(dictionary.ContainsKey(key), key);
            }

            IEnumerable<string> filters = dictionary["Filter"] switch
            {
                PdfName name => [name.Value],
                PdfArray array => array.Cast<PdfName>().Select(n => n.Value),
                _ => [],
            };
            foreach (string filter in filters)
            {
                CollectionAssert.Contains(allowed, filter);
            }
        }
    }

    /// <summary>Rule 6.1.13 (implementation limits): integers, names, strings, object count, page size, and q nesting within PDF/A's limits.</summary>
    [TestMethod]
    public void Limits_WithinPdfaImplementationLimits()
    {
        Assert.IsTrue(_reader.MaxObjectNumber <= 8_388_607);
        foreach (PdfObject obj in Objects().SelectMany(Descendants))
        {
            switch (obj)
            {
                case PdfInteger integer:
                    Assert.IsTrue(integer.Value is >= int.MinValue and <= int.MaxValue, integer.Value.ToString(CultureInfo.InvariantCulture));
                    break;
                case PdfName name:
                    Assert.IsTrue(Encoding.UTF8.GetByteCount(name.Value) <= 127, name.Value);
                    break;
                case PdfString text:
                    Assert.IsTrue(text.Span.Length <= 32767);
                    break;
            }
        }

        foreach (PdfDictionary page in Pages())
        {
            PdfArray box = page.GetArray("MediaBox")!;
            double width = box.GetNumber(2)!.Value - box.GetNumber(0)!.Value;
            double height = box.GetNumber(3)!.Value - box.GetNumber(1)!.Value;
            Assert.IsTrue(width is >= 3 and <= 14400 && height is >= 3 and <= 14400, $"{width}x{height}");
            int depth = 0;
            foreach (PdfToken token in ContentTokens(page))
            {
                depth += token.IsKeyword("q") ? 1 : token.IsKeyword("Q") ? -1 : 0;
                Assert.IsTrue(depth is >= 0 and <= 28, "q nesting");
            }

            Assert.AreEqual(0, depth, "q and Q balance");
        }
    }

    /// <summary>Rules 6.2.2 and 6.2.4.3: one PDF/A output intent whose DestOutputProfile is an RGB display ICC profile with /N 3, so DeviceRGB and DeviceGray may be used.</summary>
    [TestMethod]
    public void OutputIntent_OneSrgbProfileWithMatchingComponents()
    {
        PdfArray intents = _reader.GetCatalog().GetArray("OutputIntents", _reader)!;
        Assert.AreEqual(1, intents.Count);
        var intent = (PdfDictionary)_reader.Resolve(intents[0]);
        Assert.AreEqual("GTS_PDFA1", intent.GetName("S")!.Value);
        Assert.IsNotNull(intent.GetString("OutputConditionIdentifier"));
        PdfStream profile = intent.GetStream("DestOutputProfile", _reader)!;
        Assert.AreEqual(3, profile.Dictionary.GetInt("N"));
        byte[] icc = _reader.DecodeStream(profile);
        Assert.AreEqual(icc.Length, (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(icc));
        Assert.AreEqual("mntr", Encoding.ASCII.GetString(icc, 12, 4));
        Assert.AreEqual("RGB ", Encoding.ASCII.GetString(icc, 16, 4));
        Assert.AreEqual("acsp", Encoding.ASCII.GetString(icc, 36, 4));
        Assert.IsTrue(icc[8] is 2 or 4, "ICC version 2 or 4");
    }

    /// <summary>Rules 6.2.4, 6.2.8 and 6.2.10: images are DeviceGray or DeviceRGB with 1 or 8 bits, no /Alternates, /OPI, /Interpolate true or soft masks; no transparency group anywhere.</summary>
    [TestMethod]
    public void Images_DeviceColourNoAlternatesInterpolationOrTransparency()
    {
        var kinds = new List<string>();
        foreach (PdfDictionary page in Pages())
        {
            Assert.IsFalse(page.ContainsKey("Group"), "transparency group");
            var xobjects = page.GetDictionary("Resources", _reader)!.GetDictionary("XObject", _reader)!;
            foreach ((PdfName _, PdfObject value) in xobjects)
            {
                PdfDictionary image = ((PdfStream)_reader.Resolve(value)).Dictionary;
                Assert.AreEqual("Image", image.GetName("Subtype")!.Value);
                string colour = image.GetName("ColorSpace")!.Value;
                CollectionAssert.Contains(new[] { "DeviceGray", "DeviceRGB" }, colour);
                Assert.IsTrue(image.GetInt("BitsPerComponent") is 1 or 8);
                foreach (string key in new[] { "Alternates", "OPI", "SMask", "Mask", "SMaskInData" })
                {
                    Assert.IsFalse(image.ContainsKey(key), key);
                }

                Assert.AreNotEqual(true, image.GetBool("Interpolate"));
                string filter = image["Filter"] switch
                {
                    PdfName name => name.Value,
                    PdfArray array => ((PdfName)array[^1]).Value,
                    _ => "none",
                };
                kinds.Add($"{colour}/{image.GetInt("BitsPerComponent")}/{filter}");
            }
        }

        CollectionAssert.AreEqual(
            new[] { "DeviceGray/8/FlateDecode", "DeviceGray/1/CCITTFaxDecode", "DeviceRGB/8/FlateDecode", "DeviceGray/8/FlateDecode", "DeviceRGB/8/DCTDecode" },
            kinds);
    }

    /// <summary>Rules 6.2.2 and 6.2.10 (content streams): only operators PDF 1.7 defines, every named resource present, no CMYK or other undefined colour.</summary>
    [TestMethod]
    public void ContentStreams_KnownOperatorsAndResourcesOnly()
    {
        var operators = new HashSet<string>(StringComparer.Ordinal) { "q", "Q", "cm", "Do", "BT", "ET", "Tr", "Tz", "Tf", "Td", "Tj", "RG", "rg", "w", "re", "S" };
        foreach (PdfDictionary page in Pages())
        {
            PdfDictionary resources = page.GetDictionary("Resources", _reader)!;
            foreach (PdfToken token in ContentTokens(page).Where(t => t.Kind == PdfTokenKind.Keyword))
            {
                Assert.IsTrue(operators.Contains(token.Text!), $"operator {token.Text}");
            }

            foreach (Match xobject in Regex.Matches(ContentText(page), @"/(\w+) Do"))
            {
                Assert.IsNotNull(resources.GetDictionary("XObject", _reader)!.Get(xobject.Groups[1].Value, _reader), xobject.Value);
            }

            foreach (Match font in Regex.Matches(ContentText(page), @"/(\w+) [\d.]+ Tf"))
            {
                Assert.IsNotNull(resources.GetDictionary("Font", _reader)!.Get(font.Groups[1].Value, _reader), font.Value);
            }
        }
    }

    /// <summary>
    /// Rules 6.2.11.3 (CIDSystemInfo with Identity-H, CIDToGIDMap for CIDFontType2), 6.2.11.4 (font program embedded;
    /// no CIDSet, which PDF/A-2 makes optional), 6.2.11.5 (widths in the PDF equal the embedded program's) and 6.2.11.7 (ToUnicode).
    /// </summary>
    [TestMethod]
    public void Fonts_EmbeddedCompositeWithConsistentWidthsAndUnicode()
    {
        var fonts = Pages().SelectMany(p => p.GetDictionary("Resources", _reader)!.GetDictionary("Font", _reader)!)
            .Select(f => (PdfDictionary)_reader.Resolve(f.Value)).DistinctBy(f => f.GetName("BaseFont")!.Value).ToArray();
        Assert.AreEqual(2, fonts.Length);
        foreach (PdfDictionary type0 in fonts)
        {
            Assert.AreEqual("Type0", type0.GetName("Subtype")!.Value);
            Assert.AreEqual("Identity-H", type0.GetName("Encoding")!.Value);
            Assert.IsNotNull(type0.GetStream("ToUnicode", _reader));
            var cid = (PdfDictionary)_reader.Resolve(type0.GetArray("DescendantFonts")![0]);
            Assert.AreEqual("CIDFontType2", cid.GetName("Subtype")!.Value);
            Assert.IsNotNull(cid.GetDictionary("CIDSystemInfo", _reader));
            PdfObject map = _reader.Resolve(cid["CIDToGIDMap"]!);
            Assert.IsTrue(map is PdfStream || (map is PdfName name && name.Value == "Identity"), "CIDToGIDMap");
            PdfDictionary descriptor = cid.GetDictionary("FontDescriptor", _reader)!;
            Assert.IsFalse(descriptor.ContainsKey("CIDSet"));
            PdfStream file = descriptor.GetStream("FontFile2", _reader)!;
            TrueTypeFont program = TrueTypeFont.Parse(_reader.DecodeStream(file));
            double scale = 1000.0 / program.UnitsPerEm;

            if (map is PdfStream gidMap)
            {
                // The glyphless font: every CID shows glyph 1, never .notdef (rule 6.2.11.8), and glyph 1 is /DW wide.
                byte[] gids = _reader.DecodeStream(gidMap);
                Assert.AreEqual(65536 * 2, gids.Length);
                for (int i = 0; i < gids.Length; i += 2)
                {
                    Assert.AreEqual(1, (gids[i] << 8) | gids[i + 1], $"CID {i / 2}");
                }

                Assert.AreEqual(cid.GetNumber("DW")!.Value, program.AdvanceOf(1) * scale, 0.01);
            }
            else
            {
                Assert.IsTrue(file.Dictionary.GetInt("Length1") < 16_000, "the mark's font is a subset, not the 740 KB font");

                // /W is "first [w1 w2 …]" runs; each width within half a unit of the program's (veraPDF allows one).
                PdfArray widths = cid.GetArray("W", _reader)!;
                int checkedWidths = 0;
                for (int i = 0; i < widths.Count; i += 2)
                {
                    int first = (int)widths.GetInt(i)!.Value;
                    var run = (PdfArray)widths[i + 1];
                    for (int k = 0; k < run.Count; k++)
                    {
                        int code = first + k;
                        Assert.IsTrue(code > 0 && code < program.GlyphCount, "a shown code is a real glyph, not .notdef");
                        Assert.AreEqual(run.GetNumber(k)!.Value, program.AdvanceOf(code) * scale, 0.5, $"width of glyph {code}");
                        checkedWidths++;
                    }
                }

                Assert.IsTrue(checkedWidths > 20, $"{checkedWidths} widths");
            }

            // Only the tables a PDF font program needs (ISO 32000-1 §9.9): no hinting, cmap, OS/2, name or post.
            CollectionAssert.AreEquivalent(new[] { "cvt ", "fpgm", "prep", "glyf", "head", "hhea", "hmtx", "loca", "maxp" }, program.TableTags.ToArray(), cid.GetName("BaseFont")!.Value);
        }
    }

    /// <summary>Rule 6.2.11.8: the mark's text shows no .notdef (code 0), and every code it shows has a width and a Unicode value.</summary>
    [TestMethod]
    public void MarkText_NoNotdefEveryCodeMapped()
    {
        PdfDictionary page = Pages().First();
        string content = ContentText(page);
        int start = content.IndexOf("/F2 ", StringComparison.Ordinal);
        Assert.IsTrue(start >= 0, content);
        var lexer = new PdfLexer(Encoding.Latin1.GetBytes(content[start..]));
        var codes = new HashSet<int>();
        int strings = 0;
        for (PdfToken token = lexer.NextToken(); !token.IsKeyword("ET"); token = lexer.NextToken())
        {
            if (token.Kind is PdfTokenKind.LiteralString or PdfTokenKind.HexString)
            {
                strings++;
                Assert.AreEqual(0, token.Bytes!.Length % 2, "two-byte codes");
                codes.UnionWith(token.Bytes.Chunk(2).Select(pair => (pair[0] << 8) | pair[1]));
            }
        }

        Assert.AreEqual(4, strings, "one string a line of the mark");
        Assert.IsFalse(codes.Contains(0));
        var type0 = (PdfDictionary)_reader.Resolve(page.GetDictionary("Resources", _reader)!.GetDictionary("Font", _reader)!["F2"]!);
        string cmap = Encoding.ASCII.GetString(_reader.DecodeStream(type0.GetStream("ToUnicode", _reader)!));
        var mapped = new HashSet<int>();
        foreach (Match range in Regex.Matches(cmap, @"<([0-9A-F]{4})> <([0-9A-F]{4})> \[([^\]]*)\]"))
        {
            int first = Convert.ToInt32(range.Groups[1].Value, 16);
            int count = Regex.Matches(range.Groups[3].Value, "<[0-9A-F]+>").Count;
            Assert.AreEqual(Convert.ToInt32(range.Groups[2].Value, 16) - first + 1, count, range.Value);
            mapped.UnionWith(Enumerable.Range(first, count));
        }

        CollectionAssert.IsSubsetOf(codes.ToArray(), mapped.ToArray(), "every code shown has a Unicode value");
    }

    /// <summary>Rule 6.5 (actions) and 6.1.11, 6.3, 6.4, 6.9: no JavaScript, actions, annotations, forms, embedded files, optional content or encryption anywhere.</summary>
    [TestMethod]
    public void Document_NoActionsScriptsAnnotationsFormsOrEmbeddedFiles()
    {
        string[] forbidden = ["JS", "JavaScript", "AA", "OpenAction", "Launch", "Annots", "AcroForm", "EmbeddedFiles", "OCProperties", "Encrypt", "Names", "TR", "TR2", "HTP"];
        foreach (PdfDictionary dictionary in Objects().SelectMany(Descendants).Select(o => o is PdfStream s ? s.Dictionary : o).OfType<PdfDictionary>())
        {
            foreach (string key in forbidden)
            {
                Assert.IsFalse(dictionary.ContainsKey(key), $"/{key} in {dictionary}");
            }
        }
    }

    /// <summary>
    /// Rule 6.6.2.1: the catalog's metadata stream is XMP (/Type /Metadata /Subtype /XML), compressed with Flate alone
    /// (PDF/A-2 dropped PDF/A-1's ban on a filtered metadata stream; see Pdf/PDFA.md), UTF-8, with a packet header without
    /// bytes or encoding attributes, and well-formed.
    /// </summary>
    [TestMethod]
    public void Metadata_FlateCompressedWellFormedXmpPacket()
    {
        PdfStream stream = _reader.GetCatalog().GetStream("Metadata", _reader)!;
        Assert.AreEqual("Metadata", stream.Dictionary.GetName("Type")!.Value);
        Assert.AreEqual("XML", stream.Dictionary.GetName("Subtype")!.Value);
        Assert.AreEqual("FlateDecode", stream.Dictionary.GetName("Filter")!.Value);
        Assert.IsFalse(stream.Dictionary.ContainsKey("DecodeParms"));
        string xmp = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(_reader.DecodeStream(stream));
        Match header = Regex.Match(xmp, "^<\\?xpacket ([^?]*)\\?>");
        Assert.IsTrue(header.Success);
        Assert.IsFalse(header.Value.Contains("bytes=", StringComparison.Ordinal) || header.Value.Contains("encoding=", StringComparison.Ordinal), header.Value);
        Assert.IsTrue(xmp.EndsWith("<?xpacket end=\"w\"?>", StringComparison.Ordinal));
        _ = XDocument.Parse(xmp);
    }

    /// <summary>Rule 6.6.4: PDF/A identification pdfaid:part 2, pdfaid:conformance B.</summary>
    [TestMethod]
    public void Metadata_IdentifiesPdfa2b()
    {
        XDocument xmp = Xmp();
        XNamespace pdfaid = "http://www.aiim.org/pdfa/ns/id/";
        Assert.AreEqual("2", XmpReading.Simple(xmp, pdfaid + "part"));
        Assert.AreEqual("B", XmpReading.Simple(xmp, pdfaid + "conformance"));
    }

    /// <summary>Rule 6.6.3 (info dictionary and XMP agree): title, author, subject, keywords, creator, producer and both dates.</summary>
    [TestMethod]
    public void Metadata_InfoDictionaryEqualsXmp()
    {
        XDocument xmp = Xmp();
        XNamespace dc = "http://purl.org/dc/elements/1.1/";
        XNamespace xmpNs = "http://ns.adobe.com/xap/1.0/";
        XNamespace pdf = "http://ns.adobe.com/pdf/1.3/";
        var info = (PdfDictionary)_reader.Resolve(_reader.Trailer["Info"]!);
        Assert.AreEqual(info.GetString("Title")!.ToText(), XmpReading.FirstItem(xmp, dc + "title"));
        Assert.AreEqual(info.GetString("Author")!.ToText(), XmpReading.FirstItem(xmp, dc + "creator"));
        Assert.AreEqual(info.GetString("Subject")!.ToText(), XmpReading.FirstItem(xmp, dc + "description"));
        Assert.AreEqual(info.GetString("Keywords")!.ToText(), XmpReading.Simple(xmp, pdf + "Keywords"));
        Assert.AreEqual(info.GetString("Producer")!.ToText(), XmpReading.Simple(xmp, pdf + "Producer"));
        Assert.AreEqual(info.GetString("Creator")!.ToText(), XmpReading.Simple(xmp, xmpNs + "CreatorTool"));
        Assert.AreEqual(PdfDate(info.GetString("CreationDate")!.ToText()), DateTimeOffset.Parse(XmpReading.Simple(xmp, xmpNs + "CreateDate")!, CultureInfo.InvariantCulture));
        Assert.AreEqual(PdfDate(info.GetString("ModDate")!.ToText()), DateTimeOffset.Parse(XmpReading.Simple(xmp, xmpNs + "ModifyDate")!, CultureInfo.InvariantCulture));
        Assert.AreEqual(PdfaSamples.ConvertedAt, PdfDate(info.GetString("CreationDate")!.ToText()));
    }

    /// <summary>Rule 6.6.2.3: every SoHoa property used is described in a pdfaExtension schema with its namespace, prefix and value type.</summary>
    [TestMethod]
    public void Metadata_SoHoaPropertiesDeclaredInExtensionSchema()
    {
        XDocument xmp = Xmp();
        XNamespace schema = "http://www.aiim.org/pdfa/ns/schema#";
        XNamespace property = "http://www.aiim.org/pdfa/ns/property#";
        XElement description = xmp.Descendants(schema + "namespaceURI").Single(e => e.Value == XmpMetadata.SoHoaNamespace).Parent!;
        Assert.AreEqual(XmpMetadata.SoHoaPrefix, description.Element(schema + "prefix")!.Value);
        Dictionary<XName, string>[] properties = description.Element(schema + "property")!.Descendants(Rdf + "li").Select(XmpReading.Fields).ToArray();
        var declared = properties.ToDictionary(p => p[property + "name"], p => p[property + "valueType"]);
        Assert.AreEqual("external", properties.Select(p => p[property + "category"]).Distinct().Single());

        Dictionary<string, string> used = XmpReading.PropertiesIn(xmp, XmpMetadata.SoHoaNamespace);
        Assert.AreEqual(8, used.Count);
        foreach (string name in used.Keys)
        {
            Assert.IsTrue(declared.ContainsKey(name), name);
        }

        Assert.AreEqual("000.00.01.H12-261122-0001", used["DossierCode"]);
        Assert.AreEqual("1.001612", used["ProcedureCode"]);
        Assert.AreEqual("input", used["DocumentRole"]);
        Assert.AreEqual("Trần Thị Bình, UBND huyện Phụng Hiệp", used["ConvertedBy"]);
        Assert.AreEqual(PdfaSamples.ConvertedAt, DateTimeOffset.Parse(used["ConvertedAt"], CultureInfo.InvariantCulture));
        Assert.AreEqual("Date", declared["ConvertedAt"]);
    }

    private static XDocument Xmp() =>
        XDocument.Parse(Encoding.UTF8.GetString(_reader.DecodeStream(_reader.GetCatalog().GetStream("Metadata", _reader)!)));

    private static DateTimeOffset PdfDate(string text)
    {
        Match m = Regex.Match(text, @"^D:(\d{14})([+-])(\d\d)'(\d\d)'$");
        Assert.IsTrue(m.Success, text);
        var offset = new TimeSpan(int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture), 0);
        DateTime local = DateTime.ParseExact(m.Groups[1].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        return new DateTimeOffset(local, m.Groups[2].Value == "-" ? -offset : offset);
    }

    private static IEnumerable<PdfObject> Objects() =>
        Enumerable.Range(1, _reader.MaxObjectNumber).Select(n => _reader.GetIndirectObject(n)!.Value);

    private static IEnumerable<PdfObject> Descendants(PdfObject obj)
    {
        yield return obj;
        IEnumerable<PdfObject> children = obj switch
        {
            PdfStream stream => stream.Dictionary.SelectMany(e => new PdfObject[] { e.Key, e.Value }),
            PdfDictionary dictionary => dictionary.SelectMany(e => new PdfObject[] { e.Key, e.Value }),
            PdfArray array => array,
            _ => [],
        };
        foreach (PdfObject child in children.SelectMany(Descendants))
        {
            yield return child;
        }
    }

    private static IEnumerable<PdfDictionary> Pages() =>
        _reader.GetPageReferences().Select(r => (PdfDictionary)_reader.Resolve(r));

    private static string ContentText(PdfDictionary page) =>
        Encoding.Latin1.GetString(_reader.DecodeStream(page.GetStream("Contents", _reader)!));

    private static List<PdfToken> ContentTokens(PdfDictionary page)
    {
        var lexer = new PdfLexer(_reader.DecodeStream(page.GetStream("Contents", _reader)!));
        var tokens = new List<PdfToken>();
        for (PdfToken token = lexer.NextToken(); token.Kind != PdfTokenKind.EndOfInput; token = lexer.NextToken())
        {
            tokens.Add(token);
        }

        return tokens;
    }
}
