using System.Globalization;
using Azure;

namespace SoHoa.Azure.Storage;

/// <summary>Where the chain ends: the last entry's sequence and hash, the blob it goes on in, that blob's length and how many entries it holds.</summary>
internal sealed record AuditHead(long Sequence, string Hash, AuditBlobPart Blob, long Length, int Entries)
{
    /// <summary>Gets the day of the blob the chain goes on in.</summary>
    public DateOnly Day => Blob.Day;
}

/// <summary>One blob of the log: a day, and which part of it (0, then 1, 2, … when a day outgrows an append blob).</summary>
internal readonly record struct AuditBlobPart(DateOnly Day, int Number)
{
    /// <summary>Gets the blob name.</summary>
    public string Name => AzureAuditLog.DayBlobName(Day, Number);

    /// <summary>Gets the next part of the same day.</summary>
    public AuditBlobPart Next => this with { Number = Number + 1 };
}

/// <summary>The head as read or written, with the ETag that conditions its next move.</summary>
internal sealed record AuditHeadState(AuditHead Head, ETag ETag);

/// <summary>The head blob's JSON (schema <c>sohoa.audit-head/v1</c>).</summary>
internal sealed class AuditHeadDocument
{
    public string Schema { get; set; } = "sohoa.audit-head/v1";

    public long Sequence { get; set; }

    public string Hash { get; set; } = string.Empty;

    public string Day { get; set; } = string.Empty;

    public int Part { get; set; }

    public long Length { get; set; }

    public int Entries { get; set; }

    public static AuditHeadDocument Of(AuditHead head) => new()
    {
        Sequence = head.Sequence,
        Hash = head.Hash,
        Day = head.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Part = head.Blob.Number,
        Length = head.Length,
        Entries = head.Entries,
    };

    public AuditHead ToHead() => new(Sequence, Hash, new AuditBlobPart(DateOnly.ParseExact(Day, "yyyy-MM-dd", CultureInfo.InvariantCulture), Part), Length, Entries);

    public BinaryData ToBinaryData() => BinaryData.FromObjectAsJson(this, AzureAuditLines.JsonOptions);
}
