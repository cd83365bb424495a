using System.Globalization;
using System.Text;
using SoHoa.Tests.Pdf.Syntax;
using SoHoa.Pdf.Syntax;

namespace SoHoa.IntegrationTests.Signing.Attacks;

/// <summary>One attack sample: the file, the class of attack, and the verifier codes any one of which counts as catching it.</summary>
internal sealed record AttackSample(string Name, string AttackClass, byte[] Pdf, string[] ExpectedCodes);

/// <summary>
/// Builds the PDF signature attack corpus ourselves, from the published descriptions (Mainka, Mladenov, Rohlmann et al.,
/// pdf-insecurity.org: Universal Signature Forgery, Incremental Saving Attack, Signature Wrapping, Shadow attacks hide /
/// replace / hide-and-replace). Every sample is derived deterministically from a legitimately signed base: the same
/// signed input gives the same bytes. No third-party sample file is used.
/// </summary>
internal static class AttackSamples
{
    /// <summary>
    /// The document the attacker prepares before asking the victim to sign it: page content drawn from two streams (the
    /// second a white cover over a hidden clause), a font, and an unreferenced shadow catalog with its own page.
    /// </summary>
    public static byte[] ShadowBase()
    {
        var bodies = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",                                                                         // 1
            "<< /Type /Pages /Kids [5 0 R] /Count 1 >>",                                                                  // 2
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",                                                     // 3
            "<< /Producer (SoHoa attack corpus) /Title (Giay xac nhan) >>",                                               // 4
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents [6 0 R 7 0 R] >>", // 5
            TestPdfBuilder.Stream("BT /F1 20 Tf 72 700 Td (So tien: 1.000.000 VND) Tj ET BT /F1 20 Tf 72 600 Td (Dieu khoan an: chuyen quyen) Tj ET"), // 6
            TestPdfBuilder.Stream("q 1 1 1 rg 60 590 500 40 re f Q"),                                                     // 7: the cover
            "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",                                                       // 8: a spare font
            "<< /Type /Catalog /Pages 10 0 R >>",                                                                         // 9: shadow catalog
            "<< /Type /Pages /Kids [11 0 R] /Count 1 >>",                                                                 // 10
            "<< /Type /Page /Parent 10 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 12 0 R >>", // 11
            TestPdfBuilder.Stream("BT /F1 20 Tf 72 700 Td (So tien: 9.000.000.000 VND) Tj ET"),                          // 12
            TestPdfBuilder.Stream(string.Empty),                                                                          // 13: an empty stream
        };
        return TestPdfBuilder.Build(bodies, "/Root 1 0 R /Info 4 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]");
    }

    /// <summary>Every sample, from <paramref name="signed"/>: <see cref="ShadowBase"/> signed once (B-B) by the victim.</summary>
    public static IReadOnlyList<AttackSample> All(byte[] signed)
    {
        PdfFileReader reader = PdfFileReader.Open(signed);
        (int sigObject, long a, long b) = SignatureOf(reader);
        var samples = new List<AttackSample>();

        // Universal Signature Forgery: a signature dictionary whose ByteRange or Contents are such that nothing is checked.
        string cms = Encoding.ASCII.GetString(signed, (int)a, (int)(b - a));
        void Usf(string name, string byteRange, string contents, params string[] codes) =>
            samples.Add(new AttackSample("usf-" + name, "Universal Signature Forgery", ForgedSignature(ShadowBase(), byteRange, contents), codes));
        Usf("byterange-missing", string.Empty, "/Contents " + cms, "byte-range.missing");
        Usf("byterange-null", "/ByteRange null", "/Contents " + cms, "byte-range.missing");
        Usf("byterange-empty", "/ByteRange []", "/Contents " + cms, "byte-range.missing");
        Usf("byterange-not-from-zero", "/ByteRange [10 100 200 300]", "/Contents " + cms, "byte-range.shape");
        Usf("byterange-overlapping", "/ByteRange [0 400 300 200]", "/Contents " + cms, "byte-range.shape");
        Usf("byterange-negative", "/ByteRange [0 -1 0 -1]", "/Contents " + cms, "byte-range.shape");
        Usf("byterange-beyond-file", "/ByteRange [0 10 20 99999999]", "/Contents " + cms, "byte-range.shape");
        Usf("contents-missing", "/ByteRange [0 10 20 30]", string.Empty, "contents.missing");
        Usf("contents-null", "/ByteRange [0 10 20 30]", "/Contents null", "contents.missing");
        Usf("contents-empty", "/ByteRange [0 10 20 30]", "/Contents <>", "contents.missing");
        Usf("contents-zero-filled", "/ByteRange [0 10 20 30]", "/Contents <" + new string('0', 2048) + ">", "contents.empty");

        // Incremental Saving Attack: a later revision changes what the signed revision shows.
        string[] changed = ["changed-after-signing"];
        samples.Add(new("isa-content-replaced", "Incremental Saving Attack",
            Append(signed, new() { [6] = TestPdfBuilder.Stream("BT /F1 20 Tf 72 700 Td (So tien: 9.000.000.000 VND) Tj ET") }), changed));
        samples.Add(new("isa-page-added", "Incremental Saving Attack",
            Append(signed, new()
            {
                [2] = "<< /Type /Pages /Kids [5 0 R 30 0 R] /Count 2 >>",
                [30] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 31 0 R >>",
                [31] = TestPdfBuilder.Stream("BT /F1 20 Tf 72 700 Td (Phu luc moi) Tj ET"),
            }), changed));
        PdfDictionary page = (PdfDictionary)reader.GetObject(5);
        string annots = string.Join(' ', (page.GetArray("Annots") ?? []).Select(x => x.ToString()));
        samples.Add(new("isa-annotation-added", "Incremental Saving Attack",
            Append(signed, new()
            {
                [5] = $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents [6 0 R 7 0 R] /Annots [{annots} 32 0 R] >>",
                [32] = "<< /Type /Annot /Subtype /FreeText /Rect [60 580 560 640] /Contents (Da huy) /DA (/Helv 24 Tf 1 0 0 rg) /F 4 >>",
            }), changed));
        samples.Add(new("isa-info-trailer-changed", "Incremental Saving Attack",
            Append(signed, new() { [33] = "<< /Title (Giay xac nhan da sua) /Producer (attacker) >>" }, "/Info 33 0 R"), changed));
        samples.Add(new("isa-bytes-appended-without-xref", "Incremental Saving Attack",
            [.. signed, .. Encoding.ASCII.GetBytes("6 0 obj\n" + TestPdfBuilder.Stream("BT /F1 20 Tf 72 700 Td (So tien: 9.000.000.000 VND) Tj ET") + "\nendobj\n")], ["file.appended"]));
        samples.Add(new("isa-object-freed", "Incremental Saving Attack", Append(signed, [], freed: [7]), changed));

        // Signature Wrapping: the ByteRange is rewritten so that the signed second part moves, and the gap holds other bytes.
        samples.Add(new("sw-second-part-moved", "Signature Wrapping", Wrap(signed, a, b, moveSecondPart: true), ["byte-range.gap", "byte-range.shape", "byte-range.revision", "digest.mismatch"]));
        samples.Add(new("sw-bytes-in-gap", "Signature Wrapping", Wrap(signed, a, b, moveSecondPart: false), ["byte-range.gap", "byte-range.shape", "byte-range.revision", "digest.mismatch"]));

        // Shadow attacks: content prepared before signing, switched on by an allowed-looking update.
        samples.Add(new("shadow-hide", "Shadow (hide)", Append(signed, new() { [7] = TestPdfBuilder.Stream("q Q") }), changed));
        samples.Add(new("shadow-hide-via-xref", "Shadow (hide)", PointXrefAt(signed, 7, 13), changed));
        samples.Add(new("shadow-hide-by-generation", "Shadow (hide)", SameBytesNewGeneration(signed, 7), changed));
        samples.Add(new("shadow-replace-font", "Shadow (replace)", Append(signed, new() { [3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>" }), changed));
        samples.Add(new("shadow-hide-and-replace-root", "Shadow (hide-and-replace)", Append(signed, [], "/Root 9 0 R"), changed));
        _ = sigObject;
        return samples;
    }

    /// <summary>
    /// <see cref="ShadowBase"/> with a page that also draws object 90, which the file does not define: a viewer shows
    /// nothing for it until a later revision defines it. Object 90 lies above /Size, so a signer allocates its own
    /// objects below it and the reference stays dangling in the signed revision.
    /// </summary>
    public static byte[] DanglingBase()
    {
        byte[] shadow = ShadowBase();
        string text = Encoding.Latin1.GetString(shadow);
        string page = "/Contents [6 0 R 7 0 R] >>";
        string dangling = "/Contents [6 0 R 90 0 R] >>";
        // Same length, so every xref offset stays right: "7 0 R" becomes "90 0 R" and one space is dropped before it.
        text = text.Replace("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> " + page,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>" + dangling, StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(text);
    }

    /// <summary>
    /// Updates that redefine what a signed page shows while claiming to be something an update may add (type
    /// confusion), define an object the signed revision referenced but did not define (dangling references, alone and
    /// with the cover stories of a DSS listing, a widget appearance, or a signature's or timestamp's keys), or add an
    /// empty signature field whose appearance draws over the signed page (sneaky signature field, IEEE S&amp;P 2021).
    /// <paramref name="signed"/> is <see cref="ShadowBase"/> signed; <paramref name="signedDangling"/> is <see cref="DanglingBase"/> signed.
    /// </summary>
    public static IReadOnlyList<AttackSample> Confusions(byte[] signed, byte[] signedDangling)
    {
        string[] changed = ["changed-after-signing"];
        string evil = "BT /F1 20 Tf 72 700 Td (So tien: 9.000.000.000 VND) Tj ET";
        var samples = new List<AttackSample>
        {
            new("tc-content-as-object-stream", "Type confusion",
                Append(signed, new() { [6] = TestPdfBuilder.Stream(evil, "/Type /ObjStm /N 0 /First 0 ") }), changed),
            new("tc-content-as-xref-stream", "Type confusion",
                Append(signed, new() { [6] = TestPdfBuilder.Stream(evil, "/Type /XRef /Size 14 /W [1 1 1] ") }), changed),
            new("tc-content-as-dss-listed-in-dss", "Type confusion",
                Append(signed, new()
                {
                    [1] = CatalogWith(signed, "/DSS 40 0 R"),
                    [6] = TestPdfBuilder.Stream(evil, "/Type /DSS "),
                    [40] = "<< /Type /DSS /Certs [6 0 R] >>",
                }), changed),
            new("tc-content-as-signature", "Type confusion",
                Append(signed, new() { [6] = TestPdfBuilder.Stream(evil, "/Type /Sig /ByteRange [0 10 20 30] ") }), changed),
            new("dangling-defined-later", "Dangling reference",
                Append(signedDangling, new() { [90] = TestPdfBuilder.Stream(evil) }), changed),
            new("dangling-listed-in-dss", "Dangling reference",
                Append(signedDangling, new()
                {
                    [1] = CatalogWith(signedDangling, "/DSS 40 0 R"),
                    [40] = "<< /Type /DSS /Certs [41 0 R] /VRI << /ABCD << /Cert [90 0 R] >> >> >>",
                    [41] = TestPdfBuilder.Stream("not a certificate"),
                    [90] = TestPdfBuilder.Stream(evil),
                }), changed),
            new("dangling-reached-from-widget-appearance", "Dangling reference",
                Append(signedDangling, new()
                {
                    [41] = "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Hidden) /Rect [0 0 0 0] /AP << /N 90 0 R >> >>",
                    [90] = TestPdfBuilder.Stream(evil, "/Type /XObject /Subtype /Form /BBox [0 0 612 792] "),
                }), changed),
            new("dangling-claims-signature", "Dangling reference",
                Append(signedDangling, new() { [90] = TestPdfBuilder.Stream(evil, "/Type /Sig /ByteRange [0 10 20 30] ") }), changed),
            new("dangling-claims-document-timestamp", "Dangling reference",
                Append(signedDangling, new() { [90] = TestPdfBuilder.Stream(evil, "/Type /DocTimeStamp ") }), changed),
        };

        // An empty signature field, signed by nobody, whose widget paints a white box and other words over the signed text.
        PdfFileReader reader = PdfFileReader.Open(signed);
        PdfDictionary catalog = reader.GetCatalog();
        PdfDictionary form = catalog.GetDictionary("AcroForm", reader)!;
        string fields = string.Join(' ', (form.GetArray("Fields", reader) ?? []).Select(f => f.ToString()));
        PdfDictionary page = (PdfDictionary)reader.GetObject(5);
        string annots = string.Join(' ', (page.GetArray("Annots", reader) ?? []).Select(x => x.ToString()));
        samples.Add(new("sneaky-empty-signature-field-over-page", "Sneaky signature field",
            Append(signed, new()
            {
                [1] = CatalogWith(signed, $"/AcroForm << /Fields [{fields} 42 0 R] /SigFlags 3 >>", drop: "AcroForm"),
                [5] = $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents [6 0 R 7 0 R] /Annots [{annots} 42 0 R] >>",
                [42] = "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature2) /Rect [60 690 560 730] /F 4 /P 5 0 R /AP << /N 43 0 R >> >>",
                [43] = TestPdfBuilder.Stream("q 1 1 1 rg 0 0 500 40 re f Q BT /F1 20 Tf 12 12 Td (So tien: 9.000.000.000 VND) Tj ET",
                    "/Type /XObject /Subtype /Form /BBox [0 0 500 40] /Resources << /Font << /F1 3 0 R >> >> "),
            }), changed));
        return samples;
    }

    /// <summary>The latest catalog of <paramref name="pdf"/> with <paramref name="entries"/> added (and the key <paramref name="drop"/> left out).</summary>
    private static string CatalogWith(byte[] pdf, string entries, string? drop = null)
    {
        PdfFileReader reader = PdfFileReader.Open(pdf);
        var catalog = new PdfDictionary();
        foreach (KeyValuePair<PdfName, PdfObject> entry in reader.GetCatalog())
        {
            if (entry.Key.Value != drop)
            {
                catalog.Set(entry.Key.Value, entry.Value);
            }
        }

        string text = Encoding.Latin1.GetString(PdfSerializer.ToBytes(catalog));
        return text[..text.LastIndexOf(">>", StringComparison.Ordinal)] + " " + entries + " >>";
    }

    /// <summary>The signature dictionary's object number and its /Contents span.</summary>
    private static (int Object, long ContentsStart, long ContentsEnd) SignatureOf(PdfFileReader reader)
    {
        for (int n = 1; n <= reader.MaxObjectNumber; n++)
        {
            if (reader.GetXrefEntry(n, null, out _) is { IsInUse: true } && reader.GetObject(n) is PdfDictionary d && d.GetName("Type")?.Value == "Sig")
            {
                PdfByteSpan span = d.GetString("Contents")!.Source!.Value;
                return (n, span.Start, span.End);
            }
        }

        throw new InvalidOperationException("The base is not signed.");
    }

    /// <summary>Appends a revision with a signature field whose dictionary carries the given /ByteRange and /Contents entries.</summary>
    private static byte[] ForgedSignature(byte[] pdf, string byteRange, string contents) =>
        Append(pdf, new()
        {
            [1] = "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [21 0 R] /SigFlags 3 >> >>",
            [5] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents [6 0 R 7 0 R] /Annots [21 0 R] >>",
            [20] = $"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached {byteRange} {contents} /M (D:20261122000000Z) >>",
            [21] = "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /V 20 0 R /Rect [0 0 0 0] /F 132 /P 5 0 R >>",
        });

    /// <summary>Appends a classic incremental update defining <paramref name="objects"/>, freeing <paramref name="freed"/>, with extra trailer entries.</summary>
    public static byte[] Append(byte[] pdf, Dictionary<int, string> objects, string trailerExtra = "", IEnumerable<int>? freed = null)
    {
        PdfFileReader reader = PdfFileReader.Open(pdf);
        var sb = new StringBuilder("\n");
        long basePosition = pdf.Length;
        var offsets = new SortedDictionary<int, long>();
        foreach ((int number, string body) in objects.OrderBy(o => o.Key))
        {
            offsets[number] = basePosition + Encoding.Latin1.GetByteCount(sb.ToString());
            sb.Append(CultureInfo.InvariantCulture, $"{number} 0 obj\n{body}\nendobj\n");
        }

        long xref = basePosition + Encoding.Latin1.GetByteCount(sb.ToString());
        var entries = new SortedDictionary<int, string>(offsets.ToDictionary(o => o.Key, o => $"{o.Value:D10} 00000 n\r\n"));
        foreach (int number in freed ?? [])
        {
            entries[number] = "0000000000 00001 f\r\n";
        }

        sb.Append("xref\n");
        if (entries.Count == 0)
        {
            sb.Append("0 1\n0000000000 65535 f\r\n");
        }

        foreach ((int number, string entry) in entries)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{number} 1\n{entry}");
        }

        int size = Math.Max((int)(reader.Trailer.GetInt("Size") ?? 0), entries.Count == 0 ? 0 : entries.Keys.Max() + 1);
        string root = trailerExtra.Contains("/Root", StringComparison.Ordinal) ? string.Empty : "/Root " + reader.Trailer["Root"];
        string info = trailerExtra.Contains("/Info", StringComparison.Ordinal) || reader.Trailer["Info"] is null ? string.Empty : "/Info " + reader.Trailer["Info"];
        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {size} {root} {info} {trailerExtra} /Prev {reader.StartXrefOffset} >>\nstartxref\n{xref}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(sb.ToString())];
    }

    /// <summary>
    /// An update that writes object <paramref name="number"/> again with the same bytes under generation 1: the page's
    /// reference (generation 0) then resolves to nothing, so the object disappears from the page while looking unchanged.
    /// </summary>
    private static byte[] SameBytesNewGeneration(byte[] pdf, int number)
    {
        PdfFileReader reader = PdfFileReader.Open(pdf);
        PdfIndirectObject original = reader.GetIndirectObject(number)!;
        string body = Encoding.Latin1.GetString(pdf, (int)original.StartOffset, (int)(original.EndOffset - original.StartOffset));
        body = string.Concat(number.ToString(CultureInfo.InvariantCulture), " 1", body[body.IndexOf(" obj", StringComparison.Ordinal)..]);
        long at = pdf.Length + 1;
        long xref = at + Encoding.Latin1.GetByteCount(body) + 1;
        string update = string.Create(CultureInfo.InvariantCulture,
            $"\n{body}\nxref\n{number} 1\n{at:D10} 00001 n\r\ntrailer\n<< /Size {reader.Trailer.GetInt("Size")} /Root {reader.Trailer["Root"]} /Info {reader.Trailer["Info"]} /Prev {reader.StartXrefOffset} >>\nstartxref\n{xref}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(update)];
    }

    /// <summary>An update that only redirects object <paramref name="number"/>'s xref entry to the bytes of object <paramref name="target"/> (a prepared empty stream).</summary>
    private static byte[] PointXrefAt(byte[] pdf, int number, int target)
    {
        PdfFileReader reader = PdfFileReader.Open(pdf);
        long offset = reader.GetXrefEntry(target, null, out _)!.Value.Offset;
        long xref = pdf.Length + 1;
        string update = string.Create(CultureInfo.InvariantCulture,
            $"\nxref\n{number} 1\n{offset:D10} 00000 n\r\ntrailer\n<< /Size {reader.Trailer.GetInt("Size")} /Root {reader.Trailer["Root"]} /Info {reader.Trailer["Info"]} /Prev {reader.StartXrefOffset} >>\nstartxref\n{xref}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(update)];
    }

    /// <summary>
    /// Signature wrapping: keeps the signed /Contents, rewrites the ByteRange (same width, so nothing else moves) to
    /// point its second part at a copy of the signed tail placed at the end, and puts attacker objects in the gap.
    /// </summary>
    private static byte[] Wrap(byte[] signed, long a, long b, bool moveSecondPart)
    {
        PdfFileReader reader = PdfFileReader.Open(signed);
        PdfDictionary signature = reader.Revisions.SelectMany(r => r.DefinedObjectNumbers).Distinct()
            .Select(n => reader.GetObject(n)).OfType<PdfDictionary>().First(d => d.GetName("Type")?.Value == "Sig");
        PdfByteSpan rangeSpan = signature.GetArray("ByteRange")!.Source!.Value;
        byte[] tail = signed[(int)b..];
        string evil = "\n6 0 obj\n" + TestPdfBuilder.Stream("BT /F1 20 Tf 72 700 Td (So tien: 9.000.000.000 VND) Tj ET") + "\nendobj\n";
        byte[] output;
        long newB;
        if (moveSecondPart)
        {
            // [0 a][contents][original tail][evil bytes][signed tail copied]: the second signed part moves to the end,
            // and the gap now holds the original tail and the attacker's objects.
            output = [.. signed, .. Encoding.Latin1.GetBytes(evil), .. tail];
            newB = signed.Length + Encoding.Latin1.GetByteCount(evil);
        }
        else
        {
            // The hex string is shortened and the freed room in the gap holds other bytes.
            byte[] copy = (byte[])signed.Clone();
            long middle = a + ((b - a) / 2);
            byte[] insert = Encoding.Latin1.GetBytes("> /X (" + evil.Replace("\n", " ", StringComparison.Ordinal).Replace("(", "[", StringComparison.Ordinal).Replace(")", "]", StringComparison.Ordinal) + ") /Y <");
            insert.CopyTo(copy, (int)middle);
            output = copy;
            newB = b;
        }

        string range = string.Create(CultureInfo.InvariantCulture, $"[0 {a} {newB} {output.Length - newB}]").PadRight((int)rangeSpan.Length);
        Encoding.ASCII.GetBytes(range).CopyTo(output, (int)rangeSpan.Start);
        return output;
    }
}
