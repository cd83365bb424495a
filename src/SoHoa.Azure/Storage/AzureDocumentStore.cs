using System.Security.Cryptography;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SoHoa.Azure.Reporting;
using SoHoa.Identifiers;
using SoHoa.Reporting;
using SoHoa.Storage;

namespace SoHoa.Azure.Storage;

/// <summary>
/// The scale-out store on Azure Storage (Azurite locally): PDFs, sidecars and batch results as block blobs at their
/// <see cref="DocumentPaths"/> in one container, the audit log as daily append blobs in the same container
/// (<see cref="AzureAuditLog"/>), and the reuse index in a table (see <see cref="IndexEntities"/>). Thread-safe; any
/// number of instances, in any number of processes on any number of machines, may share one account without a lock.
/// <para>
/// Every document blob is written with a conditional create (<c>If-None-Match: *</c>), so two workers racing on one
/// document store it once and nothing stored is ever replaced. The blobs go first and the index rows after them (the
/// citizen's row, then the id row, which is what <see cref="GetAsync"/> reads): a crash between them leaves blobs
/// without rows, never a row without its blob, and the next store of the same document finds the blob, keeps it as it
/// is, and writes the rows that describe it.
/// </para>
/// <para>
/// The digitization report's ledger is a table of its own (<see cref="AzureStoreOptions.ResolvedReportTableName"/>, see
/// <see cref="AzureReportLedger"/>), made with the other resources, or on the ledger's first use for a store made before
/// it existed.
/// </para>
/// </summary>
public sealed class AzureDocumentStore : IDocumentStore, IReportLedgerStore
{
    private const string PdfContentType = "application/pdf";
    private const string JsonContentType = "application/json";
    private readonly BlobContainerClient _container;
    private readonly TableClient _table;
    private readonly TableClient _reportTable;
    private readonly HmacKey _indexKey;
    private readonly ILogger _logger;
    private readonly AzureStoreReadiness _readiness;
    private readonly AzureDocumentIndex _index;

