using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoHoa.Pipeline;

/// <summary>Writes a <see cref="BatchResult"/> as <c>result.json</c> (schema <c>sohoa.batch-result/v1</c>).</summary>
public static class BatchResultJson
{
    /// <summary>The schema name written into every result.</summary>
    public const string Schema = "sohoa.batch-result/v1";

    /// <summary>The serializer settings of every JSON SoHoa prints: camelCase names, kebab-case enum values, readable Vietnamese.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>How <paramref name="status"/> is spelled in <c>result.json</c>, and in the tags of SoHoa's metrics.</summary>
    public static string StatusName(DocumentStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    /// <summary>Serializes <paramref name="result"/> with its totals.</summary>
    public static byte[] Serialize(BatchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var document = new
        {
            schema = Schema,
            result.BatchId,
            result.StartedAt,
            result.FinishedAt,
            totals = new
            {
                stored = result.Count(DocumentStatus.Stored),
                alreadyStored = result.Count(DocumentStatus.AlreadyStored),
                rejected = result.Count(DocumentStatus.Rejected),
                failed = result.Count(DocumentStatus.Failed),
                problems = result.Problems.Count,
                flagged = result.Flagged,
                reused = result.Count(DocumentStatus.Reused),
                review = result.NeedsReview,
            },
            result.Documents,
            result.Problems,
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, Options);
    }

    /// <summary>Writes <c>result.json</c> for the batch under <paramref name="directory"/> and returns its path.</summary>
    public static async Task<string> WriteAsync(BatchResult result, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "result.json");
        string temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, Serialize(result), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
