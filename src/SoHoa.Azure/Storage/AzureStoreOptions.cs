using Azure.Core;

namespace SoHoa.Azure.Storage;

/// <summary>
/// Where the Azure store is and how it is reached: an Azure Storage account (a connection string, or service URIs with a
/// Microsoft Entra credential), the blob container of the PDFs, sidecars, batch results and audit log, the table of the
/// reuse index, the two keys every worker of a deployment shares, and the SDK's retry policy. Validated as a whole when
/// the store is built: every problem is reported at once.
/// </summary>
public sealed class AzureStoreOptions
{
    /// <summary>The container used when none is named.</summary>
    public const string DefaultContainerName = "sohoa";

    /// <summary>
    /// An Azure Storage connection string (<c>UseDevelopmentStorage=true</c>, <c>AccountName=…;AccountKey=…</c>,
    /// <c>BlobEndpoint=…;TableEndpoint=…</c>). It may hold an account key: it never appears in a message or a log.
    /// Give it, or <see cref="BlobServiceUri"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob service, such as <c>https://account.blob.core.windows.net</c>, reached with <see cref="Credential"/>.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>The table service; derived from <see cref="BlobServiceUri"/> (<c>.blob.</c> → <c>.table.</c>) when not given.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The credential used with the service URIs; Azure.Identity's <c>DefaultAzureCredential</c> when null (managed identity, workload identity, Azure CLI, …).</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>The blob container (3-63 lower-case letters, digits and hyphens). Default <c>sohoa</c>.</summary>
    public string ContainerName { get; set; } = DefaultContainerName;

    /// <summary>How many audit entries go in one append blob before the day goes on in a next part (tests make it small).</summary>
    internal int AuditEntriesPerBlob { get; set; } = AzureAuditLog.AppendBlobBlockLimit;

    /// <summary>The reuse index's table (3-63 letters and digits, starting with a letter); by default the container's letters and digits followed by <c>index</c>.</summary>
    public string? TableName { get; set; }

    /// <summary>The digitization report's ledger table (3-63 letters and digits, starting with a letter); by default the container's letters and digits followed by <c>report</c>.</summary>
    public string? ReportTableName { get; set; }

    /// <summary>The file holding the index key (HMAC secret; raw bytes or Base64). Required: a deployment shares it, and the cloud store never makes one.</summary>
    public string? IndexKeyFile { get; set; }

    /// <summary>The file holding the audit log's key. Required, and not the index key's file.</summary>
    public string? AuditKeyFile { get; set; }

    /// <summary>Creates the container and the table on first use when they do not exist (default). When false, a missing one is an error.</summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>How many times the SDK retries a request that failed transiently (5xx, 408, 429, a time-out or a dropped connection). Default 5.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The first retry's delay; later ones grow exponentially. Default 0.5 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between two tries. Default 10 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one try may take before it is abandoned and retried. Default 100 s (the SDK's).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The table the reuse index is kept in.</summary>
    public string ResolvedTableName => TableName ?? DefaultTableName(ContainerName, "index");

    /// <summary>The table the report ledger is kept in.</summary>
    public string ResolvedReportTableName => ReportTableName ?? DefaultTableName(ContainerName, "report");

    /// <summary>The table service, given or derived from the blob service; null when neither is known.</summary>
    public Uri? ResolvedTableServiceUri =>
        TableServiceUri ?? (BlobServiceUri is { } blob && blob.Host.Contains(".blob.", StringComparison.OrdinalIgnoreCase)
            ? new UriBuilder(blob) { Host = blob.Host.Replace(".blob.", ".table.", StringComparison.OrdinalIgnoreCase) }.Uri
            : null);