    /// <summary>
    /// A store over clients made elsewhere (such as by <c>AddSoHoaAzureStore</c> through Microsoft.Extensions.Azure), in
    /// the container and table named by <paramref name="options"/>. Does no I/O: the container and table are checked (and
    /// made, when <see cref="AzureStoreOptions.CreateIfMissing"/>) on first use.
    /// </summary>
    public AzureDocumentStore(BlobServiceClient blobs, TableServiceClient tables, AzureStoreOptions options, HmacKey indexKey, HmacKey auditKey, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        _indexKey = indexKey ?? throw new ArgumentNullException(nameof(indexKey));
        ArgumentNullException.ThrowIfNull(auditKey);
        _container = blobs.GetBlobContainerClient(options.ContainerName);
        _table = tables.GetTableClient(options.ResolvedTableName);
        _reportTable = tables.GetTableClient(options.ResolvedReportTableName);
        _logger = (ILogger?)loggerFactory?.CreateLogger<AzureDocumentStore>() ?? NullLogger.Instance;
        _index = new AzureDocumentIndex(_table, _logger);
        AuditLog = new AzureAuditLog(_container, auditKey, EnsureReadyAsync, (ILogger?)loggerFactory?.CreateLogger<AzureAuditLog>() ?? NullLogger.Instance,
            options.AuditEntriesPerBlob);

        // The container's address without any query (a SAS would be there): where the store is, for messages.
        Location = _container.Uri.GetLeftPart(UriPartial.Path);
        _readiness = new AzureStoreReadiness(_container, tables, _table, _reportTable, options.CreateIfMissing, Location);
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public IAuditLog AuditLog { get; }

    /// <summary>
    /// Opens the store <paramref name="options"/> describe: validates them (every problem at once), reads both key files,
    /// and makes the SDK clients with the configured retry policy, from the connection string or from the service URIs
    /// with <see cref="AzureStoreOptions.Credential"/> (DefaultAzureCredential when none). Does no I/O on the service yet.
    /// </summary>
    public static AzureDocumentStore Open(AzureStoreOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        HmacKey indexKey = HmacKey.FromFile(options.IndexKeyFile!);
        HmacKey auditKey = HmacKey.FromFile(options.AuditKeyFile!);
        TokenCredential? credential = options.ConnectionString is { Length: > 0 } ? null : options.Credential ?? new DefaultAzureCredential();
        return new AzureDocumentStore(
            BlobClientFor(options, new BlobClientOptions(), credential), TableClientFor(options, new TableClientOptions(), credential), options, indexKey, auditKey, loggerFactory);
    }

    /// <summary>Checks that the container and table exist, making them when <see cref="AzureStoreOptions.CreateIfMissing"/>; done once, on first use otherwise.</summary>
    public Task EnsureReadyAsync(CancellationToken cancellationToken = default) => _readiness.EnsureReadyAsync(cancellationToken);

    /// <summary>The store's report ledger, in its own table (see <see cref="AzureReportLedger"/>).</summary>
    public IReportLedger OpenReportLedger() => new AzureReportLedger(_reportTable, _readiness.EnsureLedgerReadyAsync);

    /// <inheritdoc/>
    public string PersonKey(PersonalId owner) => _indexKey.PersonKey(owner);

    /// <inheritdoc/>
    public async Task<StoredDocument?> GetAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        if (!IndexEntities.IsValidKey(documentId))
        {
            return null;
        }

        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await _index.GetRowAsync(IndexEntities.ByIdPartition(documentId), documentId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<StoreOutcome> StoreAsync(StoredDocument document, PersonalId owner, ReadOnlyMemory<byte> pdf, ReadOnlyMemory<byte> sidecar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        CheckDocumentId(document.DocumentId);
        string personKey = PersonKey(owner);
        if (await GetAsync(document.DocumentId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return _index.SameOrConflict(existing, document.PdfSha256);
        }

        // Blobs first, the rows last. A PDF already at the path with no row is what a crash left (or a writer racing this
        // one): it is adopted as it is and the rows describe it, so nothing stored is ever replaced.
        string pdfSha256 = await CreateOrKeepAsync(document.PdfPath, pdf, PdfContentType, cancellationToken).ConfigureAwait(false);
        await CreateOrKeepAsync(document.SidecarPath, sidecar, JsonContentType, cancellationToken).ConfigureAwait(false);
        if (pdfSha256 != document.PdfSha256)
        {
            AzureLog.BlobAdopted(_logger, document.DocumentId);
        }

        StoreOutcome outcome = await _index.IndexAsync(document with { PdfSha256 = pdfSha256, OwnerKey = personKey }, cancellationToken).ConfigureAwait(false);
        AzureLog.DocumentStored(_logger, document.DocumentId, document.PdfPath);
        return pdfSha256 == document.PdfSha256 ? outcome : StoreOutcome.AlreadyStored;
    }

    /// <inheritdoc/>
    public async Task<StoreOutcome> LinkAsync(StoredDocument link, PersonalId owner, ReadOnlyMemory<byte> sidecar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (link.ReusedFrom is null)
        {
            throw new ArgumentException("A link names the document it reuses (ReusedFrom).", nameof(link));
        }

        CheckDocumentId(link.DocumentId);
        if (await GetAsync(link.DocumentId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return _index.SameOrConflict(existing, link.PdfSha256);
        }

        await CreateOrKeepAsync(link.SidecarPath, sidecar, JsonContentType, cancellationToken).ConfigureAwait(false);
        return await _index.IndexAsync(link with { OwnerKey = PersonKey(owner) }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredDocument>> FindAsync(PersonalId owner, string? kind, CancellationToken cancellationToken = default)
    {
        string personKey = PersonKey(owner);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        string filter = kind is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {personKey}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {personKey} and Kind eq {kind}");
        var found = new List<StoredDocument>();
        try
        {
            await foreach (TableEntity entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                found.Add(IndexEntities.FromEntity(entity));
            }
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, "A citizen's documents could not be listed from the index");
        }

        return found
            .OrderByDescending(d => d.StoredAt)
            .ThenBy(d => d.DossierCode, StringComparer.Ordinal)
            .ThenBy(d => d.DocumentId, StringComparer.Ordinal)
            .ToArray();
    }

    /// <inheritdoc/>
    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        BlobClient blob = _container.GetBlobClient(BlobName(path));
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Response<BlobDownloadStreamingResult> download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new SoHoaException(SoHoaErrorCode.Storage, $"The stored file '{path}' is not in the container: the storage service answered 404 {ex.ErrorCode}.", isTransient: false, ex);
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"The stored file '{path}' cannot be read");
        }
    }

    /// <inheritdoc/>
    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        string name = BlobName(path);
        if (name.StartsWith(AzureAuditLog.Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The store path '{path}' is the audit log's: it is written only by appending entries.", nameof(path));
        }

        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _container.GetBlobClient(name).UploadAsync(new BinaryData(content),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = ContentTypeOf(name) } }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"'{path}' could not be written to the store");
        }
    }

    /// <summary>The blob name of a store path; a path that is not a plain relative path ('..', '\', an empty segment) is refused.</summary>
    internal static string BlobName(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string[] segments = path.Split('/');
        return path.Contains('\\', StringComparison.Ordinal) || segments.Any(s => s.Length == 0 || s is "." or "..") || path.Length > 1024
            ? throw new ArgumentException($"The store path '{path}' is not a plain relative path inside the store.", nameof(path))
            : path;
    }

    /// <summary>The blob service client <paramref name="options"/> describe, with their retry policy; <paramref name="credential"/> is used only with a service URI.</summary>
    internal static BlobServiceClient BlobClientFor(AzureStoreOptions options, BlobClientOptions clientOptions, TokenCredential? credential)
    {
        options.ApplyTo(clientOptions.Retry);
        return options.ConnectionString is { Length: > 0 } connectionString
            ? FromConnectionString(() => new BlobServiceClient(connectionString, clientOptions))
            : new BlobServiceClient(options.BlobServiceUri, credential ?? options.Credential ?? new DefaultAzureCredential(), clientOptions);
    }

    /// <summary>The table service client <paramref name="options"/> describe, with their retry policy; <paramref name="credential"/> is used only with a service URI.</summary>
    internal static TableServiceClient TableClientFor(AzureStoreOptions options, TableClientOptions clientOptions, TokenCredential? credential)
    {
        options.ApplyTo(clientOptions.Retry);
        return options.ConnectionString is { Length: > 0 } connectionString
            ? FromConnectionString(() => new TableServiceClient(connectionString, clientOptions))
            : new TableServiceClient(options.ResolvedTableServiceUri, credential ?? options.Credential ?? new DefaultAzureCredential(), clientOptions);
    }

    private static T FromConnectionString<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // Neither the string nor the SDK's words about it are repeated: they may hold the account key.
            throw new SoHoaException(SoHoaErrorCode.Configuration,
                "The connection string is not a usable Azure Storage connection string (it needs UseDevelopmentStorage=true, AccountName and AccountKey, or BlobEndpoint and TableEndpoint).");
        }
    }

    private static string ContentTypeOf(string name) =>
        name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? PdfContentType
        : name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? JsonContentType
        : "application/octet-stream";

    private static void CheckDocumentId(string documentId)
    {
        if (!IndexEntities.IsValidKey(documentId))
        {
            throw new ArgumentException($"The document id '{documentId}' cannot be a table key (1-255 characters, none of '/', '\\', '#', '?').", nameof(documentId));
        }
    }

    /// <summary>Writes <paramref name="content"/> at <paramref name="path"/> unless a blob is there already; returns the SHA-256 of what is there afterwards.</summary>
    private async Task<string> CreateOrKeepAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        BlobClient blob = _container.GetBlobClient(BlobName(path));
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["sha256"] = sha256 },
        };
        try
        {
            await blob.UploadAsync(new BinaryData(content), options, cancellationToken).ConfigureAwait(false);
            return sha256;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Already there: a crash before its row, a racing writer, or our own upload whose answer was lost and retried.
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"'{path}' could not be written to the store");
        }

        try
        {
            Response<BlobDownloadResult> existing = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(SHA256.HashData(existing.Value.Content.ToMemory().Span));
        }
        catch (Exception ex) when (StorageFailures.IsFailure(ex, cancellationToken))
        {
            throw StorageFailures.Map(ex, $"'{path}', already in the store, could not be read back");
        }
    }
}
