using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SoHoa.Batches;
using SoHoa.Diagnostics;
using SoHoa.Imaging;
using SoHoa.Pdf.Extraction;
using SoHoa.Signing;
using SoHoa.Signing.Verification;

namespace SoHoa.Pipeline.Steps;

/// <summary>
/// A PDF kept byte for byte (docs/architecture.md): one that arrives signed, verified as received, or a born-digital
/// one. It is never taken apart into a new PDF: its text comes from its text layer, or OCR of a copy of its page
/// images where a page has only a scan, and it is signed on top as incremental updates (unless a certification
/// forbids any change). Every page stays in the PDF, blank or not; the text goes into the sidecar only. Input: the
/// received files; output: <see cref="DocumentWork.Kept"/>, the PDF, its sidecar pages and its signatures, or the
/// document's refusal. A PDF of scans only is left to the steps after this one.
/// </summary>
internal sealed class KeepPdfStep(PageReader reader, PdfSignatureVerifier verifier, TimeProvider time, DocumentOutcomes outcomes, ILogger logger) : IDocumentStep
{
    public string Name => "keep-pdf";

    public bool AppliesTo(DocumentWork work) => work.Files.Any(f => f.File.Format == PageFileFormat.Pdf);

    public async Task RunAsync(DocumentWork work, CancellationToken cancellationToken)
    {
        DocumentJob job = work.Job;
        foreach ((PageFile file, byte[] bytes) in work.Files.Where(f => f.File.Format == PageFileFormat.Pdf))
        {
            work.CurrentFile = file.RelativePath;
            SignedPdfInputs.Inspection inspection = await SignedPdfInputs.InspectAsync(verifier, bytes, cancellationToken).ConfigureAwait(false);
            if (inspection.Unreadable is { } why)
            {
                work.Finish(outcomes.Rejected(job, file.RelativePath, InputRules.PdfCorrupt, $"'{file.RelativePath}' cannot be taken as a PDF: {why}"));
                return;
            }

            // A born-digital PDF (one with a text layer) is kept byte for byte too: its text is read from it, not made anew.
            IReadOnlyList<PdfTextLayer.Page>? layer = inspection.Encrypted ? null : reader.ReadTextLayer(bytes);
            bool bornDigital = layer is not null && layer.Any(p => p.HasText);
            if (inspection.Report is null && !bornDigital)
            {
                continue;
            }

            if (work.Files.Count > 1)
            {
                string what = inspection.Report is not null ? "a signed PDF" : "a PDF with a text layer (born digital)";
                work.Finish(outcomes.Rejected(job, file.RelativePath, inspection.Report is not null ? InputRules.SignedPdfAlone : InputRules.PdfAlone,
                    $"'{file.RelativePath}' is {what}, which is kept byte for byte as a document of its own: list it alone in its document's files (this document lists {work.Files.Count})."));
                return;
            }

            await KeepAsync(work, file, bytes, inspection, layer, cancellationToken).ConfigureAwait(false);
            return;
        }

        work.CurrentFile = null;
    }

    private async Task KeepAsync(DocumentWork work, PageFile file, byte[] received, SignedPdfInputs.Inspection inspection, IReadOnlyList<PdfTextLayer.Page>? layer, CancellationToken cancellationToken)
    {
        DocumentJob job = work.Job;
        IReadOnlyList<SidecarPage> pages;
        string textSource;
        try
        {
            (pages, textSource) = await KeptPdfPages.ReadAsync(reader, received, file.RelativePath, layer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidPageException ex) when (layer is null)
        {
            string label = $"'{file.RelativePath}': ";
            string reason = ex.Message.StartsWith(label, StringComparison.Ordinal) ? ex.Message[label.Length..] : ex.Message;
            throw new InvalidPageException(ex.Rule,
                $"'{file.RelativePath}' is kept byte for byte; its text layer cannot be read, so its text can only come from OCR of a copy of its scanned page images, " +
                $"and those cannot be taken out, so it is not stored: {reason}");
        }

        Telemetry.Pages.Add(pages.Count);
        bool signedInput = inspection.Report is not null;
        work.Kept = new KeptPdf(file, received);
        work.MadeAt = time.GetUtcNow();
        work.Pdf = received;
        work.PdfPages = pages.Count;
        work.SidecarPages = pages;
        string? note = null;
        if (inspection.DocMdpPermission == 1)
        {
            note = "The PDF is certified with DocMDP permission 1 (no change allowed): SoHoa's signatures would break its certification, so it is stored exactly as received, unsigned by SoHoa.";
        }
        else
        {
            work.Signatures = (
                new SignatureRequest(signedInput ? $"Tiếp nhận bản điện tử có chữ ký số, hồ sơ {job.DossierCode.Value}" : $"Tiếp nhận bản điện tử, hồ sơ {job.DossierCode.Value}", job.Agency.Name),
                new SignatureRequest($"Xác nhận tiếp nhận bản điện tử, hồ sơ {job.DossierCode.Value}", job.Agency.Name));
        }

        if (inspection.Report is { } report)
        {
            work.SignedInput = new SignedInput(
                file.RelativePath, Convert.ToHexStringLower(SHA256.HashData(received)), received.LongLength, report.IsValid, report.Problems,
                report.Signatures, work.Signatures is not null, note) { TextSource = textSource };
            Log.SignedInputKept(logger, job.BatchId, job.Label, file.RelativePath, report.Signatures.Count, report.IsValid ? "valid" : "NOT valid");
        }
    }
}
