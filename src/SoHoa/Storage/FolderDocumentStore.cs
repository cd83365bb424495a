using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using SoHoa.Batches;
using SoHoa.Identifiers;

namespace SoHoa.Storage;

/// <summary>
/// The embedded store: files under <c>{agency}/{yyyy}/{MM}/{dossier code}/{document id}.pdf|.json</c> in a folder,
/// and a SQLite index (<c>index.db</c>) keyed by HMAC-SHA256(index secret, personal ID), never by the ID itself.
/// </summary>
public sealed class FolderDocumentStore : IDocumentStore
{
    private const string IndexFile = "index.db";
    private const string SecretFile = ".sohoa/index.key";
    private readonly string _root;
    private readonly string _connectionString;
    private readonly byte[] _indexSecret;

    private FolderDocumentStore(string root, byte[] indexSecret)
    {
        _root = root;
        _indexSecret = indexSecret;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(root, IndexFile),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        AuditLog = new AuditLog(_connectionString);
    }

    /// <summary>The store's root folder.</summary>
    public string Root => _root;

    /// <summary>The append-only, hash-chained log of every read for reuse.</summary>
    public AuditLog AuditLog { get; }

    /// <summary>Opens (creating when needed) the store in <paramref name="root"/>; done once at startup.</summary>
    public static FolderDocumentStore Open(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        root = Path.GetFullPath(root);
        try
        {
            Directory.CreateDirectory(root);
            byte[] secret = LoadOrCreateSecret(Path.Combine(root, SecretFile));
            var store = new FolderDocumentStore(root, secret);
            store.Migrate();
            return store;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new SoHoaException(SoHoaErrorCode.Storage, $"The document store at '{root}' cannot be opened: {ex.Message}", isTransient: ex is IOException, ex);
        }
    }

