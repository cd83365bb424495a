using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SoHoa.Identifiers;
using SoHoa.Storage;

namespace SoHoa.Benchmarks.Storage;

/// <summary>
/// <c>store-find [--documents N] [--citizens N] [--queries N] [--store DIR]</c>: fills a folder store's SQLite index with
/// N documents of N citizens (rows written directly, as a store that size would hold them), then times
/// <see cref="FolderDocumentStore.FindAsync"/> for random citizens in process and prints the median, p99 and maximum.
/// </summary>
internal static class FindBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int documents = int.Parse(CommandLine.Option(args, "--documents") ?? "1000000", CultureInfo.InvariantCulture);
        int citizens = int.Parse(CommandLine.Option(args, "--citizens") ?? (documents / 5).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int queries = int.Parse(CommandLine.Option(args, "--queries") ?? "5000", CultureInfo.InvariantCulture);
        string root = CommandLine.Option(args, "--store") ?? Path.Combine(Path.GetTempPath(), "sohoa-find-" + documents);
        FolderDocumentStore store = FolderDocumentStore.Open(root);
        PersonalId[] people = Enumerable.Range(0, citizens).Select(Citizen).ToArray();

        var fill = Stopwatch.StartNew();
        long existing = Count(root);
        if (existing < documents)
        {
            Fill(root, store, people, (int)existing, documents);
        }

        Console.WriteLine($"index: {documents:N0} documents of {citizens:N0} citizens ({(existing >= documents ? "reused" : $"filled in {fill.Elapsed.TotalSeconds:0.0} s")}), {new FileInfo(Path.Combine(root, "index.db")).Length / 1048576.0:0} MiB");

        var random = new Random(20261203);
        for (int i = 0; i < 200; i++)
        {
            await store.FindAsync(people[random.Next(citizens)], null);
        }

        var times = new double[queries];
        int found = 0;
        for (int i = 0; i < queries; i++)
        {
            PersonalId who = people[random.Next(citizens)];
            string? kind = i % 2 == 0 ? null : "birth-certificate";
            long start = Stopwatch.GetTimestamp();
            found += (await store.FindAsync(who, kind)).Count;
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        Console.WriteLine($"find ({queries:N0} queries, half with a kind; {found / (double)queries:0.0} documents a query): median {times[queries / 2]:0.000} ms, p99 {times[(int)(queries * 0.99)]:0.000} ms, max {times[^1]:0.000} ms");
        return 0;
    }

    private static PersonalId Citizen(int i) =>
        PersonalId.Parse(string.Create(CultureInfo.InvariantCulture, $"0930{90 + (i / 1_000_000) % 10:D2}{i % 1_000_000:D6}"));

    private static long Count(string root)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(root, "index.db")}");
        connection.Open();
        using SqliteCommand count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM documents";
        return (long)count.ExecuteScalar()!;
    }

    private static void Fill(string root, FolderDocumentStore store, PersonalId[] people, int from, int to)
    {
        string[] kinds = ["birth-certificate", "identity-card", "household-registration", "decision", "dossier-receipt"];
        using var connection = new SqliteConnection($"Data Source={Path.Combine(root, "index.db")}");
        connection.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        using SqliteCommand insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO documents (document_id, person_key, agency_code, dossier_code, procedure_code, kind, role, document_number, issued_on, valid_until,
                pdf_path, sidecar_path, pdf_sha256, page_count, batch_id, stored_at)
            VALUES ($id, $person, '000.00.01.H12', $dossier, '1.001612', $kind, 'input', NULL, '2020-12-23', NULL, $pdf, $sidecar, $sha, 2, 'BENCH', $at)
            """;
        SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Text);
        SqliteParameter person = insert.Parameters.Add("$person", SqliteType.Text);
        SqliteParameter dossier = insert.Parameters.Add("$dossier", SqliteType.Text);
        SqliteParameter kind = insert.Parameters.Add("$kind", SqliteType.Text);
        SqliteParameter pdf = insert.Parameters.Add("$pdf", SqliteType.Text);
        SqliteParameter sidecar = insert.Parameters.Add("$sidecar", SqliteType.Text);
        SqliteParameter sha = insert.Parameters.Add("$sha", SqliteType.Text);
        SqliteParameter at = insert.Parameters.Add("$at", SqliteType.Text);
        var start = new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = from; i < to; i++)
        {
            string documentId = i.ToString("x32", CultureInfo.InvariantCulture);
            string dossierCode = string.Create(CultureInfo.InvariantCulture, $"000.00.01.H12-{start.AddMinutes(i):yyMMdd}-{i % 10000:D4}");
            id.Value = documentId;
            person.Value = store.PersonKey(people[i % people.Length]);
            dossier.Value = dossierCode;
            kind.Value = kinds[i % kinds.Length];
            pdf.Value = $"000.00.01.H12/2021/01/{dossierCode}/{documentId}.pdf";
            sidecar.Value = $"000.00.01.H12/2021/01/{dossierCode}/{documentId}.json";
            sha.Value = documentId + documentId;
            at.Value = start.AddMinutes(i).ToString("O", CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
