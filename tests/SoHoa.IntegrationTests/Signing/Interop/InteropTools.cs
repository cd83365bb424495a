using System.Globalization;
using System.Text;
using SoHoa.IntegrationTests.Support;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Signing.Interop;

/// <summary>
/// Other tools' signers, run as their users run them (poppler's <c>pdfsig -add-signature</c> and <c>-sign</c> with the
/// keys of <see cref="TestPki.NssDirectory"/>, <c>@signpdf/signpdf</c> under Node.js, openssl), and the two verdicts every
/// interop sample must get: pdfsig calls each signature valid, and SoHoa's verifier finds as many and calls the file valid.
/// </summary>
internal static class InteropTools
{
    /// <summary>The npm project that signs with @signpdf/signpdf; <c>.ci/install-deps --tests</c> runs its <c>npm ci</c>.</summary>
    public static string SignpdfFolder { get; } = Path.Combine(RepositoryPaths.Root, "tests", "SoHoa.IntegrationTests", "Signing", "Interop", "signpdf");

    /// <summary>
    /// <c>pdfsig -add-signature</c>: a new signature field named <paramref name="field"/>, signed with the NSS key
    /// <paramref name="nickname"/>; <paramref name="options"/> such as <c>-reason</c> or <c>-digest</c> are passed on (poppler
    /// 22.12 refuses <c>-etsi</c> with <c>-add-signature</c>).
    /// </summary>
    public static byte[] PdfsigAddSignature(byte[] pdf, string nickname, string field, params string[] options) =>
        RunPdfsig(pdf, ["-add-signature", "-nick", nickname, "-new-signature-field-name", field, .. options]);

    /// <summary><c>pdfsig -sign</c>: signs the existing, empty signature field <paramref name="field"/>.</summary>
    public static byte[] PdfsigSignField(byte[] pdf, string nickname, string field) =>
        RunPdfsig(pdf, ["-sign", field, "-nick", nickname]);

    /// <summary>
    /// Signs with @signpdf/signpdf 3.3.0 (placeholder-plain and signer-p12) through <c>signpdf/sign.js</c>; the P12's
    /// password goes in the environment, never on the command line.
    /// </summary>
    public static byte[] Signpdf(byte[] pdf, string pfx)
    {
        Assert.IsTrue(File.Exists(Path.Combine(SignpdfFolder, "node_modules", "@signpdf", "signpdf", "package.json")),
            $"The npm packages of {SignpdfFolder} are not installed: run 'bash .ci/install-deps --tests' (it runs npm ci there).");
        string input = Save(pdf, "signpdf-in.pdf");
        string output = Path.Combine(Path.GetDirectoryName(input)!, "signpdf-out.pdf");
        ToolRun run = ExternalTool.Run("node", [Path.Combine(SignpdfFolder, "sign.js"), input, output, pfx],
            new Dictionary<string, string> { ["SIGNPDF_P12_PASSWORD"] = TestPki.Password }, workingDirectory: SignpdfFolder);
        Assert.AreEqual(0, run.ExitCode, $"@signpdf/signpdf failed:\n{run.Output}");
        return File.ReadAllBytes(output);
    }

    /// <summary>pdfsig's verdicts, one line per signature in its order (the signature and the certificate validation).</summary>
    public static PdfsigVerdict Pdfsig(byte[] pdf, string name)
    {
        string path = Save(pdf, name);
        ToolRun run = ExternalTool.Run("pdfsig", "-no-ocsp", "-nssdir", "sql:" + Pki.NssDirectory, path);
        var signatures = new List<string>();
        foreach (string line in run.StandardOutput.Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith("- Signature Validation:", StringComparison.Ordinal))
            {
                signatures.Add(trimmed["- Signature Validation:".Length..].Trim());
            }
        }

