using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using SoHoa.Batches;
using SoHoa.Reporting;

namespace SoHoa.Azure.Reporting;

/// <summary>
/// The rows of the report ledger's table, keyed for the report's one query (a range of days of receipt, in order):
/// <list type="bullet">
/// <item>an entry: PartitionKey <c>e</c> + month of receipt (<c>e202601</c>), RowKey <c>dd|dossier|source|item</c>, so
/// the days of a month are one RowKey range in one partition, in the order the counter reads them (every entry of a
/// dossier in one run);</item>
/// <item>a problem tied to no document: PartitionKey <c>p</c> + month of the batch, RowKey <c>dd|batch|ordinal</c>;</item>
/// <item>the months that hold entries or problems (partition <c>months</c>), the agencies seen (<c>agencies</c>), each
/// batch's day and problem count (<c>batches</c>, so that its problems and undated entries can be replaced when it is
/// recorded again on another day), and the opens' high-water mark (<c>state</c>, row <c>opens</c>).</item>
/// </list>
/// Strings in keys are escaped: <c>%</c>, <c>|</c> and the characters Table keys forbid (<c>/ \ # ?</c> and control
/// characters) become <c>%XX</c>, and a long one is cut and followed by its hash, so a key is always valid and a dossier's
/// prefix never another's. The strings themselves are properties. No row holds a personal ID.
/// </summary>
internal static class ReportEntities
{
    public const string MonthsPartition = "months";
    public const string AgenciesPartition = "agencies";
    public const string BatchesPartition = "batches";
    public const string StatePartition = "state";
    public const string OpensRow = "opens";

    /// <summary>A key part longer than this is cut and followed by a hash of the whole string.</summary>
    private const int LongestPart = 160;

    public static string EntryPartition(DateOnly day) => "e" + Month(day);

    public static string ProblemPartition(DateOnly day) => "p" + Month(day);

    public static string Month(DateOnly day) => day.ToString("yyyyMM", CultureInfo.InvariantCulture);

    /// <summary>The RowKeys of a day start with its two digits; the next day's bound is the next number (32 after the 31st).</summary>
    public static string DayPrefix(DateOnly day) => day.Day.ToString("D2", CultureInfo.InvariantCulture);

    public static string DayBound(DateOnly day) => (day.Day + 1).ToString("D2", CultureInfo.InvariantCulture);

    public static string EntryRow(LedgerEntry entry) => EntryRow(entry.ReceivedOn, entry.DossierCode, entry.Source, entry.Item);

    public static string EntryRow(DateOnly day, string dossierCode, string source, long item) =>
        DossierPrefix(day, dossierCode) + KeyPart(source) + "|" + ((ulong)item ^ 0x8000_0000_0000_0000UL).ToString("X16", CultureInfo.InvariantCulture);

    /// <summary>What every RowKey of a dossier's entries on a day starts with.</summary>
    public static string DossierPrefix(DateOnly day, string dossierCode) => DayPrefix(day) + "|" + KeyPart(dossierCode) + "|";

