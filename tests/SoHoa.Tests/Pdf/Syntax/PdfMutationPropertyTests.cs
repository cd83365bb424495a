using System.Globalization;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Verification;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>
/// Seeded mutation tests of the reader and the verifier (<see cref="PdfMutations"/>): for every mutated copy of the
/// valid sources, reading it wholly raises nothing but a clean <see cref="PdfSyntaxException"/>, and the verifier
/// returns a report without throwing. Set SOHOA_MUTATION_CASES to run more cases per source, and SOHOA_MUTATION_OUT to
/// a folder to keep the inputs that fail.
/// </summary>
[TestClass]
public sealed class PdfMutationPropertyTests
{
    private const uint ReaderStream = 17;
    private const uint VerifierStream = 29;
    private const uint ReportStream = 31;

    [TestMethod]
    public void ReadWholly_MutatedFiles_RaiseOnlyCleanPdfSyntaxExceptions()
    {
        int cases = Cases(6000);
        var failures = new List<(string Label, Exception Error)>();
        int runs = 0;
        foreach ((string name, byte[] source) in MutationSources.All)
        {
            for (int i = 0; i < cases; i++)
            {
                (byte[] input, string description) = PdfMutations.Case(source, ReaderStream, i);
                runs++;
                if (HostileInput.ReadFailure(input) is { } failure)
                {
                    failures.Add((Keep(input, $"{name} case {i} [{description}]"), failure));
                }
            }
        }

        Assert.AreEqual(cases * MutationSources.All.Count, runs);
        Assert.AreEqual(0, failures.Count, Summary(failures));
    }

    [TestMethod]
    public void Verify_MutatedFiles_NeverThrows()
    {
        int cases = Cases(5000);
        var verifier = new PdfSignatureVerifier(new SignatureVerifierOptions());
        var failures = new List<(string Label, Exception Error)>();
        int runs = 0;
        foreach ((string name, byte[] source) in MutationSources.All)
        {
            int perSource = MutationSources.SignedFiles.Any(s => s.Name == name) ? cases : cases / 4;
            for (int i = 0; i < perSource; i++)
            {
                (byte[] input, string description) = PdfMutations.Case(source, VerifierStream, i);
                runs++;
                if (HostileInput.VerifyFailure(verifier, input) is { } failure)
                {
                    failures.Add((Keep(input, $"{name} case {i} [{description}]"), failure));
                }
            }
        }

        Assert.IsTrue(runs >= cases * MutationSources.SignedFiles.Count);
        Assert.AreEqual(0, failures.Count, Summary(failures));
    }

    [TestMethod]
    public void Verify_MutatedSignedFiles_ReportNoUnexpectedError()
    {
        int cases = Cases(5000);
        var verifier = new PdfSignatureVerifier(new SignatureVerifierOptions());
        var failures = new List<(string Label, Exception Error)>();
        int runs = 0;
        foreach ((string name, byte[] source) in MutationSources.SignedFiles)
        {
            for (int i = 0; i < cases; i++)
            {
                (byte[] input, string description) = PdfMutations.Case(source, ReportStream, i);
                runs++;
                if (HostileInput.UnexpectedErrorReported(verifier, input) is { } failure)
                {
                    failures.Add((Keep(input, $"{name} case {i} [{description}]"), failure));
                }
            }
        }

        Assert.AreEqual(cases * MutationSources.SignedFiles.Count, runs);
        Assert.AreEqual(0, failures.Count, Summary(failures));
    }

    private static int Cases(int byDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("SOHOA_MUTATION_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : byDefault;

    /// <summary>Saves a failing input when SOHOA_MUTATION_OUT names a folder, and returns its label.</summary>
    private static string Keep(byte[] input, string label)
    {
        string? folder = Environment.GetEnvironmentVariable("SOHOA_MUTATION_OUT");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            string file = Path.Combine(folder, $"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(input))[..16]}.pdf");
            File.WriteAllBytes(file, input);
            label += $" saved as {file}";
        }

        return label;
    }

    /// <summary>The failures grouped by exception and place, the first of each in full.</summary>
    private static string Summary(List<(string Label, Exception Error)> failures) =>
        $"{failures.Count} failing inputs:\n" + string.Join("\n\n", failures
            .GroupBy(f => HostileInput.Signature(f.Error))
            .Select(g => $"{g.Count()} × {g.First().Label}:\n{HostileInput.Describe(g.First().Error)}"));
}