        return new PdfsigVerdict(path, signatures, run.Output);
    }

    /// <summary>
    /// The two verdicts: pdfsig calls all <paramref name="expected"/> signatures valid, and SoHoa's verifier finds
    /// <paramref name="expected"/> signatures and calls the file valid. Messages carry both tools' outputs and what each
    /// incremental update did.
    /// </summary>
    public static VerificationReport AssertBothToolsAccept(byte[] pdf, int expected, string name)
    {
        PdfsigVerdict pdfsig = Pdfsig(pdf, name);
        VerificationReport report = Verifier().Verify(pdf);
        string context = $"sample {pdfsig.Path}\n-- pdfsig:\n{pdfsig.Output}\n-- SoHoa:\n{Summary(report)}\n-- updates:\n{DescribeUpdates(pdf)}";
        Console.WriteLine(context);

        Assert.AreEqual(expected, pdfsig.Signatures.Count, "pdfsig's count of signatures\n" + context);
        Assert.IsTrue(pdfsig.Signatures.All(v => v == "Signature is Valid."), "pdfsig must call every signature valid\n" + context);
        Assert.AreEqual(expected, report.Signatures.Count, "SoHoa's count of signatures\n" + context);
        Assert.IsTrue(report.IsValid, "SoHoa must call the file valid\n" + context);
        return report;
    }

    /// <summary>SoHoa's verdict in full: each signature's field, level and validity, then every problem and refused change.</summary>
    public static string Summary(VerificationReport report)
    {
        var lines = new List<string> { $"IsValid={report.IsValid}, {report.Signatures.Count} signature(s)" };
        lines.AddRange(report.Signatures.Select(s =>
            $"  {s.FieldName}: {s.SubFilter}, level {s.Level}, valid={s.IsValid}, integrity={s.IntegrityValid}, trusted={s.CertificateTrusted}"));
        string problems = Describe(report);
        if (problems.Length > 0)
        {
            lines.Add(problems);
        }

        return string.Join("\n", lines);
    }

    /// <summary>
    /// What each incremental update of <paramref name="pdf"/> did, read with SoHoa's own reader: its cross-reference
    /// kind, the objects it adds and the ones it redefines (each with its /Type, /Subtype and /FT), and the ones it frees.
    /// </summary>
    public static string DescribeUpdates(byte[] pdf)
    {
        PdfFileReader reader = PdfFileReader.Open(pdf);
        var text = new StringBuilder();
        for (int r = 1; r < reader.Revisions.Count; r++)
        {
            var added = new List<string>();
            var redefined = new List<string>();
            foreach (int n in reader.Revisions[r].DefinedObjectNumbers.Order())
            {
                bool existed = reader.GetXrefEntry(n, r - 1, out _) is { IsInUse: true };
                string what;
                try
                {
                    what = Kind(reader.GetObject(n, r));
                }
                catch (PdfSyntaxException ex)
                {
                    what = "unreadable: " + ex.Message;
                }

                (existed ? redefined : added).Add(string.Create(CultureInfo.InvariantCulture, $"{n} {what}"));
            }

            text.Append(CultureInfo.InvariantCulture, $"r{r} ({reader.Revisions[r].Kind} xref): adds [{string.Join(", ", added)}]; redefines [{string.Join(", ", redefined)}]");
            if (reader.Revisions[r].FreedObjectNumbers.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"; frees [{string.Join(", ", reader.Revisions[r].FreedObjectNumbers.Order())}]");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Kind(PdfObject value)
    {
        PdfDictionary? d = value as PdfDictionary ?? (value as PdfStream)?.Dictionary;
        if (d is null)
        {
            return value.GetType().Name.Replace("Pdf", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        }

        var parts = new[] { "Type", "Subtype", "FT" }.Select(k => d[k] is PdfName name ? $"/{k} /{name.Value}" : null).Where(p => p is not null).ToList();
        if (d.ContainsKey("ByteRange"))
        {
            parts.Add("/ByteRange");
        }

        if (d.ContainsKey("Fields"))
        {
            parts.Add("/Fields");
        }

        if (d.ContainsKey("AcroForm"))
        {
            parts.Add("/AcroForm");
        }

        if (d.ContainsKey("Annots"))
        {
            parts.Add("/Annots");
        }

        string kind = value is PdfStream ? "stream" : "dict";
        return parts.Count == 0 ? kind : $"{kind} {string.Join(' ', parts)}";
    }

    private static byte[] RunPdfsig(byte[] pdf, string[] arguments)
    {
        string input = Save(pdf, "pdfsig-in.pdf");
        string output = Path.Combine(Path.GetDirectoryName(input)!, "pdfsig-out.pdf");
        ExternalTool.Succeed("pdfsig", ["-nssdir", "sql:" + Pki.NssDirectory, .. arguments, input, output]);
        return File.ReadAllBytes(output);
    }
}

/// <summary>What pdfsig said of a file: each signature's "Signature Validation" verdict, in its order, and its whole output.</summary>
internal sealed record PdfsigVerdict(string Path, IReadOnlyList<string> Signatures, string Output);