    public static string ProblemRow(DateOnly day, string batchId, int ordinal) =>
        DayPrefix(day) + "|" + KeyPart(batchId) + "|" + ordinal.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>A string as part of a key (see the class).</summary>
    public static string KeyPart(string value)
    {
        var key = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c is '%' or '|' or '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                key.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                key.Append(c);
            }
        }

        return key.Length <= LongestPart
            ? key.ToString()
            : string.Concat(key.ToString(0, LongestPart - 33), "~", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32]);
    }

    public static TableEntity ToEntity(LedgerEntry entry)
    {
        var entity = new TableEntity(EntryPartition(entry.ReceivedOn), EntryRow(entry))
        {
            ["DossierCode"] = entry.DossierCode,
            ["Source"] = entry.Source,
            ["Item"] = entry.Item,
            ["AgencyCode"] = entry.AgencyCode,
            ["ProcedureCode"] = entry.ProcedureCode,
            ["ReceivedOn"] = DayNumber(entry.ReceivedOn),
            ["Identified"] = entry.Identified,
            ["Role"] = DocumentRoles.NameOf(entry.Role),
            ["Kind"] = entry.Kind,
            ["Outcome"] = (int)entry.Outcome,
            ["Flagged"] = entry.Flagged,
            ["Rules"] = entry.Rules,
        };
        SetIfAny(entity, "DocumentId", entry.DocumentId);
        SetIfAny(entity, "SignatureLevel", entry.SignatureLevel);
        SetIfAny(entity, "PdfPages", entry.PdfPages);
        SetIfAny(entity, "ScannedPages", entry.ScannedPages);
        SetIfAny(entity, "BlankPages", entry.BlankPages);
        SetIfAny(entity, "LowConfidencePages", entry.LowConfidencePages);
        return entity;
    }

    public static LedgerEntry EntryFrom(TableEntity entity) =>
        new(
            entity.GetString("DossierCode") ?? string.Empty,
            entity.GetString("Source") ?? string.Empty,
            entity.GetInt64("Item") ?? 0,
            entity.GetString("AgencyCode") ?? string.Empty,
            entity.GetString("ProcedureCode") ?? string.Empty,
            FromDayNumber(entity.GetInt32("ReceivedOn") ?? 0),
            entity.GetBoolean("Identified") ?? false,
            DocumentRoles.FromName(entity.GetString("Role")) ?? DocumentRole.Input,
            entity.GetString("Kind") ?? string.Empty,
            (LedgerOutcome)(entity.GetInt32("Outcome") ?? (int)LedgerOutcome.Failed),
            entity.GetString("DocumentId"))
        {
            PdfPages = entity.GetInt32("PdfPages"),
            ScannedPages = entity.GetInt32("ScannedPages"),
            BlankPages = entity.GetInt32("BlankPages"),
            LowConfidencePages = entity.GetInt32("LowConfidencePages"),
            Flagged = entity.GetBoolean("Flagged") ?? false,
            SignatureLevel = entity.GetString("SignatureLevel"),
            Rules = entity.GetString("Rules") ?? string.Empty,
        };

    public static TableEntity ToEntity(LedgerProblem problem) =>
        new(ProblemPartition(problem.On), ProblemRow(problem.On, problem.BatchId, problem.Ordinal))
        {
            ["BatchId"] = problem.BatchId,
            ["Ordinal"] = problem.Ordinal,
            ["AgencyCode"] = problem.AgencyCode,
            ["On"] = DayNumber(problem.On),
            ["Rule"] = problem.Rule,
        };

    public static LedgerProblem ProblemFrom(TableEntity entity) =>
        new(entity.GetString("BatchId") ?? string.Empty, entity.GetInt32("Ordinal") ?? 0, entity.GetString("AgencyCode") ?? string.Empty,
            FromDayNumber(entity.GetInt32("On") ?? 0), entity.GetString("Rule") ?? string.Empty);

    public static TableEntity ToEntity(LedgerAgency agency) =>
        new(AgenciesPartition, KeyPart(agency.Code))
        {
            ["Code"] = agency.Code,
            ["Name"] = agency.Name,
            ["Level"] = agency.Level.ToString().ToLowerInvariant(),
        };

    public static LedgerAgency? AgencyFrom(TableEntity entity) =>
        Enum.TryParse(entity.GetString("Level"), ignoreCase: true, out AgencyLevel level)
            ? new LedgerAgency(entity.GetString("Code") ?? string.Empty, entity.GetString("Name") ?? string.Empty, level)
            : null;

    /// <summary>A day as the number yyyyMMdd.</summary>
    public static int DayNumber(DateOnly day) => (day.Year * 10_000) + (day.Month * 100) + day.Day;

    public static DateOnly FromDayNumber(int number) => new(number / 10_000, number / 100 % 100, number % 100);

    private static void SetIfAny(TableEntity entity, string name, object? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }
}
