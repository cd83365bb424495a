using SoHoa.Batches;
using SoHoa.Pdf;
using SoHoa.Pdf.Composition;
using SoHoa.Signing;

namespace SoHoa.Pipeline.Steps;

/// <summary>
/// Composes the searchable PDF/A of the pages read: the scans visible, their text invisible on top, the dossier's
/// metadata and the paper-conversion mark. Blank pages are left out of the PDF unless asked for; the sidecar lists
/// them either way. Input: <see cref="DocumentWork.Pages"/>; output: the unsigned PDF, its sidecar pages, and the
/// officer's and seal's signatures to put on it.
/// </summary>
internal sealed class ComposeStep(SearchablePdfComposer composer, TimeProvider time) : IDocumentStep
{
    /// <summary>Vietnam time, in which the conversion mark shows when the paper was converted (UTC+7, no daylight saving).</summary>
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public string Name => "compose";

    public bool AppliesTo(DocumentWork work) => work.Kept is null;

    public Task RunAsync(DocumentWork work, CancellationToken cancellationToken)
    {
        DocumentJob job = work.Job;
        DocumentEntry document = job.Document;
        DateTimeOffset now = work.MadeAt = time.GetUtcNow();
        string role = DocumentRoles.NameOf(document.Role);
        var info = new PdfDocumentInfo(
            Title: $"{document.Kind} {job.DossierCode.Value}",
            Author: job.Agency.Name,
            Subject: $"Bản điện tử chuyển đổi từ bản giấy bởi {job.Agency.Name}",
            Keywords: $"{job.DossierCode.Value}, {job.ProcedureCode.Value}, {document.Kind}, {role}",
            CreatedAt: now)
        {
            Dossier = new PdfDossierMetadata(job.DossierCode.Value, job.ProcedureCode.Value, document.Kind, role, job.Agency.Code, job.Agency.Name),

            // Decree 137/2024 art. 4: the visible mark names the converting agency and the time.
            ConversionMark = new PaperConversionMark(job.Agency.Name, null, now.ToOffset(VietnamOffset)),
        };

        PdfPageContent[] inPdf = work.Pages.Where(p => p.Content is not null).Select(p => p.Content!).ToArray();
        work.Pdf = composer.Compose(inPdf, info);
        work.PdfPages = inPdf.Length;
        work.SidecarPages = work.Pages.Select(p => p.Sidecar).ToArray();

        // The pages' images are in the PDF now: the document no longer holds them twice.
        work.Pages = [];
        work.Signatures = (
            new SignatureRequest($"Số hóa hồ sơ {job.DossierCode.Value}", job.Agency.Name),
            new SignatureRequest($"Xác nhận bản số hóa hồ sơ {job.DossierCode.Value}", job.Agency.Name));
        return Task.CompletedTask;
    }
}
