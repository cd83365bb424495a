using SharpFuzz;
using SoHoa.Batches;
using SoHoa.Imaging;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Revocation;
using SoHoa.Signing.Verification;

// One AFL++ target per run, named by the first argument. Each reads the input AFL gives on standard input and lets
// only the failure SoHoa promises for bad input pass: anything else escapes and is a crash AFL keeps.
string target = args.Length > 0 ? args[0] : string.Empty;
if (target == "seed" && args.Length == 2)
{
    // Seed inputs that are hard to keep as files: a CRL and an OCSP response about Seeds.Leaf from Seeds.Root.
    Directory.CreateDirectory(args[1]);
    File.WriteAllBytes(Path.Combine(args[1], "crl.der"), Seeds.Crl());
    File.WriteAllBytes(Path.Combine(args[1], "ocsp.der"), Seeds.OcspResponse());
    return 0;
}

Action<Stream>? run = target switch
{
    "manifest" => Manifest,
    "page" => Page,
    "pdf" => Pdf,
    "verify" => Verify,
    "revocation" => Revocation,
    _ => null,
};
if (run is null)
{
    Console.Error.WriteLine("usage: SoHoa.Fuzz manifest|page|pdf|verify|revocation   (run under afl-fuzz by tools/fuzz.sh)");
    return 2;
}

Fuzzer.OutOfProcess.Run(run);
return 0;

// A batch folder with two pages, whose batch.json is the input: loading never throws.
static void Manifest(Stream input)
{
    string folder = Path.Combine(Path.GetTempPath(), $"sohoa-fuzz-{Environment.ProcessId}");
    if (!Directory.Exists(folder))
    {
        Directory.CreateDirectory(Path.Combine(folder, "0001"));
        File.WriteAllBytes(Path.Combine(folder, "0001", "01.png"), Seeds.Png);
    }

    using (FileStream file = File.Create(Path.Combine(folder, "batch.json")))
    {
        input.CopyTo(file);
    }

    _ = BatchLoader.LoadAsync(folder).GetAwaiter().GetResult();
}

// A page file: decoded by Leptonica after our header checks, or refused by rule.
static void Page(Stream input)
{
    try
    {
        _ = new PageDecoder(new ImagingOptions()).Decode(ReadAll(input), "fuzz");
    }
    catch (InvalidPageException)
    {
    }
}

// A PDF read wholly: every object of every revision resolved, every stream decoded; only PdfSyntaxException may pass.
static void Pdf(Stream input)
{
    try
    {
        PdfFileReader reader = PdfFileReader.Open(ReadAll(input), decodeBudget: 64L * 1024 * 1024);
        for (int revision = 0; revision < reader.Revisions.Count; revision++)
        {
            foreach (int number in reader.Revisions[revision].Entries.Keys)
            {
                if (reader.Resolve(new PdfReference(number, 0), revision) is PdfStream stream)
                {
                    _ = reader.DecodeStream(stream);
                }
            }
        }
    }
    catch (PdfSyntaxException)
    {
    }
}

// The verifier promises a report for any input, never an exception.
static void Verify(Stream input) => _ = new PdfSignatureVerifier(new SignatureVerifierOptions()).Verify(ReadAll(input));

// An OCSP response or a CRL from a file being verified: a status or null with a reason, never an exception.
static void Revocation(Stream input)
{
    byte[] bytes = ReadAll(input);
    _ = OcspMessages.ReadResponse(bytes, Seeds.Leaf, Seeds.Root, out _);
    _ = CrlReader.Read(bytes, Seeds.Leaf, Seeds.Root, out _);
}

static byte[] ReadAll(Stream input)
{
    using var buffer = new MemoryStream();
    input.CopyTo(buffer);
    return buffer.ToArray();
}
