using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SoHoa.Batches;
using SoHoa.Diagnostics;
using SoHoa.Pdf.Composition;
using SoHoa.Reuse;
using SoHoa.Storage;

namespace SoHoa.Pipeline.Steps;

/// <summary>
/// Links an earlier stored document into this dossier instead of digitizing the paper again: opened through the reuse
/// service (the applicant's own, unaltered, signatures verified, valid today; audited), then indexed for this dossier
/// with a sidecar that names where it came from. The PDF is not copied. A reuse that cannot be verified is rejected
/// with the reason, like any bad input. Input: a manifest entry with <c>reuse</c>; output: the document's result.
/// </summary>
internal sealed class ReuseStep(ReuseService? reuse, IDocumentStore store, string recognizer, TimeProvider time, DocumentOutcomes outcomes, ILogger logger) : IDocumentStep
{
    public string Name => "reuse";

    public bool AppliesTo(DocumentWork work) => work.Job.Document.Reuse is not null;

    public async Task RunAsync(DocumentWork work, CancellationToken cancellationToken)
    {
        DocumentJob job = work.Job;
        ReuseReference wanted = job.Document.Reuse!;
        string field = $"dossiers[{job.DossierIndex}].documents[{job.Document.Index}].reuse";
        if (reuse is null)
        {
            work.Finish(outcomes.Rejected(job, null, InputRules.ReuseUnavailable, "This pipeline has no reuse service, so a stored document cannot be reused.", field));
            return;
        }

        var purpose = new ReadPurpose($"batch {job.BatchId}", job.ProcedureCode.Value, job.DossierCode.Value);
        ReuseOpening opening = wanted.DocumentId is { } id
            ? await reuse.ReuseAsync(id, job.PersonalId, purpose, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await reuse.OpenNewestAsync(job.PersonalId, wanted.Kind!, purpose, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!opening.Opened)
        {
            work.Finish(outcomes.Rejected(job, null, opening.RefusalCode!, opening.Refusal!, field + (wanted.DocumentId is null ? ".kind" : ".documentId")));
            return;
        }

        StoredDocument source = opening.Document!.Document;
        if (source.Kind != job.Document.Kind)
        {
            work.Finish(outcomes.Rejected(job, null, InputRules.ReuseKindMismatch, $"The reused document '{source.DocumentId}' is a {source.Kind}, not the {job.Document.Kind} this entry asks for.", field));
            return;
        }

        // A link of a link names the document first digitized: the paper is the same.
        string original = source.ReusedFrom ?? source.DocumentId;
        DateTimeOffset now = time.GetUtcNow();
        string linkId = LinkIdOf(job, original);
        var link = new StoredDocument(
            linkId, job.Agency.Code, job.DossierCode.Value, job.ProcedureCode.Value, source.Kind, job.Document.Role, source.DocumentNumber, source.IssuedOn, source.ValidUntil,
            source.PdfPath, DocumentPaths.Sidecar(job.Agency.Code, job.DossierCode.ReceivedOn, job.DossierCode.Value, linkId), source.PdfSha256, source.PageCount, job.BatchId, now)
        {
            SignatureLevel = source.SignatureLevel,
            ReusedFrom = original,
        };
        var sidecar = new DocumentSidecar(
            DocumentSidecar.SchemaV1, linkId, job.BatchId, job.Agency.Code, job.Agency.Name, link.DossierCode, link.ProcedureCode, link.Kind,
            DocumentRoles.NameOf(link.Role), link.DocumentNumber, link.IssuedOn, link.ValidUntil, source.StoredAt, source.PdfSha256,
            new SidecarPipeline(SearchablePdfComposer.Producer, recognizer), [])
        {
            ReusedFrom = original,
            ReusedAt = now,
        };
        await store.LinkAsync(link, job.PersonalId, JsonSerializer.SerializeToUtf8Bytes(sidecar, DocumentSidecar.JsonOptions), cancellationToken).ConfigureAwait(false);
        Log.DocumentReused(logger, job.BatchId, job.Label, original);
        work.Finish(DocumentOutcomes.Done(job, DocumentStatus.Reused, linkId, source.PdfPath, source.PageCount, []) with { ReusedFrom = original });
    }

    /// <summary>The id of a reuse link: the same dossier, kind, role and reused document always give the same id.</summary>
    private static string LinkIdOf(DocumentJob job, string sourceId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"sohoa.reuse/v1\n{job.DossierCode.Value}\n{job.Document.Kind}\n{job.Document.Role}\n{sourceId}\n")))[..32];
}
