using System.CommandLine;
using SoHoa.Azure.Storage;
using SoHoa.Signing.Verification;
using SoHoa.Storage;

namespace SoHoa.Cli;

/// <summary>The options every command that reads or writes the store shares, and how they open it.</summary>
internal sealed class CliStore
{
    /// <summary>The environment variable that names the store when --store is not given.</summary>
    public const string StoreVariable = "SOHOA_STORE";

    public Option<string?> Store { get; } = new("--store")
    {
        Description = $"The document store: a folder, or an Azure Storage connection string (UseDevelopmentStorage=true, AccountName=…, BlobEndpoint=…). Default: {StoreVariable}, else the store under the user's SoHoa data folder.",
    };

    public Option<string?> Container { get; } = new("--container")
    {
        Description = $"The blob container of an Azure store (default: {AzureStoreOptions.DefaultContainerName}); its reuse index is the table named after it (sohoa: sohoaindex).",
    };

    public Option<FileInfo?> IndexKey { get; } = new("--index-key")
    {
        Description = "The file holding the index key (HMAC secret) shared by every worker of the deployment: required for an Azure store; a folder store keeps its own by default.",
    };

    public Option<FileInfo?> AuditKey { get; } = new("--audit-key") { Description = "The file holding the audit log's key: required for an Azure store; a folder store keeps its own by default." };

    public void AddTo(Command command)
    {
        command.Options.Add(Store);
        command.Options.Add(Container);
        command.Options.Add(IndexKey);
        command.Options.Add(AuditKey);

        // An Azure store never makes keys of its own (every worker of a deployment must share them): a usage error before any work.
        command.Validators.Add(result =>
        {
            if (IsConnectionString(LocationOf(result.GetValue(Store))))
            {
                foreach ((Option<FileInfo?> option, string what) in new[] { (IndexKey, "index key"), (AuditKey, "audit key") })
                {
                    if (result.GetValue(option) is null)
                    {
                        result.AddError($"{option.Name} <file> is required with an Azure store: the {what} file every worker of the deployment shares (an Azure store never makes one).");
                    }
                }
            }
        });
    }

    /// <summary>Where the store is, as given (the option, else the environment, else the default folder).</summary>
    public string LocationOf(ParseResult parse) => LocationOf(parse.GetValue(Store));

    /// <summary>Where the store is, given <paramref name="given"/> as the option's value.</summary>
    public static string LocationOf(string? given) =>
        given ?? (Environment.GetEnvironmentVariable(StoreVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : CliEnvironment.DefaultStore);

    /// <summary>True when <paramref name="location"/> is an Azure Storage connection string rather than a folder.</summary>
    public static bool IsConnectionString(string location) =>
        location.StartsWith("UseDevelopmentStorage=", StringComparison.OrdinalIgnoreCase)
        || (location.Contains('=', StringComparison.Ordinal) && (location.Contains("AccountName=", StringComparison.OrdinalIgnoreCase) || location.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Opens the store; <paramref name="mustExist"/> refuses a folder that is not there yet (for commands that only read).
    /// A connection string never reaches a message: it may hold an account key.
    /// </summary>
    public IDocumentStore Open(ParseResult parse, bool mustExist)
    {
        string location = LocationOf(parse);
        if (IsConnectionString(location))
        {
            // Read-only commands do not make the container and table: a store that is not there is an error.
            AzureStoreOptions options = AzureOptions(parse);
            options.IndexKeyFile = parse.GetValue(IndexKey)?.FullName;
            options.AuditKeyFile = parse.GetValue(AuditKey)?.FullName;
            options.CreateIfMissing = !mustExist;
            return AzureDocumentStore.Open(options);
        }

        HmacKey? indexKey = parse.GetValue(IndexKey) is { } indexFile ? HmacKey.FromFile(indexFile.FullName) : null;
        HmacKey? auditKey = parse.GetValue(AuditKey) is { } auditFile ? HmacKey.FromFile(auditFile.FullName) : null;
        if (mustExist && !Directory.Exists(location))
        {
            throw new SoHoaException(SoHoaErrorCode.Storage, $"There is no document store at '{location}'.");
        }

        return FolderDocumentStore.Open(location, indexKey, auditKey);
    }

    /// <summary>The Azure account and container named by --store (a connection string) and --container, without keys (the batch queue needs none).</summary>
    public AzureStoreOptions AzureOptions(ParseResult parse) => new()
    {
        ConnectionString = LocationOf(parse),
        ContainerName = parse.GetValue(Container) ?? AzureStoreOptions.DefaultContainerName,
    };

    /// <summary>A verifier trusting the anchors in <paramref name="trust"/>.</summary>
    public static PdfSignatureVerifier Verifier(IEnumerable<FileInfo> trust)
    {
        var options = new SignatureVerifierOptions();
        foreach (FileInfo anchor in trust)
        {
            options.Trust(anchor.FullName);
        }

        return new PdfSignatureVerifier(options);
    }
}
