using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace SoHoa.Benchmarks.Ocr;

/// <summary>
/// The <c>process</c> tool of the side-by-side comparison: one <c>sohoa process</c> per chunk, end to end (decode,
/// cleanup, OCR, PDF/A, a B-B signature, the folder store), each page its own one-page document of one dossier. The text
/// it scores is read back from the stored sidecars.
/// </summary>
internal static class ProcessTool
{
    private const string Password = "benchmark-only";
    private static readonly Lazy<string> Certificate = new(MakeCertificate);

    /// <summary>Copies <paramref name="images"/> (page files, in order) into a batch, processes it, and writes each page's text to <paramref name="output"/>/<c>stem</c>.txt.</summary>
    public static async Task<(long PeakKib, double CpuSeconds)> RunAsync(IReadOnlyList<(string Image, string Stem)> images, string output)
    {
        string work = Directory.CreateTempSubdirectory("sohoa-process-bench-").FullName;
        string batch = Path.Combine(work, "batch");
        string store = Path.Combine(work, "store");
        string batchId = await WriteBatchAsync(images, batch);
        (long peak, double cpu) = await ProcessAsync(batch, store, Path.Combine(work, "home"));
        await WriteTextsAsync(store, batchId, images, output);
        Directory.Delete(work, recursive: true);
        return (peak, cpu);
    }

    /// <summary>Writes a batch of <paramref name="images"/> into <paramref name="batch"/>, each page its own one-page document of one dossier; returns its batch id.</summary>
    public static async Task<string> WriteBatchAsync(IReadOnlyList<(string Image, string Stem)> images, string batch)
    {
        Directory.CreateDirectory(batch);
        var documents = new List<string>();
        for (int i = 0; i < images.Count; i++)
        {
            string file = $"{i:D4}{Path.GetExtension(images[i].Image)}";
            File.Copy(images[i].Image, Path.Combine(batch, file));
            documents.Add($$"""{ "kind": "dossier-receipt", "role": "input", "files": ["{{file}}"] }""");
        }

        string batchId = $"BENCH-{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(Path.Combine(batch, "batch.json"), $$"""
            { "schema": "sohoa.batch/v1", "batchId": "{{batchId}}", "agency": { "code": "000.00.01.H12", "name": "UBND huyện Phụng Hiệp", "level": "district" },
              "dossiers": [ { "dossierCode": "000.00.01.H12-261204-0001", "procedureCode": "1.001612", "applicant": { "personalId": "093090001234" },
                "documents": [ {{string.Join(", ", documents)}} ] } ] }
            """);
        return batchId;
    }

    /// <summary>The built <c>sohoa</c> command (SoHoa.Cli.dll, run with <c>dotnet</c>).</summary>
    public static string CliPath => typeof(ProcessTool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "SoHoaCliPath").Value!;

    /// <summary>The benchmark's signing certificate (<c>--cert</c>), and the environment that gives its password.</summary>
    public static (string Path, IReadOnlyDictionary<string, string> Environment) Signer =>
        (Certificate.Value, new Dictionary<string, string> { ["SOHOA_CERT_PASSWORD"] = Password });

    /// <summary>Runs <c>sohoa process</c> on <paramref name="batch"/> into the folder store <paramref name="store"/> (B-B, the benchmark's key); returns its peak resident memory (KiB) and CPU seconds.</summary>
    public static async Task<(long PeakKib, double CpuSeconds)> ProcessAsync(string batch, string store, string home)
    {
        (int exit, string error, long peak, double cpu) = await ToolRunner.RunAsync(
            "dotnet", [CliPath, "process", batch, "--store", store, "--cert", Certificate.Value, "--json"],
            new Dictionary<string, string> { ["SOHOA_CERT_PASSWORD"] = Password, ["SOHOA_HOME"] = home });
        if (exit is not (0 or 1))
        {
            Console.Error.WriteLine($"sohoa process exited with {exit}: {error}");
        }

        return (peak, cpu);
    }

    /// <summary>Each page's OCR text from the sidecar of its document (documents are ordered by index in the batch's result.json).</summary>
    public static async Task WriteTextsAsync(string store, string batchId, IReadOnlyList<(string Image, string Stem)> images, string output)
    {
        string result = Path.Combine(store, "batches", batchId, "result.json");
        if (!File.Exists(result))
        {
            return;
        }

        using JsonDocument json = JsonDocument.Parse(await File.ReadAllBytesAsync(result));
        foreach (JsonElement document in json.RootElement.GetProperty("documents").EnumerateArray())
        {
            int index = document.GetProperty("documentIndex").GetInt32();
            if (document.GetProperty("pdfPath").GetString() is not { } pdf || index >= images.Count)
            {
                continue;
            }

            using JsonDocument sidecar = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(store, Path.ChangeExtension(pdf, ".json"))));
            string text = string.Join('\f', sidecar.RootElement.GetProperty("pages").EnumerateArray().Select(p => p.GetProperty("text").GetString()));
            await File.WriteAllTextAsync(Path.Combine(output, images[index].Stem + ".txt"), text);
        }
    }

    /// <summary>A self-signed RSA-2048 signing certificate for the benchmark, made once (outside the timed runs).</summary>
    private static string MakeCertificate()
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=SoHoa benchmark signer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        string path = Path.Combine(Directory.CreateTempSubdirectory("sohoa-process-bench-cert-").FullName, "signer.p12");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return path;
    }

    /// <summary>Makes the certificate now, so that its RSA key generation is not timed.</summary>
    public static void Prepare() => _ = Certificate.Value;
}