    /// <summary>The index key of a citizen: HMAC-SHA256 under this store's secret, lower-case hex.</summary>
    public string PersonKey(PersonalId owner) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_indexSecret, Encoding.ASCII.GetBytes(owner.Value)));

    /// <inheritdoc/>
    public async Task<StoredDocument?> GetAsync(string documentId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<StoredDocument> found = await QueryAsync("document_id = $key", documentId, null, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc/>
    public async Task<StoreOutcome> StoreAsync(StoredDocument document, PersonalId owner, ReadOnlyMemory<byte> pdf, ReadOnlyMemory<byte> sidecar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (await GetAsync(document.DocumentId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return StoreOutcome.AlreadyStored;
        }

        try
        {
            // Files first, each written to a temporary name and renamed; the index row last, so a crash leaves no row without its files.
            await WriteAtomicallyAsync(Path.Combine(_root, document.PdfPath), pdf, cancellationToken).ConfigureAwait(false);
            await WriteAtomicallyAsync(Path.Combine(_root, document.SidecarPath), sidecar, cancellationToken).ConfigureAwait(false);
            using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                INSERT OR IGNORE INTO documents (document_id, person_key, agency_code, dossier_code, procedure_code, kind, role,
                    document_number, issued_on, valid_until, pdf_path, sidecar_path, pdf_sha256, page_count, batch_id, stored_at)
                VALUES ($id, $person, $agency, $dossier, $procedure, $kind, $role, $number, $issued, $valid, $pdf, $sidecar, $sha, $pages, $batch, $at)
                """;
            command.Parameters.AddWithValue("$id", document.DocumentId);
            command.Parameters.AddWithValue("$person", PersonKey(owner));
            command.Parameters.AddWithValue("$agency", document.AgencyCode);
            command.Parameters.AddWithValue("$dossier", document.DossierCode);
            command.Parameters.AddWithValue("$procedure", document.ProcedureCode);
            command.Parameters.AddWithValue("$kind", document.Kind);
            command.Parameters.AddWithValue("$role", document.Role == DocumentRole.Input ? "input" : "result");
            command.Parameters.AddWithValue("$number", (object?)document.DocumentNumber ?? DBNull.Value);
            command.Parameters.AddWithValue("$issued", (object?)document.IssuedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? DBNull.Value);
            command.Parameters.AddWithValue("$valid", (object?)document.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? DBNull.Value);
            command.Parameters.AddWithValue("$pdf", document.PdfPath);
            command.Parameters.AddWithValue("$sidecar", document.SidecarPath);
            command.Parameters.AddWithValue("$sha", document.PdfSha256);
            command.Parameters.AddWithValue("$pages", document.PageCount);
            command.Parameters.AddWithValue("$batch", document.BatchId);
            command.Parameters.AddWithValue("$at", document.StoredAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            int rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return rows == 1 ? StoreOutcome.Stored : StoreOutcome.AlreadyStored;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new SoHoaException(SoHoaErrorCode.Storage, $"Document {document.DocumentId} could not be stored: {ex.Message}", isTransient: true, ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredDocument>> FindAsync(PersonalId owner, string? kind, CancellationToken cancellationToken = default) =>
        QueryAsync("person_key = $key AND ($kind IS NULL OR kind = $kind)", PersonKey(owner), kind, cancellationToken);

    private async Task<IReadOnlyList<StoredDocument>> QueryAsync(string where, string key, string? kind, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT document_id, agency_code, dossier_code, procedure_code, kind, role, document_number, issued_on, valid_until,
                   pdf_path, sidecar_path, pdf_sha256, page_count, batch_id, stored_at
            FROM documents WHERE {where}
            ORDER BY stored_at DESC, dossier_code, document_id
            """;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$kind", (object?)kind ?? DBNull.Value);
        var found = new List<StoredDocument>();
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(new StoredDocument(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5) == "input" ? DocumentRole.Input : DocumentRole.Result,
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : DateOnly.ParseExact(reader.GetString(7), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                reader.IsDBNull(8) ? null : DateOnly.ParseExact(reader.GetString(8), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                reader.GetString(9),
                reader.GetString(10),
                reader.GetString(11),
                reader.GetInt32(12),
                reader.GetString(13),
                DateTimeOffset.Parse(reader.GetString(14), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        }

        return found;
    }

    /// <inheritdoc/>
    public Task<byte[]> ReadPdfAsync(StoredDocument document, CancellationToken cancellationToken = default) =>
        File.ReadAllBytesAsync(Path.Combine(_root, document.PdfPath), cancellationToken);

    /// <inheritdoc/>
    public string? LocalPath(string relativePath) => Path.Combine(_root, relativePath);

    /// <summary>The store path of a document: <c>{agency}/{yyyy}/{MM}/{dossier code}/{document id}</c> plus <paramref name="extension"/>.</summary>
    public static string PathOf(string agencyCode, DateOnly receivedOn, string dossierCode, string documentId, string extension) =>
        string.Join('/', agencyCode, receivedOn.ToString("yyyy", CultureInfo.InvariantCulture), receivedOn.ToString("MM", CultureInfo.InvariantCulture), dossierCode, documentId + extension);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private void Migrate()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS documents (
                document_id TEXT PRIMARY KEY,
                person_key TEXT NOT NULL,
                agency_code TEXT NOT NULL,
                dossier_code TEXT NOT NULL,
                procedure_code TEXT NOT NULL,
                kind TEXT NOT NULL,
                role TEXT NOT NULL,
                document_number TEXT,
                issued_on TEXT,
                valid_until TEXT,
                pdf_path TEXT NOT NULL,
                sidecar_path TEXT NOT NULL,
                pdf_sha256 TEXT NOT NULL,
                page_count INTEGER NOT NULL,
                batch_id TEXT NOT NULL,
                stored_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS documents_by_person ON documents (person_key, kind);
            CREATE INDEX IF NOT EXISTS documents_by_agency ON documents (agency_code, dossier_code);
            """;
        command.ExecuteNonQuery();
        AuditLog.Migrate(connection);
    }

    private static async Task WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static byte[] LoadOrCreateSecret(string path)
    {
        if (File.Exists(path))
        {
            byte[] existing = File.ReadAllBytes(path);
            return existing.Length >= 32
                ? existing
                : throw new SoHoaException(SoHoaErrorCode.Storage, $"The index secret '{path}' is damaged (fewer than 32 bytes); restore it from backup: without it no citizen's documents can be found.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            stream.Write(secret);
        }

        return secret;
    }
}
