using System.Globalization;
using System.Text;
using SoHoa.IntegrationTests.Support;
using SoHoa.Pdf.Syntax;

namespace SoHoa.IntegrationTests.Signing.Layouts;

/// <summary>
/// One incremental update written by hand, as another signing tool would write it: object bodies (any generation),
/// freed objects, extra trailer entries, and a classic xref table or a cross-reference stream. Bodies are Latin-1
/// strings, so binary stream data (DER certificates) goes in byte for byte.
/// </summary>
internal sealed class HandmadeUpdate
{
    private readonly SortedDictionary<int, (int Generation, string Body)> _objects = [];
    private readonly SortedDictionary<int, int> _freed = [];

    /// <summary>Trailer entries written after the usual ones; a <c>/Root</c> or <c>/Info</c> here replaces the previous one.</summary>
    public string TrailerExtra { get; set; } = string.Empty;

    /// <summary>True to write a cross-reference stream (uncompressed, /W [1 4 2]) instead of a classic table.</summary>
    public bool XrefStream { get; set; }

    /// <summary>The object numbers this update defines.</summary>
    public IEnumerable<int> Defined => _objects.Keys;

    /// <summary>Defines (or redefines) object <paramref name="number"/>; a later call for the same number wins.</summary>
    public HandmadeUpdate Define(int number, string body, int generation = 0)
    {
        _objects[number] = (generation, body);
        return this;
    }

    /// <summary>Frees object <paramref name="number"/>, whose next use will have generation <paramref name="nextGeneration"/>.</summary>
    public HandmadeUpdate Free(int number, int nextGeneration = 1)
    {
        _freed[number] = nextGeneration;
        return this;
    }

    /// <summary>The body this update gives object <paramref name="number"/>.</summary>
    public string BodyOf(int number) => _objects[number].Body;

    /// <summary><paramref name="pdf"/> with this update appended.</summary>
    public byte[] AppendTo(byte[] pdf)
    {
        PdfFileReader reader = PdfFileReader.Open(pdf);
        var text = new StringBuilder("\n");
        long Position() => pdf.Length + Encoding.Latin1.GetByteCount(text.ToString());
        var rows = new SortedDictionary<int, (char Type, long Field2, int Generation)>();
        foreach ((int number, (int generation, string body)) in _objects)
        {
            rows[number] = ('n', Position(), generation);
            text.Append(CultureInfo.InvariantCulture, $"{number} {generation} obj\n{body}\nendobj\n");
        }

        foreach ((int number, int nextGeneration) in _freed)
        {
            rows[number] = ('f', 0, nextGeneration);
        }

        int previousSize = (int)(reader.Trailer.GetInt("Size") ?? 0);
        int size = Math.Max(previousSize, rows.Count == 0 ? 0 : rows.Keys.Max() + 1);
        string trailer = TrailerEntries(reader);
        if (XrefStream)
        {
            int self = size;
            size++;
            rows[self] = ('n', Position(), 0);
            byte[] data = [.. rows.Values.SelectMany(Row)];
            string index = string.Join(' ', Subsections(rows.Keys).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.First} {s.Count}")));
            text.Append(CultureInfo.InvariantCulture,
                $"{self} 0 obj\n<< /Type /XRef /Size {size} /W [1 4 2] /Index [{index}] {trailer} /Length {data.Length} >>\nstream\n{Encoding.Latin1.GetString(data)}\nendstream\nendobj\n");
            text.Append(CultureInfo.InvariantCulture, $"startxref\n{rows[self].Field2}\n%%EOF\n");
        }
        else
        {
            long xref = Position();
            text.Append("xref\n");
            if (rows.Count == 0)
            {
                text.Append("0 1\n0000000000 65535 f\r\n");
            }

            foreach ((int first, int count) in Subsections(rows.Keys))
            {
                text.Append(CultureInfo.InvariantCulture, $"{first} {count}\n");
                foreach (int number in Enumerable.Range(first, count))
                {
                    (char type, long offset, int generation) = rows[number];
                    text.Append(CultureInfo.InvariantCulture, $"{offset:D10} {generation:D5} {type}\r\n");
                }
            }

            text.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {size} {trailer} >>\nstartxref\n{xref}\n%%EOF\n");
        }

        return [.. pdf, .. Encoding.Latin1.GetBytes(text.ToString())];
    }

    /// <summary>/Root, /Info and /ID carried over from the previous trailer (unless <see cref="TrailerExtra"/> names them), the extras, and /Prev.</summary>
    private string TrailerEntries(PdfFileReader reader)
    {
        var entries = new List<string>();
        foreach (string key in new[] { "Root", "Info", "ID" })
        {
            if (!TrailerExtra.Contains("/" + key, StringComparison.Ordinal) && reader.Trailer[key] is { } value)
            {
                entries.Add("/" + key + " " + value);
            }
        }

        entries.Add(TrailerExtra);
        entries.Add(string.Create(CultureInfo.InvariantCulture, $"/Prev {reader.StartXrefOffset}"));
        return string.Join(' ', entries.Where(e => e.Length > 0));
    }

