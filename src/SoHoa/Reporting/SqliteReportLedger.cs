using System.Globalization;
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
    private const long IdentifiedFlag = 1;
    private const long ResultFlag = 2;
    private const long FlaggedFlag = 4;
    private const long UnknownPages = 0xFFFF;
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
            ledger.Migrate();
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

            await UpsertEntriesAsync(connection, transaction, batch.Entries, cancellationToken).ConfigureAwait(false);

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
                on.Value = ToNumber(problem.On);
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
            await UpsertEntriesAsync(connection, transaction, opens, cancellationToken).ConfigureAwait(false);
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
        Dictionary<long, string> names = await NamesAsync(connection, cancellationToken).ConfigureAwait(false);
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
                (day, receivedOn) = (rowDay, FromNumber(rowDay));
            }

            long flags = reader.GetInt64(6);
            long pages = reader.GetInt64(10);
            string document = reader.GetString(9);
            yield return new LedgerEntry(
                reader.GetString(1),
                names[reader.GetInt64(2)],
                reader.GetInt64(3),
                names[reader.GetInt64(4)],
                names[reader.GetInt64(5)],
                receivedOn,
                (flags & IdentifiedFlag) != 0,
                (flags & ResultFlag) != 0 ? DocumentRole.Result : DocumentRole.Input,
                names[reader.GetInt64(7)],
                (LedgerOutcome)reader.GetInt64(8),
                document.Length == 0 ? null : document)
            {
                PdfPages = Unpack(pages, 0),
                ScannedPages = Unpack(pages, 1),
                BlankPages = Unpack(pages, 2),
                LowConfidencePages = Unpack(pages, 3),
                Flagged = (flags & FlaggedFlag) != 0,
                SignatureLevel = reader.GetInt64(11) is var level && level == 0 ? null : names[level],
                Rules = names[reader.GetInt64(12)],
            };
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
            yield return new LedgerProblem(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), FromNumber(reader.GetInt64(3)), reader.GetString(4));
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

    private static async Task UpsertEntriesAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        Dictionary<string, long> ids = await NameIdsAsync(
            connection,
            transaction,
            entries.SelectMany(e => new[] { e.Source, e.AgencyCode, e.ProcedureCode, e.Kind, e.Rules, e.SignatureLevel ?? e.Rules }),
            cancellationToken).ConfigureAwait(false);
        using SqliteCommand upsert = connection.CreateCommand();
        upsert.Transaction = transaction;

        // A success already recorded is kept when the same entry comes back as a failure (a redelivery that could not reach
        // the store); a level already known is kept when the new run found the document already stored and could not tell.
        upsert.CommandText = $"""
            INSERT INTO report_entries (received_on, dossier_code, source, item, agency, procedure, flags, kind, outcome, document_id, pages, signature_level, rules)
            VALUES ($received, $dossier, $source, $item, $agency, $procedure, $flags, $kind, $outcome, $document, $pages, $level, $rules)
            ON CONFLICT(dossier_code, source, item) DO UPDATE SET
                received_on = excluded.received_on, agency = excluded.agency, procedure = excluded.procedure, flags = excluded.flags,
                kind = excluded.kind, outcome = excluded.outcome, document_id = excluded.document_id, pages = excluded.pages,
                signature_level = CASE WHEN excluded.signature_level = 0 AND excluded.document_id = report_entries.document_id
                    THEN report_entries.signature_level ELSE excluded.signature_level END,
                rules = excluded.rules
            WHERE NOT (report_entries.outcome IN ({SuccessList}) AND excluded.outcome NOT IN ({SuccessList}))
            """;
        SqliteParameter received = upsert.Parameters.Add("$received", SqliteType.Integer);
        SqliteParameter dossier = upsert.Parameters.Add("$dossier", SqliteType.Text);
        SqliteParameter source = upsert.Parameters.Add("$source", SqliteType.Integer);
        SqliteParameter item = upsert.Parameters.Add("$item", SqliteType.Integer);
        SqliteParameter agency = upsert.Parameters.Add("$agency", SqliteType.Integer);
        SqliteParameter procedure = upsert.Parameters.Add("$procedure", SqliteType.Integer);
        SqliteParameter flags = upsert.Parameters.Add("$flags", SqliteType.Integer);
        SqliteParameter kind = upsert.Parameters.Add("$kind", SqliteType.Integer);
        SqliteParameter outcome = upsert.Parameters.Add("$outcome", SqliteType.Integer);
        SqliteParameter document = upsert.Parameters.Add("$document", SqliteType.Text);
        SqliteParameter pages = upsert.Parameters.Add("$pages", SqliteType.Integer);
        SqliteParameter level = upsert.Parameters.Add("$level", SqliteType.Integer);
        SqliteParameter rules = upsert.Parameters.Add("$rules", SqliteType.Integer);
        foreach (LedgerEntry entry in entries)
        {
            received.Value = ToNumber(entry.ReceivedOn);
            dossier.Value = entry.DossierCode;
            source.Value = ids[entry.Source];
            item.Value = entry.Item;
            agency.Value = ids[entry.AgencyCode];
            procedure.Value = ids[entry.ProcedureCode];
            flags.Value = (entry.Identified ? IdentifiedFlag : 0) | (entry.Role == DocumentRole.Result ? ResultFlag : 0) | (entry.Flagged ? FlaggedFlag : 0);
            kind.Value = ids[entry.Kind];
            outcome.Value = (int)entry.Outcome;
            document.Value = entry.DocumentId ?? string.Empty;
            pages.Value = Pack(entry.PdfPages, 0) | Pack(entry.ScannedPages, 1) | Pack(entry.BlankPages, 2) | Pack(entry.LowConfidencePages, 3);
            level.Value = entry.SignatureLevel is { } named ? ids[named] : 0;
            rules.Value = ids[entry.Rules];
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The number of each name, adding the names not seen before.</summary>
    private static async Task<Dictionary<string, long>> NameIdsAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        string[] distinct = names.Distinct(StringComparer.Ordinal).ToArray();
        string json = JsonSerializer.Serialize(distinct);
        using SqliteCommand add = connection.CreateCommand();
        add.Transaction = transaction;
        add.CommandText = "INSERT OR IGNORE INTO report_names (name) SELECT value FROM json_each($names)";
        add.Parameters.AddWithValue("$names", json);
        await add.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        using SqliteCommand read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT name, id FROM report_names WHERE name IN (SELECT value FROM json_each($names))";
        read.Parameters.AddWithValue("$names", json);
        var ids = new Dictionary<string, long>(distinct.Length, StringComparer.Ordinal);
        using SqliteDataReader reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids[reader.GetString(0)] = reader.GetInt64(1);
        }

        return ids;
    }

    private static async Task<Dictionary<long, string>> NamesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id, name FROM report_names";
        var names = new Dictionary<long, string>();
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names[reader.GetInt64(0)] = reader.GetString(1);
        }

        return names;
    }

    private static string SuccessList => string.Join(", ", new[] { LedgerOutcome.Stored, LedgerOutcome.AlreadyStored, LedgerOutcome.Reused, LedgerOutcome.Opened }
        .Select(o => ((int)o).ToString(CultureInfo.InvariantCulture)));

    private static void AddRange(SqliteCommand command, LedgerQuery query)
    {
        command.Parameters.AddWithValue("$from", query.From is { } from ? ToNumber(from) : DBNull.Value);
        command.Parameters.AddWithValue("$to", query.To is { } to ? ToNumber(to) : DBNull.Value);
        command.Parameters.AddWithValue("$agencies", query.AgencyCodes is { } codes ? JsonSerializer.Serialize(codes.Order(StringComparer.Ordinal).ToArray()) : DBNull.Value);
    }

    private static string LevelName(AgencyLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>A day as the number yyyyMMdd, which sorts as the day does.</summary>
    private static long ToNumber(DateOnly day) => (day.Year * 10_000L) + (day.Month * 100) + day.Day;

    private static DateOnly FromNumber(long number) => new((int)(number / 10_000), (int)(number / 100 % 100), (int)(number % 100));

    /// <summary>One page figure in its 16 bits of the <c>pages</c> column; all ones when unknown (page counts stay far below 65535).</summary>
    private static long Pack(int? value, int field) => (value is { } v ? Math.Clamp(v, 0, UnknownPages - 1) : UnknownPages) << (16 * field);

    private static int? Unpack(long pages, int field) => (int)((pages >> (16 * field)) & UnknownPages) is var v && v == UnknownPages ? null : v;

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

    private void Migrate()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS report_entries (
                received_on INTEGER NOT NULL,
                dossier_code TEXT NOT NULL,
                source INTEGER NOT NULL,
                item INTEGER NOT NULL,
                agency INTEGER NOT NULL,
                procedure INTEGER NOT NULL,
                flags INTEGER NOT NULL,
                kind INTEGER NOT NULL,
                outcome INTEGER NOT NULL,
                document_id TEXT NOT NULL,
                pages INTEGER NOT NULL,
                signature_level INTEGER NOT NULL,
                rules INTEGER NOT NULL,
                PRIMARY KEY (received_on, dossier_code, source, item)) WITHOUT ROWID;
            CREATE UNIQUE INDEX IF NOT EXISTS report_entries_key ON report_entries (dossier_code, source, item);
            CREATE TABLE IF NOT EXISTS report_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE IF NOT EXISTS report_problems (
                batch_id TEXT NOT NULL,
                ordinal INTEGER NOT NULL,
                agency_code TEXT NOT NULL,
                on_day INTEGER NOT NULL,
                rule TEXT NOT NULL,
                PRIMARY KEY (batch_id, ordinal));
            CREATE TABLE IF NOT EXISTS report_agencies (agency_code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS report_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL, at INTEGER);
            """;
        command.ExecuteNonQuery();
    }
}
