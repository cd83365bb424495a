using Microsoft.Extensions.Logging;

namespace SoHoa.Diagnostics;

/// <summary>Every log message SoHoa writes, with stable event ids. Messages name batches, dossiers and files, never personal IDs or secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Batch {BatchId}: {Jobs} documents to process, {Rejected} refused at validation")]
    public static partial void BatchLoaded(ILogger logger, string batchId, int jobs, int rejected);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Batch {BatchId}: {Document} stored, but flagged for review: the paper disagrees with the manifest on {Fields}")]
    public static partial void DocumentNeedsReview(ILogger logger, string batchId, string document, string fields);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Batch {BatchId}: {Document} stored as {DocumentId} ({Pages} pages)")]
    public static partial void DocumentStored(ILogger logger, string batchId, string document, string documentId, int pages);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Batch {BatchId}: {Document} is already stored as {DocumentId}; nothing stored twice")]
    public static partial void DocumentAlreadyStored(ILogger logger, string batchId, string document, string documentId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Batch {BatchId}: {Document} reused from the stored document {SourceId}; nothing brought again")]
    public static partial void DocumentReused(ILogger logger, string batchId, string document, string sourceId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Batch {BatchId}: {Document} rejected, file {File}: {Reason}")]
    public static partial void DocumentRejected(ILogger logger, string batchId, string document, string file, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Batch {BatchId}: {Document} failed (retryable): {Reason}")]
    public static partial void DocumentFailed(ILogger logger, string batchId, string document, string reason, Exception? exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Batch {BatchId}: {Document}: {File} arrived signed and is kept byte for byte; its {Signatures} signature(s) are {Verdict}")]
    public static partial void SignedInputKept(ILogger logger, string batchId, string document, string file, int signatures, string verdict);
}
