using Microsoft.Extensions.Logging;

namespace SoHoa.Azure.Storage;

/// <summary>The Azure store's log messages, with stable event ids (3000-3099). None holds a personal ID or a connection string.</summary>
internal static partial class AzureLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Stored document {DocumentId} at {PdfPath}")]
    public static partial void DocumentStored(ILogger logger, string documentId, string pdfPath);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Document {DocumentId}: its PDF was already in the container without an index row (a writer stopped between the two, or raced this one); it is kept as it is and indexed")]
    public static partial void BlobAdopted(ILogger logger, string documentId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Document {DocumentId} was already stored with another PDF; the stored one is kept")]
    public static partial void Conflict(ILogger logger, string documentId);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information,
        Message = "The audit head was behind the log (a writer stopped between its append and the head update); caught up to entry {Sequence}")]
    public static partial void AuditCaughtUp(ILogger logger, long sequence);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "The audit log moved on from day blob {From} to {To}")]
    public static partial void AuditDayTurned(ILogger logger, string from, string to);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Debug, Message = "Another writer appended to the audit log first; trying again (attempt {Attempt})")]
    public static partial void AuditContention(ILogger logger, int attempt);
}
