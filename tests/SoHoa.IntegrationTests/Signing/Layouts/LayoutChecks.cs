using System.Text;
using SoHoa.IntegrationTests.Support;
using SoHoa.Signing.Verification;

namespace SoHoa.IntegrationTests.Signing.Layouts;

/// <summary>What poppler shows of a sample (page text, fonts, title, pdfsig's verdicts), and our verifier's full verdict in words.</summary>
internal static class LayoutChecks
{
    /// <summary>
    /// The text poppler finds on the pages, annotation appearances included, in the order it is drawn (<c>-raw</c>: text
    /// painted over other text stays on its own line rather than being merged with what it covers).
    /// </summary>
    public static string PageText(byte[] pdf) => ExternalTool.Succeed("pdftotext", "-raw", SigningSupport.Save(pdf, "view.pdf"), "-").StandardOutput;

    /// <summary>Object <paramref name="number"/> as qpdf reads it from the latest revision (<c>null</c> when the latest xref frees it).</summary>
    public static string ObjectAsQpdfReadsIt(byte[] pdf, int number) =>
        ExternalTool.Succeed("qpdf", "--show-object=" + number.ToString(System.Globalization.CultureInfo.InvariantCulture), SigningSupport.Save(pdf, "object.pdf")).StandardOutput.Trim();

    /// <summary>The fonts poppler uses to draw the pages.</summary>
    public static string Fonts(byte[] pdf) => ExternalTool.Succeed("pdffonts", SigningSupport.Save(pdf, "fonts.pdf")).StandardOutput;

    /// <summary>The document information and the XMP poppler reads (where a viewer takes the title it shows in its title bar).</summary>
    public static string DocumentInfo(byte[] pdf)
    {
        string path = SigningSupport.Save(pdf, "info.pdf");
        return ExternalTool.Succeed("pdfinfo", path).StandardOutput + ExternalTool.Succeed("pdfinfo", "-meta", path).StandardOutput;
    }

    /// <summary>pdfsig's output, and how many signatures it calls valid.</summary>
    public static (int Valid, string Output) Pdfsig(byte[] pdf, string name)
    {
        ToolRun run = SigningSupport.Pdfsig(SigningSupport.Save(pdf, name + ".pdf"));
        return (run.StandardOutput.Split("Signature is Valid.").Length - 1, run.Output);
    }

    /// <summary>True when pdfsig's output calls any signature invalid, its digest wrong, or its CMS unreadable.</summary>
    public static bool PdfsigCallsInvalid(string output) =>
        new[] { "Signature is Invalid", "Digest Mismatch", "Decoding failed", "Unknown Validation Failure", "Document isn't signed or corrupted data" }
            .Any(verdict => output.Contains(verdict, StringComparison.Ordinal));

    /// <summary>Every signature and every refused change with its rule, for assertion messages and the test log.</summary>
    public static string Summary(VerificationReport report)
    {
        var text = new StringBuilder(SigningSupport.Describe(report));
        text.Append("\n-- valid=").Append(report.IsValid).Append(", signatures=").Append(report.Signatures.Count);
        foreach (SignatureReport signature in report.Signatures)
        {
            text.Append("\n  ").Append(signature.FieldName).Append(": valid=").Append(signature.IsValid).Append(", revision=").Append(signature.Revision);
            foreach (LaterChange change in signature.ChangesAfter.Where(c => !c.Allowed))
            {
                text.Append("\n    refused r").Append(change.Revision).Append(" obj ").Append(change.ObjectNumber).Append(": ").Append(change.What).Append(" | ").Append(change.Reason);
            }
        }

        return text.ToString();
    }
}
