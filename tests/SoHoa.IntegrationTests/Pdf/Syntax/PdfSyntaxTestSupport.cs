using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SoHoa.IntegrationTests.Pdf.Syntax;

/// <summary>Builds small PDF files by hand for the syntax-layer tests.</summary>
internal static class TestPdfBuilder
{
    /// <summary>Builds a classic-xref PDF whose object i+1 has body <paramref name="bodies"/>[i]; returns bytes and the xref offset.</summary>
    public static byte[] Build(IReadOnlyList<string> bodies, string trailerExtra = "/Root 1 0 R", bool trailingEol = true, string header = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n")
    {
        var sb = new StringBuilder(header);
        var offsets = new List<int>();
        for (var i = 0; i < bodies.Count; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(sb.ToString()));
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{bodies[i]}\nendobj\n");
        }

        var xref = Encoding.Latin1.GetByteCount(sb.ToString());
        sb.Append(CultureInfo.InvariantCulture, $"xref\n0 {bodies.Count + 1}\n0000000000 65535 f\r\n");
        foreach (var o in offsets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n\r\n");
        }

        var trailer = trailerExtra.Replace("{XREF}", xref.ToString("D10", CultureInfo.InvariantCulture), StringComparison.Ordinal);
        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {bodies.Count + 1} {trailer} >>\nstartxref\n{xref}\n%%EOF");
        if (trailingEol)
        {
            sb.Append('\n');
        }

        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    /// <summary>Formats a stream object body with a correct /Length.</summary>
    public static string Stream(string content, string extraDict = "") =>
        string.Create(CultureInfo.InvariantCulture, $"<< /Length {Encoding.Latin1.GetByteCount(content)} {extraDict}>>\nstream\n{content}\nendstream");

    /// <summary>Builds a valid document with <paramref name="pageCount"/> pages, each showing "Page N" in Helvetica.</summary>
    public static byte[] BuildDocument(int pageCount, bool trailingEol = true)
    {
        // 1 catalog, 2 pages, 3 font, 4 info, then (page, content) pairs.
        var bodies = new List<string> { "<< /Type /Catalog /Pages 2 0 R >>" };
        var kids = string.Join(' ', Enumerable.Range(0, pageCount).Select(i => $"{5 + (2 * i)} 0 R"));
        bodies.Add($"<< /Type /Pages /Kids [{kids}] /Count {pageCount} >>");
        bodies.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        bodies.Add("<< /Producer (SoHoa syntax tests) /Title (Test \\(doc\\)) >>");
        for (var i = 0; i < pageCount; i++)
        {
            bodies.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {6 + (2 * i)} 0 R >>");
            bodies.Add(Stream($"BT /F1 24 Tf 72 700 Td (Page {i + 1}) Tj ET"));
        }

        return Build(bodies, "/Root 1 0 R /Info 4 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]", trailingEol);
    }
}

/// <summary>Runs qpdf / poppler tools; fails the test with a clear message when a tool is missing.</summary>
internal static class ExternalTools
{
    /// <summary>Result of a tool run.</summary>
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    /// <summary>Runs <paramref name="tool"/> with arguments and returns exit code and output.</summary>
    public static Result Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"External tool '{tool}' is required by this test but could not be started ({ex.Message}). Install it (Debian: apt-get install qpdf poppler-utils).");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{tool} timed out");
            }

            return new Result(process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>Runs qpdf and asserts it succeeded (exit code 0).</summary>
    public static Result Qpdf(params string[] args)
    {
        var r = Run("qpdf", args);
        Assert.AreEqual(0, r.ExitCode, $"qpdf {string.Join(' ', args)} failed:\n{r.StdOut}\n{r.StdErr}");
        return r;
    }
}

/// <summary>A temporary directory deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    /// <summary>Creates a fresh directory.</summary>
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sohoa-pdfsyntax-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>Gets the directory path.</summary>
    public string Path { get; }

    /// <summary>Returns a path for a file in the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes bytes to a file in the directory and returns its path.</summary>
    public string Write(string name, byte[] bytes)
    {
        var p = File(name);
        System.IO.File.WriteAllBytes(p, bytes);
        return p;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Produces the qpdf-derived variants of the test document.</summary>
internal static class QpdfVariants
{
    /// <summary>Returns the bytes of <paramref name="input"/> rewritten by qpdf with the given options.</summary>
    public static byte[] Rewrite(byte[] input, params string[] options)
    {
        using var dir = new TempDir();
        var src = dir.Write("in.pdf", input);
        var dst = dir.File("out.pdf");
        ExternalTools.Qpdf([.. options, src, dst]);
        return File.ReadAllBytes(dst);
    }

    /// <summary>Xref stream + object streams, compressed.</summary>
    public static byte[] ObjectStreams(byte[] input) => Rewrite(input, "--object-streams=generate", "--compress-streams=y");

    /// <summary>Classic QDF form.</summary>
    public static byte[] Qdf(byte[] input) => Rewrite(input, "--qdf", "--object-streams=disable");

    /// <summary>Linearized.</summary>
    public static byte[] Linearized(byte[] input) => Rewrite(input, "--linearize");

    /// <summary>Runs <c>qpdf --check</c> on bytes and returns the result without asserting.</summary>
    public static ExternalTools.Result Check(byte[] pdf)
    {
        using var dir = new TempDir();
        return ExternalTools.Run("qpdf", "--check", dir.Write("check.pdf", pdf));
    }

    /// <summary>Runs <c>qpdf --show-xref</c> and parses it into (object number → (compressed, offset-or-stream, index)).</summary>
    public static Dictionary<int, (bool Compressed, long A, long B)> ShowXref(byte[] pdf)
    {
        using var dir = new TempDir();
        var r = ExternalTools.Qpdf("--show-xref", dir.Write("x.pdf", pdf));
        var result = new Dictionary<int, (bool, long, long)>();
        foreach (var line in r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var num = int.Parse(line[..line.IndexOf('/', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            var digits = System.Text.RegularExpressions.Regex.Matches(line[line.IndexOf(':', StringComparison.Ordinal)..], "[0-9]+")
                .Select(m => long.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
            result[num] = line.Contains("compressed; stream", StringComparison.Ordinal) && !line.Contains("uncompressed", StringComparison.Ordinal)
                ? (true, digits[0], digits[1])
                : (false, digits[0], 0);
        }

        return result;
    }

    /// <summary>Runs pdftotext on bytes and returns the text.</summary>
    public static string PdfToText(byte[] pdf)
    {
        using var dir = new TempDir();
        var r = ExternalTools.Run("pdftotext", dir.Write("t.pdf", pdf), "-");
        Assert.AreEqual(0, r.ExitCode, $"pdftotext failed: {r.StdErr}");
        return r.StdOut;
    }
}
