using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using SoHoa.Batches;
using SoHoa.Identifiers;
using SoHoa.Storage.FullText;

namespace SoHoa.Storage;

/// <summary>
/// The embedded store: files at their <see cref="DocumentPaths"/> under a folder, and a SQLite index (<c>index.db</c>)
/// keyed by HMAC-SHA256(index key, personal ID), never by the ID itself. Files are written to a temporary name and moved
/// into place only if nothing is there yet, so a stored file is never replaced.
/// <para>
/// The index key and the audit key are read from files named when the store is opened; when none are named the store
/// makes its own under <c>.sohoa/</c> (back them up: without the index key no citizen's documents can be found). The
/// audit log's head is kept in <c>.sohoa/audit.head</c>, beside the keys and apart from the database. Files are written
/// under <c>.sohoa/tmp/</c> first and renamed into place, so a process killed in the middle of a write leaves nothing in
/// the document tree; what it left under <c>.sohoa/tmp/</c> is removed the next time the store is opened.
/// </para>
/// </summary>
public sealed class FolderDocumentStore : IDocumentStore
{
    private const string IndexFile = "index.db";
    private readonly string _root;
    private readonly string _connectionString;
    private readonly HmacKey _indexKey;

    private readonly TemporaryFiles _temporary;

    private FolderDocumentStore(string root, HmacKey indexKey, HmacKey auditKey)
    {
        _root = root;
        _indexKey = indexKey;
        _temporary = TemporaryFiles.Open(Path.Combine(root, ".sohoa", "tmp"));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(root, IndexFile),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        AuditLog = new SqliteAuditLog(_connectionString, auditKey, Path.Combine(root, ".sohoa", "audit.head"), _temporary);
        FullText = new FullTextIndex(_connectionString, indexKey, FullPath);
    }

    /// <summary>The store's root folder.</summary>
    public string Root => _root;

    /// <inheritdoc/>
    public string Location => _root;

    /// <inheritdoc/>
    public IAuditLog AuditLog { get; }

    /// <summary>The full-text index of the stored pages' text, filled as documents are stored (search goes through <c>SoHoa.Search.DocumentSearch</c>).</summary>
    internal FullTextIndex FullText { get; }

    /// <summary>
    /// Opens (creating when needed) the store in <paramref name="root"/>; done once at startup. <paramref name="indexKey"/>
    /// and <paramref name="auditKey"/> default to keys the store keeps in its <c>.sohoa/</c> folder.
    /// </summary>
    public static FolderDocumentStore Open(string root, HmacKey? indexKey = null, HmacKey? auditKey = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        root = Path.GetFullPath(root);
        try
        {
            Directory.CreateDirectory(Path.Combine(root, ".sohoa"));
            indexKey ??= HmacKey.LoadOrCreate(Path.Combine(root, ".sohoa", "index.key"));
            auditKey ??= HmacKey.LoadOrCreate(Path.Combine(root, ".sohoa", "audit.key"));
            var store = new FolderDocumentStore(root, indexKey, auditKey);
            store.Migrate();
            return store;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new SoHoaException(SoHoaErrorCode.Storage, $"The document store at '{root}' cannot be opened: {ex.Message}", isTransient: ex is IOException, ex);
        }
    }

    /// <inheritdoc/>
    public string PersonKey(PersonalId owner) => _indexKey.PersonKey(owner);