    /// <summary>Returns every problem with these options, empty when they are usable. No message holds the connection string.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        AddAccountProblems(problems);
        KeyFileProblem(nameof(IndexKeyFile), IndexKeyFile, "the index key, under which citizens are indexed", problems);
        KeyFileProblem(nameof(AuditKeyFile), AuditKeyFile, "the audit log's key", problems);
        if (IndexKeyFile is { Length: > 0 } index && AuditKeyFile is { Length: > 0 } audit
            && string.Equals(Path.GetFullPath(index), Path.GetFullPath(audit), StringComparison.Ordinal))
        {
            problems.Add($"{nameof(IndexKeyFile)} and {nameof(AuditKeyFile)} name the same file: use two different secrets.");
        }

        return problems;
    }

    /// <summary>
    /// The problems of everything but the keys: the account, the container, the table and the retry policy. What a client
    /// that never touches the index or the audit log (the batch queue, <c>sohoa submit</c>) needs.
    /// </summary>
    internal void AddAccountProblems(List<string> problems)
    {
        bool hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (BlobServiceUri is not null))
        {
            problems.Add($"Give either {nameof(ConnectionString)} or {nameof(BlobServiceUri)} (with a credential), not {(hasConnectionString ? "both" : "neither")}.");
        }
        else if (BlobServiceUri is not null && ResolvedTableServiceUri is null)
        {
            problems.Add($"{nameof(TableServiceUri)} is required when it cannot be derived from {nameof(BlobServiceUri)} (a host with '.blob.').");
        }

        if (!IsContainerName(ContainerName))
        {
            problems.Add($"{nameof(ContainerName)} '{ContainerName}' is not a blob container name: 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.");
        }

        if (!IsTableName(ResolvedTableName))
        {
            problems.Add($"{nameof(TableName)} '{ResolvedTableName}' is not a table name: 3-63 letters and digits, starting with a letter.");
        }

        if (!IsTableName(ResolvedReportTableName))
        {
            problems.Add($"{nameof(ReportTableName)} '{ResolvedReportTableName}' is not a table name: 3-63 letters and digits, starting with a letter.");
        }
        else if (string.Equals(ResolvedReportTableName, ResolvedTableName, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{nameof(ReportTableName)} and {nameof(TableName)} name the same table '{ResolvedTableName}': the report ledger keeps a table of its own.");
        }

        if (MaxRetries is < 0 or > 20)
        {
            problems.Add($"{nameof(MaxRetries)} must be from 0 to 20 (it is {MaxRetries}).");
        }

        if (RetryDelay <= TimeSpan.Zero || MaxRetryDelay < RetryDelay)
        {
            problems.Add($"{nameof(RetryDelay)} must be positive and at most {nameof(MaxRetryDelay)}.");
        }

        if (NetworkTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(NetworkTimeout)} must be positive.");
        }
    }

    /// <summary>Throws one <see cref="SoHoaException"/> listing every problem, when there are any.</summary>
    public void ThrowIfInvalid()
    {
        IReadOnlyList<string> problems = Validate();
        if (problems.Count > 0)
        {
            throw new SoHoaException(SoHoaErrorCode.Configuration,
                "The Azure store is not configured correctly:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        }
    }

    /// <summary>Sets the SDK's retry policy of a client from these options: exponential, with our counts and delays.</summary>
    internal void ApplyTo(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = MaxRetries;
        retry.Delay = RetryDelay;
        retry.MaxDelay = MaxRetryDelay;
        retry.NetworkTimeout = NetworkTimeout;
    }

    private static string DefaultTableName(string container, string suffix)
    {
        string letters = new((container ?? string.Empty).Where(char.IsAsciiLetterOrDigit).ToArray());
        return letters + suffix;
    }

    private static bool IsContainerName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && name[0] != '-' && name[^1] != '-'
        && !name.Contains("--", StringComparison.Ordinal);

    private static bool IsTableName(string name) =>
        name is { Length: >= 3 and <= 63 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit)
        && !string.Equals(name, "tables", StringComparison.OrdinalIgnoreCase);

    private static void KeyFileProblem(string option, string? path, string what, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Add($"{option} is required: the file holding {what}. Every worker of a deployment uses the same one, so the cloud store never makes its own.");
        }
        else if (!File.Exists(path))
        {
            problems.Add($"{option} '{path}' does not exist.");
        }
    }
}
