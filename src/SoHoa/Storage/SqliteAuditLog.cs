using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace SoHoa.Storage;

/// <summary>
/// The folder store's audit log: a table in its SQLite index whose rows are chained with <see cref="AuditChain"/> under
/// an audit key kept outside the database, and a head file (sequence and hash of the last entry) kept apart from it.
/// The database refuses updates and deletes. Whoever can write the database but holds neither the key nor the head
/// file cannot edit, reorder, remove or cut off entries unnoticed; whoever holds the key and both files can.
/// </summary>
public sealed class SqliteAuditLog : IAuditLog
{
    private readonly string _connectionString;
    private readonly HmacKey _key;
    private readonly string _headFile;
    private readonly TemporaryFiles _temporary;

    internal SqliteAuditLog(string connectionString, HmacKey key, string headFile, TemporaryFiles temporary)
    {
        _connectionString = connectionString;
        _key = key;
        _headFile = headFile;
        _temporary = temporary;
    }

    /// <inheritdoc/>
    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        AuditChain.CheckFields(entry);
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
            using SqliteCommand last = connection.CreateCommand();
            last.Transaction = transaction;
            last.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
            (long sequence, string previous) = (1, AuditChain.Genesis);
            using (SqliteDataReader reader = await last.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    (sequence, previous) = (reader.GetInt64(0) + 1, reader.GetString(1));
                }
            }

            string hash = AuditChain.Hash(_key, previous, sequence, entry);
            using SqliteCommand insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO audit (seq, at, actor, action, person_key, procedure_code, dossier_code, document_id, outcome, prev_hash, hash)
                VALUES ($seq, $at, $actor, $action, $person, $procedure, $dossier, $document, $outcome, $prev, $hash)
                """;
            insert.Parameters.AddWithValue("$seq", sequence);
            insert.Parameters.AddWithValue("$at", AuditChain.Time(entry.At));
            insert.Parameters.AddWithValue("$actor", entry.Actor);
            insert.Parameters.AddWithValue("$action", entry.Action);
            insert.Parameters.AddWithValue("$person", (object?)entry.PersonKey ?? DBNull.Value);
            insert.Parameters.AddWithValue("$procedure", (object?)entry.ProcedureCode ?? DBNull.Value);
            insert.Parameters.AddWithValue("$dossier", (object?)entry.DossierCode ?? DBNull.Value);
            insert.Parameters.AddWithValue("$document", (object?)entry.DocumentId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$outcome", entry.Outcome);
            insert.Parameters.AddWithValue("$prev", previous);
            insert.Parameters.AddWithValue("$hash", hash);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            WriteHead(sequence, hash);
            return new AuditRecord(sequence, entry, previous, hash);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new SoHoaException(SoHoaErrorCode.Storage, $"The audit log could not be written: {ex.Message}", isTransient: true, ex);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<AuditRecord> ReadAsync(DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, at, actor, action, person_key, procedure_code, dossier_code, document_id, outcome, prev_hash, hash FROM audit
            WHERE ($from IS NULL OR at >= $from) AND ($to IS NULL OR at <= $to) ORDER BY seq
            """;
        command.Parameters.AddWithValue("$from", from is { } f ? AuditChain.Time(f) : DBNull.Value);
        command.Parameters.AddWithValue("$to", to is { } t ? AuditChain.Time(t) : DBNull.Value);
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var entry = new AuditEntry(
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                reader.GetString(2), reader.GetString(3), Nullable(reader, 4), Nullable(reader, 5), Nullable(reader, 6), Nullable(reader, 7), reader.GetString(8));
            yield return new AuditRecord(reader.GetInt64(0), entry, reader.GetString(9), reader.GetString(10));
        }
    }

    /// <inheritdoc/>
    public async Task<AuditCheck> VerifyAsync(CancellationToken cancellationToken = default)
    {
        string previous = AuditChain.Genesis;
        long expected = 1;
        var hashes = new Dictionary<long, string>();
        await foreach (AuditRecord record in ReadAsync(null, null, cancellationToken).ConfigureAwait(false))
        {
            if (record.Sequence != expected)
            {
                return new AuditCheck(false, expected - 1, expected, $"Entry {expected} is missing: the next entry is {record.Sequence} (an entry was removed or the log reordered).");
            }

            if (record.PreviousHash != previous || AuditChain.Hash(_key, previous, record.Sequence, record.Entry) != record.Hash)
            {
                return new AuditCheck(false, expected - 1, record.Sequence, $"Entry {record.Sequence} does not check out: it was edited, moved, or written without the audit key.");
            }

            hashes[record.Sequence] = record.Hash;
            previous = record.Hash;
            expected++;
        }

        long count = expected - 1;
        if (ReadHead() is { } head)
        {
            if (head.Sequence > count)
            {
                return new AuditCheck(false, count, count + 1, $"The log ends at entry {count}, but its head says entry {head.Sequence} was written: entries were cut off the end.");
            }

            if (hashes.GetValueOrDefault(head.Sequence) != head.Hash)
            {
                return new AuditCheck(false, count, head.Sequence, $"Entry {head.Sequence} is not the one the head recorded: the log was rewritten.");
            }
        }
        else if (count > 0)
        {
            return new AuditCheck(false, count, null, $"The log holds {count} entries but its head file '{_headFile}' is missing: the end of the log cannot be vouched for.");
        }

        return new AuditCheck(true, count, null, $"{count} entries, chain intact.");
    }

    internal static void Migrate(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS audit (
                seq INTEGER PRIMARY KEY,
                at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, person_key TEXT,
                procedure_code TEXT, dossier_code TEXT, document_id TEXT, outcome TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_by_time ON audit (at);
            CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """;
        command.ExecuteNonQuery();
    }

    private static string? Nullable(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    /// <summary>Moves the head forward (never back: writers that commit in one order may get here in the other).</summary>
    private void WriteHead(long sequence, string hash)
    {
        if (ReadHead() is { } current && current.Sequence >= sequence)
        {
            return;
        }

        string temporary = _temporary.NewPath();
        File.WriteAllText(temporary, string.Create(CultureInfo.InvariantCulture, $"{sequence} {hash}\n"));
        File.Move(temporary, _headFile, overwrite: true);
    }

    private (long Sequence, string Hash)? ReadHead()
    {
        if (!File.Exists(_headFile))
        {
            return null;
        }

        string[] parts = File.ReadAllText(_headFile).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long sequence) ? (sequence, parts[1]) : (0, string.Empty);
    }
}
