using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace SoHoa.Storage;

/// <summary>One line of the audit log: who read what, for which procedure and dossier, when, and with what outcome.</summary>
/// <param name="At">When.</param>
/// <param name="Actor">Who (an officer or a system).</param>
/// <param name="Action">What was done, such as <c>find</c>.</param>
/// <param name="PersonKey">The keyed hash of the citizen concerned (never the personal ID).</param>
/// <param name="ProcedureCode">The procedure the read served, if any.</param>
/// <param name="DossierCode">The dossier the read served, if any.</param>
/// <param name="Outcome">What came of it, such as <c>3 documents</c>.</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string? PersonKey, string? ProcedureCode, string? DossierCode, string Outcome);

/// <summary>
/// An append-only, hash-chained audit log (Decree 53/2022 asks for at least 12 months): each line stores the hash of
/// the line before it, so removing or changing a line breaks the chain, and the database refuses updates and deletes.
/// </summary>
public sealed class AuditLog
{
    private readonly string _connectionString;

    internal AuditLog(string connectionString) => _connectionString = connectionString;

    /// <summary>Appends <paramref name="entry"/> and returns its chain hash.</summary>
    public async Task<string> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using SqliteTransaction transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
        using SqliteCommand last = connection.CreateCommand();
        last.Transaction = transaction;
        last.CommandText = "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1";
        string previous = await last.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string ?? new string('0', 64);
        string at = entry.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        string hash = Hash(previous, at, entry);

        using SqliteCommand insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO audit (at, actor, action, person_key, procedure_code, dossier_code, outcome, prev_hash, hash)
            VALUES ($at, $actor, $action, $person, $procedure, $dossier, $outcome, $prev, $hash)
            """;
        insert.Parameters.AddWithValue("$at", at);
        insert.Parameters.AddWithValue("$actor", entry.Actor);
        insert.Parameters.AddWithValue("$action", entry.Action);
        insert.Parameters.AddWithValue("$person", (object?)entry.PersonKey ?? DBNull.Value);
        insert.Parameters.AddWithValue("$procedure", (object?)entry.ProcedureCode ?? DBNull.Value);
        insert.Parameters.AddWithValue("$dossier", (object?)entry.DossierCode ?? DBNull.Value);
        insert.Parameters.AddWithValue("$outcome", entry.Outcome);
        insert.Parameters.AddWithValue("$prev", previous);
        insert.Parameters.AddWithValue("$hash", hash);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return hash;
    }

    /// <summary>Reads the whole log and checks the chain; returns the number of lines, or throws naming the first broken line.</summary>
    public async Task<int> VerifyChainAsync(CancellationToken cancellationToken = default)
    {
        using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT seq, at, actor, action, person_key, procedure_code, dossier_code, outcome, prev_hash, hash FROM audit ORDER BY seq";
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        string previous = new('0', 64);
        int count = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            string at = reader.GetString(1);
            var entry = new AuditEntry(default, reader.GetString(2), reader.GetString(3), Nullable(reader, 4), Nullable(reader, 5), Nullable(reader, 6), reader.GetString(7));
            if (reader.GetString(8) != previous || Hash(previous, at, entry) != reader.GetString(9))
            {
                throw new SoHoaException(SoHoaErrorCode.Storage, $"The audit log chain is broken at line {reader.GetInt64(0)}.");
            }

            previous = reader.GetString(9);
            count++;
        }

        return count;
    }

    internal static void Migrate(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS audit (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, person_key TEXT,
                procedure_code TEXT, dossier_code TEXT, outcome TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
            CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """;
        command.ExecuteNonQuery();
    }

    private static string? Nullable(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static string Hash(string previous, string at, AuditEntry entry)
    {
        string line = string.Join('\u001F', previous, at, entry.Actor, entry.Action, entry.PersonKey, entry.ProcedureCode, entry.DossierCode, entry.Outcome);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)));
    }
}