    /// <inheritdoc/>
    public async Task<StoredDocument?> GetAsync(string documentId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<StoredDocument> found = await QueryAsync("document_id = $key", documentId, null, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The stored documents with these ids, in one query (those not stored are left out), in no set order.</summary>
    internal Task<IReadOnlyList<StoredDocument>> GetManyAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken = default) =>
        QueryAsync("document_id IN (SELECT value FROM json_each($key))", System.Text.Json.JsonSerializer.Serialize(documentIds), null, cancellationToken);

    /// <inheritdoc/>
    public async Task<StoreOutcome> StoreAsync(StoredDocument document, PersonalId owner, ReadOnlyMemory<byte> pdf, ReadOnlyMemory<byte> sidecar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (await GetAsync(document.DocumentId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return SameOrConflict(existing, document.PdfSha256);
        }

        try
        {
            // Files first, the index entry last: a crash leaves files without an entry, never an entry without its files.
            // A PDF already at the path with no entry is what such a crash left (or a writer racing this one): it is
            // adopted as it is, and the entry describes it, so nothing stored is ever replaced.
            // The pages' text is indexed from the sidecar that is on disk, which is the adopted one after such a crash.
            string pdfSha256 = await CreateOrKeepAsync(document.PdfPath, pdf, cancellationToken).ConfigureAwait(false);
            string sidecarSha256 = await CreateOrKeepAsync(document.SidecarPath, sidecar, cancellationToken).ConfigureAwait(false);
            ReadOnlyMemory<byte> storedSidecar = sidecarSha256 == Convert.ToHexStringLower(SHA256.HashData(sidecar.Span))
                ? sidecar
                : await File.ReadAllBytesAsync(FullPath(document.SidecarPath), cancellationToken).ConfigureAwait(false);
            StoreOutcome outcome = await InsertAsync(document with { PdfSha256 = pdfSha256 }, owner, storedSidecar, cancellationToken).ConfigureAwait(false);
            return pdfSha256 == document.PdfSha256 ? outcome : StoreOutcome.AlreadyStored;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new SoHoaException(SoHoaErrorCode.Storage, $"Document {document.DocumentId} could not be stored: {ex.Message}", isTransient: true, ex);
        }
    }

    /// <inheritdoc/>
    public async Task<StoreOutcome> LinkAsync(StoredDocument link, PersonalId owner, ReadOnlyMemory<byte> sidecar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (link.ReusedFrom is null)
        {
            throw new ArgumentException("A link names the document it reuses (ReusedFrom).", nameof(link));
        }

        if (await GetAsync(link.DocumentId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return SameOrConflict(existing, link.PdfSha256);
        }

        try
        {
            await CreateOrKeepAsync(link.SidecarPath, sidecar, cancellationToken).ConfigureAwait(false);
            return await InsertAsync(link, owner, sidecar, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new SoHoaException(SoHoaErrorCode.Storage, $"The reuse of {link.ReusedFrom} as {link.DocumentId} could not be recorded: {ex.Message}", isTransient: true, ex);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredDocument>> FindAsync(PersonalId owner, string? kind, CancellationToken cancellationToken = default) =>
        QueryAsync("person_key = $key AND ($kind IS NULL OR kind = $kind)", PersonKey(owner), kind, cancellationToken);

    /// <inheritdoc/>
    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        string full = FullPath(path);
        try
        {
            return Task.FromResult<Stream>(new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SoHoaException(SoHoaErrorCode.Storage, $"The stored file '{path}' cannot be read: {ex.Message}", isTransient: ex is not (FileNotFoundException or DirectoryNotFoundException), ex);
        }
    }

    /// <inheritdoc/>
    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        string full = FullPath(path);
        try
        {
            string temporary = await WriteTemporaryAsync(full, content, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SoHoaException(SoHoaErrorCode.Storage, $"'{path}' could not be written to the store: {ex.Message}", isTransient: true, ex);
        }
    }

    /// <summary>The full path of a store path inside this folder; a path that would leave the folder is refused.</summary>
    public string FullPath(string path)
    {
        string full = Path.GetFullPath(Path.Combine(_root, path));
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException($"The store path '{path}' leaves the store.", nameof(path));
    }

    private static StoreOutcome SameOrConflict(StoredDocument existing, string pdfSha256) =>
        existing.PdfSha256 == pdfSha256
            ? StoreOutcome.AlreadyStored
            : throw new SoHoaException(SoHoaErrorCode.Storage,
                $"Document {existing.DocumentId} is already stored with another PDF (SHA-256 {existing.PdfSha256[..12]}…, not {pdfSha256[..12]}…), probably signed by another worker at the same time; the stored one is kept.");

    /// <summary>Writes <paramref name="content"/> at <paramref name="path"/> unless a file is there already; returns the SHA-256 of what is there afterwards.</summary>
    private async Task<string> CreateOrKeepAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        string full = FullPath(path);
        string temporary = await WriteTemporaryAsync(full, content, cancellationToken).ConfigureAwait(false);
        try
        {
            return ExclusiveFile.TryPlace(temporary, full)
                ? Convert.ToHexStringLower(SHA256.HashData(content.Span))
                : Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false)));
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task<string> WriteTemporaryAsync(string full, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = _temporary.NewPath();
        using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        stream.Flush(flushToDisk: true);
        return temporary;
    }

    /// <summary>Writes the index row and indexes the pages' text from <paramref name="sidecar"/>, in one transaction.</summary>
    private async Task<StoreOutcome> InsertAsync(StoredDocument document, PersonalId owner, ReadOnlyMemory<byte> sidecar, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR IGNORE INTO documents (document_id, person_key, agency_code, dossier_code, procedure_code, kind, role,
                document_number, issued_on, valid_until, pdf_path, sidecar_path, pdf_sha256, page_count, batch_id, stored_at, signature_level, reused_from,
                paper_review)
            VALUES ($id, $person, $agency, $dossier, $procedure, $kind, $role, $number, $issued, $valid, $pdf, $sidecar, $sha, $pages, $batch, $at, $level, $reused,
                $review)
            """;
        command.Parameters.AddWithValue("$id", document.DocumentId);
        command.Parameters.AddWithValue("$person", PersonKey(owner));
        command.Parameters.AddWithValue("$agency", document.AgencyCode);
        command.Parameters.AddWithValue("$dossier", document.DossierCode);
        command.Parameters.AddWithValue("$procedure", document.ProcedureCode);
        command.Parameters.AddWithValue("$kind", document.Kind);
        command.Parameters.AddWithValue("$role", DocumentRoles.NameOf(document.Role));
        command.Parameters.AddWithValue("$number", (object?)document.DocumentNumber ?? DBNull.Value);
        command.Parameters.AddWithValue("$issued", (object?)document.IssuedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? DBNull.Value);
        command.Parameters.AddWithValue("$valid", (object?)document.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? DBNull.Value);
        command.Parameters.AddWithValue("$pdf", document.PdfPath);
        command.Parameters.AddWithValue("$sidecar", document.SidecarPath);
        command.Parameters.AddWithValue("$sha", document.PdfSha256);
        command.Parameters.AddWithValue("$pages", document.PageCount);
        command.Parameters.AddWithValue("$batch", document.BatchId);
        command.Parameters.AddWithValue("$at", document.StoredAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$level", (object?)document.SignatureLevel ?? DBNull.Value);
        command.Parameters.AddWithValue("$reused", (object?)document.ReusedFrom ?? DBNull.Value);
        command.Parameters.AddWithValue("$review", (object?)document.PaperReview ?? DBNull.Value);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            await FullText.IndexAsync(connection, transaction, document.DocumentId, sidecar, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return StoreOutcome.Stored;
        }

        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);

        // Another writer indexed the same id between our check and our insert.
        StoredDocument winner = await GetAsync(document.DocumentId, cancellationToken).ConfigureAwait(false)
            ?? throw new SoHoaException(SoHoaErrorCode.Storage, $"Document {document.DocumentId} could not be indexed.", isTransient: true);
        return SameOrConflict(winner, document.PdfSha256);
    }

    private async Task<IReadOnlyList<StoredDocument>> QueryAsync(string where, string key, string? kind, CancellationToken cancellationToken)
    {
        using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT document_id, agency_code, dossier_code, procedure_code, kind, role, document_number, issued_on, valid_until,
                   pdf_path, sidecar_path, pdf_sha256, page_count, batch_id, stored_at, person_key, signature_level, reused_from, paper_review
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
                DocumentRoles.FromName(reader.GetString(5)) ?? DocumentRole.Result,
                Text(reader, 6),
                Text(reader, 7) is { } issued ? DateOnly.ParseExact(issued, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                Text(reader, 8) is { } valid ? DateOnly.ParseExact(valid, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                reader.GetString(9),
                reader.GetString(10),
                reader.GetString(11),
                reader.GetInt32(12),
                reader.GetString(13),
                DateTimeOffset.Parse(reader.GetString(14), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))
            {
                OwnerKey = reader.GetString(15),
                SignatureLevel = Text(reader, 16),
                ReusedFrom = Text(reader, 17),
                PaperReview = Text(reader, 18),
            });
        }

        return found;
    }

    private static string? Text(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

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
                stored_at TEXT NOT NULL,
                signature_level TEXT,
                reused_from TEXT,
                paper_review TEXT);
            CREATE INDEX IF NOT EXISTS documents_by_person ON documents (person_key, kind);
            CREATE INDEX IF NOT EXISTS documents_by_agency ON documents (agency_code, dossier_code);
            """;
        command.ExecuteNonQuery();

        // Stores made before these columns and before the keyed audit chain: add the columns, and set the unkeyed log aside.
        AddColumnIfMissing(connection, "documents", "signature_level");
        AddColumnIfMissing(connection, "documents", "reused_from");
        AddColumnIfMissing(connection, "documents", "paper_review");
        if (Columns(connection, "audit").Count > 0 && !Columns(connection, "audit").Contains("document_id"))
        {
            using SqliteCommand rename = connection.CreateCommand();
            rename.CommandText = "ALTER TABLE audit RENAME TO audit_unkeyed_v0";
            rename.ExecuteNonQuery();
        }

        SqliteAuditLog.Migrate(connection);
        FullTextIndex.Migrate(connection);
    }

    private static void AddColumnIfMissing(SqliteConnection connection, string table, string column)
    {
        if (!Columns(connection, table).Contains(column))
        {
            using SqliteCommand alter = connection.CreateCommand();
            alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} TEXT";
            alter.ExecuteNonQuery();
        }
    }

    private static HashSet<string> Columns(SqliteConnection connection, string table)
    {
        using SqliteCommand info = connection.CreateCommand();
        info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using SqliteDataReader reader = info.ExecuteReader();
        var columns = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }
}
