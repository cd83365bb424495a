using System.Text.RegularExpressions;

namespace SoHoa.Azure.Queue;

/// <summary>
/// The batch queue: which queue holds the batches waiting for a worker, where their files are uploaded, and how long a
/// worker holds a batch before it must renew its claim. The account, the blob container and the SDK's retry policy are
/// the store's (<see cref="Storage.AzureStoreOptions"/>): a batch is uploaded to the same container its documents are
/// stored in. Validated as a whole when the queue is opened; every problem is reported at once.
/// </summary>
public sealed partial class AzureQueueOptions
{
    /// <summary>The queue used when none is named.</summary>
    public const string DefaultQueueName = "sohoa-batches";

    /// <summary>What the poison queue's name adds to the queue's.</summary>
    public const string PoisonSuffix = "-poison";

    /// <summary>The blob prefix batches are uploaded under, each in <c>&lt;prefix&gt;&lt;batch name&gt;/</c>.</summary>
    public const string DefaultBatchPrefix = "batches-in/";

    /// <summary>The queue of batches waiting (3-56 lower-case letters, digits and single hyphens, so that the poison queue's name fits in 63). Default <c>sohoa-batches</c>.</summary>
    public string QueueName { get; set; } = DefaultQueueName;

    /// <summary>Where batches that cannot be processed are reported: <c>&lt;queue&gt;-poison</c>.</summary>
    public string PoisonQueueName => QueueName + PoisonSuffix;

    /// <summary>
    /// The queue service, such as <c>https://account.queue.core.windows.net</c>, used with the store's credential; derived from
    /// the store's blob service URI (<c>.blob.</c> → <c>.queue.</c>) when not given. Unused with a connection string.
    /// </summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>The blob prefix batches are uploaded under (ends with '/'). Default <c>batches-in/</c>.</summary>
    public string BatchPrefix { get; set; } = DefaultBatchPrefix;

    /// <summary>
    /// How long a taken batch stays invisible to other workers. A worker holding it renews it every third of this, so it
    /// bounds how long a batch whose worker died waits before it is taken again, not how long a batch may run. Default 5 minutes; 1 s to 7 days.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The largest batch (all its files together, as listed when it is taken) a worker takes; a larger one is set aside
    /// as failed. The files are read from their blobs, not downloaded, so this bounds the work a message may ask for,
    /// not a disk. Default 2 GiB.
    /// </summary>
    public long MaxBatchBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The queue service, given or derived from <paramref name="blobServiceUri"/>; null when neither is known.</summary>
    public Uri? ResolveQueueServiceUri(Uri? blobServiceUri) =>
        QueueServiceUri ?? (blobServiceUri is { } blob && blob.Host.Contains(".blob.", StringComparison.OrdinalIgnoreCase)
            ? new UriBuilder(blob) { Host = blob.Host.Replace(".blob.", ".queue.", StringComparison.OrdinalIgnoreCase) }.Uri
            : null);

    /// <summary>Returns every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!IsQueueName(QueueName))
        {
            problems.Add($"{nameof(QueueName)} '{QueueName}' is not a usable queue name: 3-{63 - PoisonSuffix.Length} lower-case letters, digits and single hyphens, starting and ending with a letter or digit (its poison queue adds '{PoisonSuffix}').");
        }

        if (BatchPrefix is not { Length: > 1 } prefix || !prefix.EndsWith('/') || prefix.StartsWith('/') || prefix.Contains("//", StringComparison.Ordinal)
            || prefix.Split('/').Any(s => s is "." or ".."))
        {
            problems.Add($"{nameof(BatchPrefix)} '{BatchPrefix}' must be a relative blob prefix ending with '/', such as '{DefaultBatchPrefix}'.");
        }

        if (VisibilityTimeout < TimeSpan.FromSeconds(1) || VisibilityTimeout > TimeSpan.FromDays(7))
        {
            problems.Add($"{nameof(VisibilityTimeout)} must be from 1 second to 7 days (it is {VisibilityTimeout}).");
        }

        if (MaxBatchBytes <= 0)
        {
            problems.Add($"{nameof(MaxBatchBytes)} must be positive.");
        }

        return problems;
    }

    /// <summary>
    /// True when <paramref name="name"/> can name a batch in the queue: 1-100 letters, digits, '.', '_' and '-', not
    /// starting with '.', and with no run of 9 or more digits, so that a personal ID (12 digits) used as a batch id can
    /// never reach a blob name or a queue message.
    /// </summary>
    public static bool IsBatchName(string? name) =>
        name is { Length: >= 1 and <= 100 } && name[0] != '.' && BatchNamePattern().IsMatch(name) && !LongDigitRun().IsMatch(name);

    private static bool IsQueueName(string? name) =>
        name is { Length: >= 3 } && name.Length <= 63 - PoisonSuffix.Length
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && name[0] != '-' && name[^1] != '-'
        && !name.Contains("--", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex BatchNamePattern();

    [GeneratedRegex("[0-9]{9}", RegexOptions.CultureInvariant)]
    private static partial Regex LongDigitRun();
}
