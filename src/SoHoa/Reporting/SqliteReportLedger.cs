using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SoHoa.Batches;
using SoHoa.Storage;

namespace SoHoa.Reporting;

/// <summary>
/// The folder store's report ledger: tables <c>report_entries</c>, <c>report_names</c>, <c>report_problems</c>,
/// <c>report_agencies</c> and <c>report_state</c> in the store's own SQLite index (<c>index.db</c>), beside the documents
/// table, so that a batch's entries live and are backed up with the store. Entries are clustered by day of receipt and
/// dossier code (a <c>WITHOUT ROWID</c> table), so a report over a range reads one contiguous run in the order it counts
/// in, and keyed uniquely by (dossier code, source, item) for the idempotent upsert. The strings that repeat across
/// entries (agency, procedure, kind, source, rules, level) are numbers into <c>report_names</c>, and the small
/// numbers of an entry are packed into two columns (<c>flags</c>, <c>pages</c>), so that a million entries are read with
/// few calls into SQLite each: reading a column costs more than anything the counter does with it.
/// </summary>
public sealed class SqliteReportLedger : IReportLedger
{
    private const string OpensMark = "opens_through";
    private readonly string _connectionString;

    private SqliteReportLedger(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens the ledger in the index of the folder store at <paramref name="storeRoot"/>, creating its tables when needed.</summary>
    public static SqliteReportLedger Open(string storeRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(storeRoot);
        string connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Path.GetFullPath(storeRoot), "index.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var ledger = new SqliteReportLedger(connectionString);
        try
        {
            SqliteLedgerSchema.Migrate(connectionString);
        }
        catch (SqliteException ex)
        {
            throw new SoHoaException(SoHoaErrorCode.Storage, $"The report ledger in '{storeRoot}' cannot be opened: {ex.Message}", isTransient: true, ex);
        }

        return ledger;
    }

    /// <summary>The ledger of <paramref name="store"/>.</summary>
    public static SqliteReportLedger Open(FolderDocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Open(store.Root);
    }

    /// <inheritdoc/>
    public async Task RecordAsync(LedgerBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        try
        {
            using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            if (batch.Agency is { } agency)
            {
                using SqliteCommand upsertAgency = connection.CreateCommand();
                upsertAgency.Transaction = transaction;
                upsertAgency.CommandText = """
                    INSERT INTO report_agencies (agency_code, name, level) VALUES ($code, $name, $level)
                    ON CONFLICT(agency_code) DO UPDATE SET name = excluded.name, level = excluded.level
                    """;
                upsertAgency.Parameters.AddWithValue("$code", agency.Code);
                upsertAgency.Parameters.AddWithValue("$name", agency.Name);
                upsertAgency.Parameters.AddWithValue("$level", LevelName(agency.Level));
                await upsertAgency.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await SqliteLedgerEntries.UpsertAsync(connection, transaction, batch.Entries, cancellationToken).ConfigureAwait(false);

            using SqliteCommand clear = connection.CreateCommand();
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM report_problems WHERE batch_id = $batch";
            clear.Parameters.AddWithValue("$batch", batch.BatchId);
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand insertProblem = connection.CreateCommand();
            insertProblem.Transaction = transaction;
            insertProblem.CommandText = "INSERT INTO report_problems (batch_id, ordinal, agency_code, on_day, rule) VALUES ($batch, $ordinal, $agency, $on, $rule)";
            SqliteParameter ordinal = insertProblem.Parameters.Add("$ordinal", SqliteType.Integer);
            SqliteParameter agencyCode = insertProblem.Parameters.Add("$agency", SqliteType.Text);
            SqliteParameter on = insertProblem.Parameters.Add("$on", SqliteType.Integer);
            SqliteParameter rule = insertProblem.Parameters.Add("$rule", SqliteType.Text);
            insertProblem.Parameters.AddWithValue("$batch", batch.BatchId);
            foreach (LedgerProblem problem in batch.Problems)
            {
                ordinal.Value = problem.Ordinal;
                agencyCode.Value = problem.AgencyCode;
                on.Value = SqliteLedgerEntries.ToNumber(problem.On);
                rule.Value = problem.Rule;
                await insertProblem.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw new SoHoaException(SoHoaErrorCode.Storage, $"Batch {batch.BatchId} could not be recorded for the report: {ex.Message}", isTransient: true, ex);
        }
    }

    /// <inheritdoc/>
    public async Task RecordOpensAsync(IReadOnlyList<LedgerEntry> opens, AuditMark through, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(opens);
        ArgumentNullException.ThrowIfNull(through);
        try
        {
            using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            await SqliteLedgerEntries.UpsertAsync(connection, transaction, opens, cancellationToken).ConfigureAwait(false);
            using SqliteCommand mark = connection.CreateCommand();
            mark.Transaction = transaction;
            mark.CommandText = """
                INSERT INTO report_state (name, value, at) VALUES ($name, $value, $at)
                ON CONFLICT(name) DO UPDATE SET value = excluded.value, at = excluded.at WHERE excluded.value > value
                """;
            mark.Parameters.AddWithValue("$name", OpensMark);
            mark.Parameters.AddWithValue("$value", through.Sequence);
            mark.Parameters.AddWithValue("$at", through.At is { } at ? at.UtcTicks : DBNull.Value);
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw new SoHoaException(SoHoaErrorCode.Storage, $"Audited opens could not be recorded for the report: {ex.Message}", isTransient: true, ex);
        }
    }

    /// <inheritdoc/>
    public async Task<AuditMark> OpensRecordedThroughAsync(CancellationToken cancellationToken = default)
    {
        using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT value, at FROM report_state WHERE name = $name";
        command.Parameters.AddWithValue("$name", OpensMark);
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new AuditMark(reader.GetInt64(0), reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero))
            : AuditMark.None;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<LedgerEntry> ReadEntriesAsync(LedgerQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        Dictionary<long, string> names = await SqliteLedgerEntries.NamesAsync(connection, cancellationToken).ConfigureAwait(false);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT received_on, dossier_code, source, item, agency, procedure, flags, kind, outcome, document_id, pages, signature_level, rules
            FROM report_entries
            WHERE ($from IS NULL OR received_on >= $from) AND ($to IS NULL OR received_on <= $to)
              AND ($agencies IS NULL OR agency IN (SELECT id FROM report_names WHERE name IN (SELECT value FROM json_each($agencies))))
            ORDER BY received_on, dossier_code, source, item
            """;
        AddRange(command, query);
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long day = -1;
        DateOnly receivedOn = default;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            long rowDay = reader.GetInt64(0);
            if (rowDay != day)
            {
                (day, receivedOn) = (rowDay, SqliteLedgerEntries.FromNumber(rowDay));
            }

            yield return SqliteLedgerEntries.Read(reader, names, receivedOn);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<LedgerProblem> ReadProblemsAsync(LedgerQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT batch_id, ordinal, agency_code, on_day, rule FROM report_problems
            WHERE ($from IS NULL OR on_day >= $from) AND ($to IS NULL OR on_day <= $to)
              AND ($agencies IS NULL OR agency_code IN (SELECT value FROM json_each($agencies)))
            ORDER BY on_day, batch_id, ordinal
            """;
        AddRange(command, query);
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new LedgerProblem(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), SqliteLedgerEntries.FromNumber(reader.GetInt64(3)), reader.GetString(4));
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<LedgerAgency>> ReadAgenciesAsync(CancellationToken cancellationToken = default)
    {
        using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT agency_code, name, level FROM report_agencies ORDER BY agency_code";
        var agencies = new List<LedgerAgency>();
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Enum.TryParse(reader.GetString(2), ignoreCase: true, out AgencyLevel level))
            {
                agencies.Add(new LedgerAgency(reader.GetString(0), reader.GetString(1), level));
            }
        }

        return agencies;
    }

    private static void AddRange(SqliteCommand command, LedgerQuery query)
    {
        command.Parameters.AddWithValue("$from", query.From is { } from ? SqliteLedgerEntries.ToNumber(from) : DBNull.Value);
        command.Parameters.AddWithValue("$to", query.To is { } to ? SqliteLedgerEntries.ToNumber(to) : DBNull.Value);
        command.Parameters.AddWithValue("$agencies", query.AgencyCodes is { } codes ? JsonSerializer.Serialize(codes.Order(StringComparer.Ordinal).ToArray()) : DBNull.Value);
    }

    private static string LevelName(AgencyLevel level) => level.ToString().ToLowerInvariant();

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