    private static byte[] Row((char Type, long Field2, int Generation) row)
    {
        byte type = row.Type == 'n' ? (byte)1 : (byte)0;
        long field2 = row.Field2;
        return [type, (byte)(field2 >> 24), (byte)(field2 >> 16), (byte)(field2 >> 8), (byte)field2, (byte)(row.Generation >> 8), (byte)row.Generation];
    }

    private static IEnumerable<(int First, int Count)> Subsections(IEnumerable<int> numbers)
    {
        int first = -1;
        int count = 0;
        foreach (int number in numbers.Order())
        {
            if (count > 0 && number == first + count)
            {
                count++;
                continue;
            }

            if (count > 0)
            {
                yield return (first, count);
            }

            (first, count) = (number, 1);
        }

        if (count > 0)
        {
            yield return (first, count);
        }
    }
}

/// <summary>
/// Signs a <see cref="HandmadeUpdate"/> as a foreign tool would: one of its bodies is a signature dictionary with the
/// <see cref="ByteRangePlaceholder"/> and a zero-filled /Contents (<see cref="SignatureDictionary"/>). The update is
/// written, the ByteRange is filled in place (same width, so no offset moves), the two ranges are signed with
/// <c>openssl cms -sign -binary -outform DER -md sha256</c> by the test PKI's seal or officer (adbe.pkcs7.detached),
/// and the hex of the CMS is written into /Contents.
/// </summary>
internal static class HandmadeIncrementalSigner
{
    /// <summary>What a signer writes before it knows the offsets: names the width of the numbers that replace them.</summary>
    public const string ByteRangePlaceholder = "/ByteRange [0 /********** /********** /**********]";

    /// <summary>Bytes reserved for the CMS: an RSA-3072 signer with its issuing CA fits with room to spare.</summary>
    public const int ContentsCapacity = 8192;

    /// <summary>A signature dictionary with placeholders; <paramref name="extra"/> adds entries (such as /Name or /Reason).</summary>
    public static string SignatureDictionary(string extra = "", string type = "/Sig") =>
        $"<< /Type {type} /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /M (D:20261122090000+07'00') {extra} {ByteRangePlaceholder} /Contents <{new string('0', ContentsCapacity * 2)}> >>";

    /// <summary>Appends <paramref name="update"/> to <paramref name="pdf"/> and signs it as <paramref name="signer"/> (<c>seal</c> or <c>officer</c>).</summary>
    public static byte[] Sign(byte[] pdf, HandmadeUpdate update, string signer = "seal")
    {
        byte[] output = update.AppendTo(pdf);
        string text = Encoding.Latin1.GetString(output);
        int range = text.IndexOf(ByteRangePlaceholder, pdf.Length, StringComparison.Ordinal);
        if (range < 0 || text.IndexOf(ByteRangePlaceholder, range + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException("The update must hold exactly one signature dictionary with the ByteRange placeholder.");
        }

        int contentsStart = text.IndexOf("/Contents <", range, StringComparison.Ordinal) + "/Contents ".Length;
        int contentsEnd = text.IndexOf('>', contentsStart) + 1;
        if (contentsEnd - contentsStart != (ContentsCapacity * 2) + 2)
        {
            throw new InvalidOperationException("The signature dictionary's /Contents placeholder must follow its ByteRange.");
        }

        int bracket = range + "/ByteRange ".Length;
        int width = "[0 /********** /********** /**********]".Length;
        string numbers = string.Create(CultureInfo.InvariantCulture, $"[0 {contentsStart} {contentsEnd} {output.Length - contentsEnd}");
        Encoding.ASCII.GetBytes(numbers.PadRight(width - 1) + "]").CopyTo(output, bracket);

        string dir = TestEnvironment.NewDirectory("handmade");
        string data = Path.Combine(dir, "signed.bin");
        string cms = Path.Combine(dir, "sig.der");
        File.WriteAllBytes(data, [.. output.AsSpan(0, contentsStart), .. output.AsSpan(contentsEnd)]);
        TestPki pki = TestEnvironment.Pki;
        ExternalTool.Succeed("openssl", "cms", "-sign", "-binary", "-outform", "DER", "-md", "sha256", "-in", data, "-out", cms,
            "-signer", Path.Combine(pki.Directory, signer + ".pem"), "-inkey", Path.Combine(pki.Directory, signer + ".key"), "-certfile", pki.IssuingCertificate);
        byte[] der = File.ReadAllBytes(cms);
        if (der.Length > ContentsCapacity)
        {
            throw new InvalidOperationException($"The CMS ({der.Length} bytes) does not fit the /Contents placeholder.");
        }

        Encoding.ASCII.GetBytes(Convert.ToHexString(der)).CopyTo(output, contentsStart + 1);
        return output;
    }
}
