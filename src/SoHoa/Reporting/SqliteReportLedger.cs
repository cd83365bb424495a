using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SoHoa.Batches;
using SoHoa.Storage;

namespace SoHoa.Reporting;

/// <summary>
/// The folder store's report ledger: tables <c>report_entries</c>, <c>report_problems</c>, <c>report_agencies</c> and
/// <c>report_state</c> in the store's own SQLite index (<c>index.db</c>), beside the documents table, so that a batch's
/// entries live and are backed up with the store. Entries are clustered by day of receipt and dossier code (a
/// <c>WITHOUT ROWID</c> table), so a report over a range reads one contiguous run in the order it counts in, and keyed
/// uniquely by (dossier code, source, item) for the idempotent upsert.
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
            SqliteParameter on = insertProblem.Parameters.Add("$on", SqliteType.Text);
            SqliteParameter rule = insertProblem.Parameters.Add("$rule", SqliteType.Text);
            insertProblem.Parameters.AddWithValue("$batch", batch.BatchId);
            foreach (LedgerProblem problem in batch.Problems)
            {
                ordinal.Value = problem.Ordinal;
                agencyCode.Value = problem.AgencyCode;
                on.Value = Day(problem.On);
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
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT received_on, dossier_code, source, item, agency_code, procedure_code, identified, role, kind, outcome, document_id,
                   pdf_pages, scanned_pages, blank_pages, low_confidence_pages, flagged, signature_level, rules
            FROM report_entries
            WHERE ($from IS NULL OR received_on >= $from) AND ($to IS NULL OR received_on <= $to)
              AND ($agencies IS NULL OR agency_code IN (SELECT value FROM json_each($agencies)))
            ORDER BY received_on, dossier_code, source, item
            """;
        AddRange(command, query);
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

        // Agencies, procedures, kinds and levels repeat across a million rows: keep one string of each.
        var strings = new StringPool();
        string? day = null;
        DateOnly receivedOn = default;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            string rowDay = reader.GetString(0);
            if (!string.Equals(rowDay, day, StringComparison.Ordinal))
            {
                (day, receivedOn) = (rowDay, ParseDay(rowDay));
            }

            yield return new LedgerEntry(
                reader.GetString(1),
                strings.Get(reader.GetString(2)),
                reader.GetInt64(3),
                strings.Get(reader.GetString(4)),
                strings.Get(reader.GetString(5)),
                receivedOn,
                reader.GetInt64(6) != 0,
                reader.GetInt64(7) == 0 ? DocumentRole.Input : DocumentRole.Result,
                strings.Get(reader.GetString(8)),
                (LedgerOutcome)reader.GetInt64(9),
                reader.IsDBNull(10) ? null : reader.GetString(10))
            {
                PdfPages = NullableInt(reader, 11),
                ScannedPages = NullableInt(reader, 12),
                BlankPages = NullableInt(reader, 13),
                LowConfidencePages = NullableInt(reader, 14),
                Flagged = reader.GetInt64(15) != 0,
                SignatureLevel = reader.IsDBNull(16) ? null : strings.Get(reader.GetString(16)),
                Rules = strings.Get(reader.GetString(17)),
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
            yield return new LedgerProblem(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), ParseDay(reader.GetString(3)), reader.GetString(4));
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
        using SqliteCommand upsert = connection.CreateCommand();
        upsert.Transaction = transaction;

        // A success already recorded is kept when the same entry comes back as a failure (a redelivery that could not reach
        // the store); a level already known is kept when the new run found the document already stored and could not tell.
        upsert.CommandText = $"""
            INSERT INTO report_entries (received_on, dossier_code, source, item, agency_code, procedure_code, identified, role, kind, outcome, document_id,
                pdf_pages, scanned_pages, blank_pages, low_confidence_pages, flagged, signature_level, rules)
            VALUES ($received, $dossier, $source, $item, $agency, $procedure, $identified, $role, $kind, $outcome, $document,
                $pdf, $scanned, $blank, $low, $flagged, $level, $rules)
            ON CONFLICT(dossier_code, source, item) DO UPDATE SET
                received_on = excluded.received_on, agency_code = excluded.agency_code, procedure_code = excluded.procedure_code,
                identified = excluded.identified, role = excluded.role, kind = excluded.kind, outcome = excluded.outcome,
                document_id = excluded.document_id, pdf_pages = excluded.pdf_pages, scanned_pages = excluded.scanned_pages,
                blank_pages = excluded.blank_pages, low_confidence_pages = excluded.low_confidence_pages, flagged = excluded.flagged,
                signature_level = coalesce(excluded.signature_level, CASE WHEN excluded.document_id = report_entries.document_id THEN report_entries.signature_level END),
                rules = excluded.rules
            WHERE NOT (report_entries.outcome IN ({SuccessList}) AND excluded.outcome NOT IN ({SuccessList}))
            """;
        SqliteParameter received = upsert.Parameters.Add("$received", SqliteType.Text);
        SqliteParameter dossier = upsert.Parameters.Add("$dossier", SqliteType.Text);
        SqliteParameter source = upsert.Parameters.Add("$source", SqliteType.Text);
        SqliteParameter item = upsert.Parameters.Add("$item", SqliteType.Integer);
        SqliteParameter agency = upsert.Parameters.Add("$agency", SqliteType.Text);
        SqliteParameter procedure = upsert.Parameters.Add("$procedure", SqliteType.Text);
        SqliteParameter identified = upsert.Parameters.Add("$identified", SqliteType.Integer);
        SqliteParameter role = upsert.Parameters.Add("$role", SqliteType.Integer);
        SqliteParameter kind = upsert.Parameters.Add("$kind", SqliteType.Text);
        SqliteParameter outcome = upsert.Parameters.Add("$outcome", SqliteType.Integer);
        SqliteParameter document = upsert.Parameters.Add("$document", SqliteType.Text);
        SqliteParameter pdf = upsert.Parameters.Add("$pdf", SqliteType.Integer);
        SqliteParameter scanned = upsert.Parameters.Add("$scanned", SqliteType.Integer);
        SqliteParameter blank = upsert.Parameters.Add("$blank", SqliteType.Integer);
        SqliteParameter low = upsert.Parameters.Add("$low", SqliteType.Integer);
        SqliteParameter flagged = upsert.Parameters.Add("$flagged", SqliteType.Integer);
        SqliteParameter level = upsert.Parameters.Add("$level", SqliteType.Text);
        SqliteParameter rules = upsert.Parameters.Add("$rules", SqliteType.Text);
        foreach (LedgerEntry entry in entries)
        {
            received.Value = Day(entry.ReceivedOn);
            dossier.Value = entry.DossierCode;
            source.Value = entry.Source;
            item.Value = entry.Item;
            agency.Value = entry.AgencyCode;
            procedure.Value = entry.ProcedureCode;
            identified.Value = entry.Identified ? 1 : 0;
            role.Value = entry.Role == DocumentRole.Input ? 0 : 1;
            kind.Value = entry.Kind;
            outcome.Value = (int)entry.Outcome;
            document.Value = (object?)entry.DocumentId ?? DBNull.Value;
            pdf.Value = (object?)entry.PdfPages ?? DBNull.Value;
            scanned.Value = (object?)entry.ScannedPages ?? DBNull.Value;
            blank.Value = (object?)entry.BlankPages ?? DBNull.Value;
            low.Value = (object?)entry.LowConfidencePages ?? DBNull.Value;
            flagged.Value = entry.Flagged ? 1 : 0;
            level.Value = (object?)entry.SignatureLevel ?? DBNull.Value;
            rules.Value = entry.Rules;
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string SuccessList => string.Join(", ", new[] { LedgerOutcome.Stored, LedgerOutcome.AlreadyStored, LedgerOutcome.Reused, LedgerOutcome.Opened }
        .Select(o => ((int)o).ToString(CultureInfo.InvariantCulture)));

    private static void AddRange(SqliteCommand command, LedgerQuery query)
    {
        command.Parameters.AddWithValue("$from", query.From is { } from ? Day(from) : DBNull.Value);
        command.Parameters.AddWithValue("$to", query.To is { } to ? Day(to) : DBNull.Value);
        command.Parameters.AddWithValue("$agencies", query.AgencyCodes is { } codes ? JsonSerializer.Serialize(codes.Order(StringComparer.Ordinal).ToArray()) : DBNull.Value);
    }

    private static string LevelName(AgencyLevel level) => level.ToString().ToLowerInvariant();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int? NullableInt(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);

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
                received_on TEXT NOT NULL,
                dossier_code TEXT NOT NULL,
                source TEXT NOT NULL,
                item INTEGER NOT NULL,
                agency_code TEXT NOT NULL,
                procedure_code TEXT NOT NULL,
                identified INTEGER NOT NULL,
                role INTEGER NOT NULL,
                kind TEXT NOT NULL,
                outcome INTEGER NOT NULL,
                document_id TEXT,
                pdf_pages INTEGER,
                scanned_pages INTEGER,
                blank_pages INTEGER,
                low_confidence_pages INTEGER,
                flagged INTEGER NOT NULL,
                signature_level TEXT,
                rules TEXT NOT NULL,
                PRIMARY KEY (received_on, dossier_code, source, item)) WITHOUT ROWID;
            CREATE UNIQUE INDEX IF NOT EXISTS report_entries_key ON report_entries (dossier_code, source, item);
            CREATE TABLE IF NOT EXISTS report_problems (
                batch_id TEXT NOT NULL,
                ordinal INTEGER NOT NULL,
                agency_code TEXT NOT NULL,
                on_day TEXT NOT NULL,
                rule TEXT NOT NULL,
                PRIMARY KEY (batch_id, ordinal));
            CREATE TABLE IF NOT EXISTS report_agencies (agency_code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS report_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL, at INTEGER);
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Hands back one instance of each distinct string read.</summary>
    private sealed class StringPool
    {
        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

        public string Get(string value)
        {
            if (_strings.TryGetValue(value, out string? pooled))
            {
                return pooled;
            }

            if (_strings.Count < 100_000)
            {
                _strings[value] = value;
            }

            return value;
        }
    }
}
