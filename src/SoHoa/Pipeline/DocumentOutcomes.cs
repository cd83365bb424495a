using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SoHoa.Batches;
using SoHoa.Diagnostics;
using SoHoa.Imaging;
using SoHoa.Pipeline.Steps;

namespace SoHoa.Pipeline;

/// <summary>
/// The one place a document's outcome is decided: the results a step ends a document with, and what an exception out
/// of a step means, from the exception model (<see cref="InvalidPageException"/> and <see cref="BatchFileException"/>
/// are bad input, <see cref="SoHoaException.IsTransient"/> a service away, anything else a failure of that document
/// alone). Each is logged once, here.
/// </summary>
internal sealed class DocumentOutcomes(ILogger logger)
{
    /// <summary>The rule of a document failed for no reason the exception model names.</summary>
    public const string FailedRule = InputRules.ProcessingFailed;

    /// <summary>
    /// The outcome of a document whose step threw <paramref name="exception"/> (never the caller's own cancellation,
    /// which is not an outcome and goes on up).
    /// </summary>
    public DocumentResult Of(DocumentWork work, Exception exception) => exception switch
    {
        InvalidPageException page => Rejected(work.Job, work.CurrentFile, page.Rule, page.Message),
        BatchFileException file => Rejected(work.Job, work.CurrentFile, file.Rule, file.Message),
        FileNotFoundException => Rejected(work.Job, work.CurrentFile, InputRules.FileMissing,
            $"'{work.CurrentFile}' disappeared from the batch while the batch was being processed."),

        // The placement was configured for every document, but does not fit this one: correcting the configuration and retrying succeeds.
        SoHoaException { Code: SoHoaErrorCode.SignaturePlacement } placement => Failed(work.Job, work.CurrentFile, placement.Message, InputRules.SignaturePlacement),

        // A service or device that is away (a storage outage, a TSA down, a token unplugged): the same batch again may well succeed.
        SoHoaException { IsTransient: true } away => Failed(work.Job, work.CurrentFile,
            away.Message + " This is temporary: processing the batch again may succeed.", DocumentResult.UnavailableRule, away),
        SoHoaException or IOException or UnauthorizedAccessException or CryptographicException => Failed(work.Job, work.CurrentFile, exception.Message, exception: exception),

        // A defect of ours must cost one document, not the batch: record it with its type so it can be reported.
        _ => Failed(work.Job, work.CurrentFile, $"Unexpected {exception.GetType().Name}: {exception.Message}", exception: exception),
    };

    /// <summary>A document that ended well (stored, already stored, reused).</summary>
    public static DocumentResult Done(DocumentJob job, DocumentStatus status, string? id, string? pdfPath, int? pages, IReadOnlyList<int> lowConfidence) =>
        new(job.DossierCode.Value, job.Document.Index, job.Document.Kind, status, id, pdfPath, pages, lowConfidence, []);

    /// <summary>A document that could not be digitized for a reason that is not its input's: the exception, with its stack, goes to the log; the result says what happened in words.</summary>
    public DocumentResult Failed(DocumentJob job, string? file, string reason, string rule = FailedRule, Exception? exception = null)
    {
        Log.DocumentFailed(logger, job.BatchId, job.Label, reason, exception);
        var problem = new InputProblem(job.BatchId, job.DossierCode.Value, file, null, rule, reason);
        return new DocumentResult(job.DossierCode.Value, job.Document.Index, job.Document.Kind, DocumentStatus.Failed, null, null, null, [], [problem]);
    }

    /// <summary>A document refused for its input, naming the manifest field to correct (the file's entry, unless <paramref name="field"/> says otherwise).</summary>
    public DocumentResult Rejected(DocumentJob job, string? file, string rule, string message, string? field = null)
    {
        Log.DocumentRejected(logger, job.BatchId, job.Label, file ?? "-", message);
        field ??= file is null ? null : $"dossiers[{job.DossierIndex}].documents[{job.Document.Index}].files[{job.Files.ToList().FindIndex(f => f.RelativePath == file)}]";
        var problem = new InputProblem(job.BatchId, job.DossierCode.Value, file, field, rule, message);
        return new DocumentResult(job.DossierCode.Value, job.Document.Index, job.Document.Kind, DocumentStatus.Rejected, null, null, null, [], [problem]);
    }
}
