using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SoHoa.Batches;
using SoHoa.Diagnostics;
using SoHoa.Extraction;
using SoHoa.Pdf.Composition;
using SoHoa.Storage;

namespace SoHoa.Pipeline.Steps;

/// <summary>
/// Stores the PDF with its sidecar and index entry. The key fields read from the paper go into the sidecar; where
/// they disagree with the manifest, the document is stored all the same and flagged for a person, with both values
/// (the index keeps the field names only). Input: the PDF and its sidecar pages; output: the document's result.
/// </summary>
internal sealed class StoreStep(IDocumentStore store, string recognizer, ILogger logger) : IDocumentStep
{
    public string Name => "store";

    public bool AppliesTo(DocumentWork work) => true;

    public async Task RunAsync(DocumentWork work, CancellationToken cancellationToken)
    {
        DocumentJob job = work.Job;
        DocumentEntry document = job.Document;
        IReadOnlyList<SidecarPage> pages = work.SidecarPages;
        string pdfSha256 = Convert.ToHexStringLower(SHA256.HashData(work.Pdf));
        string pdfPath = DocumentPaths.Pdf(job.Agency.Code, job.DossierCode.ReceivedOn, job.DossierCode.Value, work.DocumentId);
        string sidecarPath = DocumentPaths.Sidecar(job.Agency.Code, job.DossierCode.ReceivedOn, job.DossierCode.Value, work.DocumentId);

        DocumentFields fields = PaperFields.Extract(document.Kind, pages);
        IReadOnlyList<FieldReview> review = ManifestCrossCheck.Check(job, fields);
        var stored = new StoredDocument(
            work.DocumentId, job.Agency.Code, job.DossierCode.Value, job.ProcedureCode.Value, document.Kind, document.Role,
            document.DocumentNumber, document.IssuedOn, document.ValidUntil, pdfPath, sidecarPath, pdfSha256, work.PdfPages, job.BatchId, work.MadeAt)
        {
            PaperReview = review.Count > 0 ? string.Join(',', review.Select(r => r.Field)) : null,
        };
        byte[] sidecar = JsonSerializer.SerializeToUtf8Bytes(Sidecar(job, stored, pages, work.SignedInput) with { Fields = fields }, DocumentSidecar.JsonOptions);

        StoreOutcome outcome = await store.StoreAsync(stored, job.PersonalId, work.Pdf, sidecar, cancellationToken).ConfigureAwait(false);
        Log.DocumentStored(logger, job.BatchId, job.Label, work.DocumentId, work.PdfPages);
        if (review.Count > 0)
        {
            Log.DocumentNeedsReview(logger, job.BatchId, job.Label, string.Join(", ", review.Select(r => r.Field)));
        }

        int[] lowConfidence = pages.Where(p => p.LowConfidence).Select(p => p.Number).ToArray();
        DocumentStatus status = outcome == StoreOutcome.Stored ? DocumentStatus.Stored : DocumentStatus.AlreadyStored;
        work.Finish(DocumentOutcomes.Done(job, status, work.DocumentId, pdfPath, work.PdfPages, lowConfidence) with { SignedInput = work.SignedInput, Review = review });
    }

    private DocumentSidecar Sidecar(DocumentJob job, StoredDocument stored, IReadOnlyList<SidecarPage> pages, SignedInput? signedInput) =>
        new(
            DocumentSidecar.SchemaV1,
            stored.DocumentId,
            job.BatchId,
            job.Agency.Code,
            job.Agency.Name,
            stored.DossierCode,
            stored.ProcedureCode,
            stored.Kind,
            DocumentRoles.NameOf(stored.Role),
            stored.DocumentNumber,
            stored.IssuedOn,
            stored.ValidUntil,
            stored.StoredAt,
            stored.PdfSha256,
            new SidecarPipeline(SearchablePdfComposer.Producer, recognizer),
            pages)
        {
            SignedInput = signedInput,
        };
}
