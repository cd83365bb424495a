using SoHoa.IntegrationTests.Support;
using System.Globalization;
using System.Text;

using SoHoa.Tests.Pdf.Syntax;

namespace SoHoa.IntegrationTests.Pdf.Syntax;

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
        ExternalTool.Succeed("qpdf", [.. options, src, dst]);
        return File.ReadAllBytes(dst);
    }

    /// <summary>Xref stream + object streams, compressed.</summary>
    public static byte[] ObjectStreams(byte[] input) => Rewrite(input, "--object-streams=generate", "--compress-streams=y");

    /// <summary>Classic QDF form.</summary>
    public static byte[] Qdf(byte[] input) => Rewrite(input, "--qdf", "--object-streams=disable");

    /// <summary>Linearized.</summary>
    public static byte[] Linearized(byte[] input) => Rewrite(input, "--linearize");

    /// <summary>Runs <c>qpdf --check</c> on bytes and returns the result without asserting.</summary>
    public static ToolRun Check(byte[] pdf)
    {
        using var dir = new TempDir();
        return ExternalTool.Run("qpdf", "--check", dir.Write("check.pdf", pdf));
    }

    /// <summary>Runs <c>qpdf --show-xref</c> and parses it into (object number → (compressed, offset-or-stream, index)).</summary>
    public static Dictionary<int, (bool Compressed, long A, long B)> ShowXref(byte[] pdf)
    {
        using var dir = new TempDir();
        var r = ExternalTool.Succeed("qpdf", "--show-xref", dir.Write("x.pdf", pdf));
        var result = new Dictionary<int, (bool, long, long)>();
        foreach (var line in r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
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
        return ExternalTool.Succeed("pdftotext", dir.Write("t.pdf", pdf), "-").StandardOutput;
    }
}
