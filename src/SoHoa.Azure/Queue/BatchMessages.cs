using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoHoa.Azure.Queue;

/// <summary>
/// What a queue message says: which batch, and where its files are. Nothing else: no manifest content, no personal data
/// (a batch name with a run of digits as long as a personal ID is refused). Serialized as ASCII JSON (System.Text.Json
/// escapes everything else), so it is safe in the queue's XML body without Base64 and far below the 64 KiB a message may hold.
/// </summary>
internal sealed record BatchMessage(
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("batch")] string Batch,
    [property: JsonPropertyName("prefix")] string Prefix)
{
    public const string SchemaName = "sohoa.queue-batch/v1";

    public static BatchMessage For(string batch, string prefix) => new(SchemaName, batch, prefix);

    public string ToJson() => JsonSerializer.Serialize(this, BatchMessageJson.Default.BatchMessage);

    /// <summary>The message in <paramref name="text"/>, or null when it is not one of ours (it is then set aside as poison).</summary>
    public static BatchMessage? TryParse(string text, string batchPrefix)
    {
        try
        {
            BatchMessage? message = JsonSerializer.Deserialize(text, BatchMessageJson.Default.BatchMessage);
            return message is { Schema: SchemaName } && AzureQueueOptions.IsBatchName(message.Batch)
                && string.Equals(message.Prefix, batchPrefix + message.Batch + "/", StringComparison.Ordinal)
                ? message
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>What the poison queue receives: the batch, why it was set aside, and after how many deliveries.</summary>
internal sealed record PoisonMessage(
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("batch")] string? Batch,
    [property: JsonPropertyName("prefix")] string? Prefix,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("deliveries")] long Deliveries,
    [property: JsonPropertyName("failedAt")] DateTimeOffset FailedAt)
{
    public const string SchemaName = "sohoa.queue-poison/v1";

    /// <summary>How much of a reason a poison message keeps (a message may hold 64 KiB; escaped Vietnamese takes six bytes a letter).</summary>
    public const int MaxReasonLength = 4000;

    public static PoisonMessage For(string? batch, string? prefix, string reason, long deliveries, DateTimeOffset failedAt) =>
        new(SchemaName, batch, prefix, reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength] + "…", deliveries, failedAt);

    public string ToJson() => JsonSerializer.Serialize(this, BatchMessageJson.Default.PoisonMessage);
}

[JsonSerializable(typeof(BatchMessage))]
[JsonSerializable(typeof(PoisonMessage))]
internal sealed partial class BatchMessageJson : JsonSerializerContext;
