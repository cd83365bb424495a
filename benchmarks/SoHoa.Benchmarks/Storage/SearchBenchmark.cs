using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SoHoa.Reuse;
using SoHoa.Search;
using SoHoa.Storage;
using SoHoa.TestData.Generator.Content;
using SoHoa.TestData.Generator.Content.Documents;
using SoHoa.TestData.Generator.Layout;

namespace SoHoa.Benchmarks.Storage;

/// <summary>
/// <c>store-search [--documents N] [--queries N] [--store DIR]</c>: fills a folder store with N documents whose page text
/// is what the test-data generator prints on its papers (birth certificates, decisions, dossier receipts, business
/// registrations of random citizens), with OCR-like damage on some words; the index rows and the full-text pages are
/// written in the store's own transaction code (<c>FullTextIndex.IndexAsync</c>), without PDFs or sidecar files. Reports
/// the full-text index's size per document, then times <see cref="DocumentSearch.SearchAsync"/> (audited) for a mix of
/// queries officers type, and apart from it the worst case, words on nearly every paper.
/// </summary>
internal static class SearchBenchmark
{
    private static readonly DocumentKind[] Kinds = [DocumentKind.BirthCertificate, DocumentKind.Decision, DocumentKind.DossierReceipt, DocumentKind.BusinessRegistration];
    private static readonly string[] KindNames = ["birth-certificate", "decision", "dossier-receipt", "business-registration"];

    public static async Task<int> RunAsync(string[] args)
    {
        int documents = int.Parse(CommandLine.Option(args, "--documents") ?? "100000", CultureInfo.InvariantCulture);
        int queries = int.Parse(CommandLine.Option(args, "--queries") ?? "400", CultureInfo.InvariantCulture);
        string root = CommandLine.Option(args, "--store") ?? Path.Combine(Path.GetTempPath(), "sohoa-search-" + documents);
        FolderDocumentStore store = FolderDocumentStore.Open(root);
        var names = new List<string>();

        var fill = Stopwatch.StartNew();
        (long existing, long pages) = Counts(root);
        if (existing < documents)
        {
            await FillAsync(store, root, (int)existing, documents, names);
            (_, pages) = Counts(root);
        }
        else
        {
            // Names of a store filled before: regenerate the same citizens.
            for (int i = 0; i < Math.Min(documents, 20000); i++)
            {
                names.Add(Paper(i).Name);
            }
        }

        (long ftsBytes, long textBytes) = Sizes(root);
        Console.WriteLine($"index: {documents:N0} documents, {pages:N0} pages ({(existing >= documents ? "reused" : $"filled in {fill.Elapsed.TotalSeconds:0} s")}); "
            + $"index.db {new FileInfo(Path.Combine(root, "index.db")).Length / 1048576.0:0} MiB; full-text: FTS5 index {ftsBytes / 1048576.0:0.0} MiB + snippet text {textBytes / 1048576.0:0.0} MiB "
            + $"= {(ftsBytes + textBytes) / (double)documents / 1024:0.00} KiB a document ({ftsBytes / (double)documents / 1024:0.00} KiB index, {textBytes / (double)documents / 1024:0.00} KiB text)");

        var search = new DocumentSearch(store);
        var purpose = new ReadPurpose("benchmark", "1.001612", null);
        var random = new Random(20261204);
        Func<SearchRequest>[] typed =
        [
            () => new SearchRequest(Fold(Pick(random, names))),                                                    // a name without diacritics
            () => new SearchRequest("giay khai sinh " + Fold(Pick(random, names))),                                // the issue's example
            () => new SearchRequest($"\"{Fold(Pick(random, names))}\""),                                           // a quoted name
            () => new SearchRequest(Prefixed(Pick(random, names))),                                                 // prefixes: "nguy* van an*"
            () => new SearchRequest(Pick(random, names)) { Exact = true },                                         // exact diacritics
            () => new SearchRequest(Fold(Pick(random, names))) { Kind = "birth-certificate", From = new DateOnly(2024, 3, 1) }, // with filters
            () => new SearchRequest("ho kinh doanh " + Fold(Pick(random, names).Split(' ')[^1])),
        ];
        Func<SearchRequest>[] common = [() => new SearchRequest("uy ban nhan dan"), () => new SearchRequest("cong hoa xa hoi chu nghia viet nam")];

        for (int i = 0; i < 50; i++)
        {
            await search.SearchAsync(typed[i % typed.Length](), purpose);
        }

        (double[] times, double hits) = await TimeAsync(search, purpose, typed, queries);
        Console.WriteLine($"typed queries ({queries:N0}, {typed.Length} shapes, audited): median {times[queries / 2]:0.00} ms, p99 {times[(int)(queries * 0.99)]:0.00} ms, max {times[^1]:0.00} ms; {Cpu(LastCpu)}; {hits:0.0} documents found a query");
        for (int shape = 0; shape < typed.Length; shape++)
        {
            (double[] one, double oneHits) = await TimeAsync(search, purpose, [typed[shape]], Math.Max(20, queries / typed.Length));
            Console.WriteLine($"  shape {shape + 1} ({typed[shape]().Query}): median {one[one.Length / 2]:0.00} ms, p99 {one[(int)(one.Length * 0.99)]:0.00} ms; {Cpu(LastCpu)}; {oneHits:0.0} found");
        }

        var index = new double[queries];
        for (int i = 0; i < queries; i++)
        {
            SearchRequest request = typed[i % typed.Length]();
            long start = Stopwatch.GetTimestamp();
            await store.FullText.SearchAsync(SoHoa.Storage.FullText.SearchQuery.Parse(request.Query, request.Exact), new(request.Kind, null, null, null, null), 20, CancellationToken.None);
            index[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(index);
        Console.WriteLine($"  the FTS5 query alone: median {index[queries / 2]:0.00} ms, p99 {index[(int)(queries * 0.99)]:0.00} ms");

        // The audit entry every search writes: one SQLite commit (an fsync of the WAL) and the head file.
        var audit = new double[queries];
        for (int i = 0; i < queries; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await store.AuditLog.AppendAsync(new AuditEntry(DateTimeOffset.UtcNow, purpose.Actor, "search", null, purpose.ProcedureCode, null, null, "query \"giay khai sinh\": at least 500 found, 20 returned"));
            audit[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(audit);
        Console.WriteLine($"  the audit entry alone: median {audit[queries / 2]:0.00} ms, p99 {audit[(int)(queries * 0.99)]:0.00} ms");
        (double[] worst, double worstHits) = await TimeAsync(search, purpose, common, Math.Max(20, queries / 20));
        Console.WriteLine($"worst case, words on nearly every paper ({worst.Length}): median {worst[worst.Length / 2]:0.0} ms, p99 {worst[(int)(worst.Length * 0.99)]:0.0} ms, max {worst[^1]:0.0} ms; {Cpu(LastCpu)}; {worstHits:N0} documents found a query");
        return 0;
    }

    /// <summary>Wall-clock times, sorted, and the documents found a query; <see cref="LastCpu"/> gets the process CPU times of the same queries, sorted.</summary>
    private static async Task<(double[] Times, double Hits)> TimeAsync(DocumentSearch search, ReadPurpose purpose, Func<SearchRequest>[] shapes, int count)
    {
        var times = new double[count];
        LastCpu = new double[count];
        long found = 0;
        for (int i = 0; i < count; i++)
        {
            SearchRequest request = shapes[i % shapes.Length]();
            double cpu = CpuMilliseconds();
            long start = Stopwatch.GetTimestamp();
            found += (await search.SearchAsync(request, purpose)).TotalDocuments;
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            LastCpu[i] = CpuMilliseconds() - cpu;
        }

        Array.Sort(times);
        Array.Sort(LastCpu);
        return (times, found / (double)count);
    }

    /// <summary>The CPU times of the last <see cref="TimeAsync"/>: on a machine shared with other work, wall-clock time mostly measures the wait for a core.</summary>
    private static double[] LastCpu { get; set; } = [];

    private static string Cpu(double[] cpu) => $"CPU median {cpu[cpu.Length / 2]:0.00} ms, p99 {cpu[(int)(cpu.Length * 0.99)]:0.00} ms";

    /// <summary>The process's CPU time (clock_gettime CLOCK_PROCESS_CPUTIME_ID, nanoseconds; /proc's ticks are 10 ms).</summary>
    private static double CpuMilliseconds() => ClockGetTime(2, out TimeSpec now) == 0 ? (now.Seconds * 1000.0) + (now.Nanoseconds / 1e6) : double.NaN;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private readonly record struct TimeSpec(long Seconds, long Nanoseconds);

    /// <summary>Paper <paramref name="i"/>: the generator's text of a random paper, its kind, and the name of a citizen on it.</summary>
    private static (string Kind, string Name, string[] Pages) Paper(int i)
    {
        var random = SeededRandom.For(20261204, "search", i);
        int kind = random.Next(Kinds.Length);
        ComposedDocument document = RandomDocuments.Create(Kinds[kind], random, new DateOnly(2026, 11, 30));
        string[] pages = Paginator.Paginate(document.Blocks).Select(p => Damage(string.Join('\n', p.TextLines), random)).ToArray();
        string name = document.Fields.FirstOrDefault(f => f.Key == "fullName").Value ?? RandomDocuments.Official(random);
        return (KindNames[kind], name, pages);
    }

    /// <summary>What OCR does to some words of a degraded scan: about 2% lose their diacritics, 1% a letter.</summary>
    private static string Damage(string text, SeededRandom random)
    {
        string[] words = text.Split(' ');
        for (int w = 0; w < words.Length; w++)
        {
            int roll = random.Next(100);
            words[w] = roll < 2 ? Fold(words[w]) : roll < 3 && words[w].Length > 3 ? words[w].Remove(random.Next(words[w].Length), 1) : words[w];
        }

        return string.Join(' ', words);
    }

    private static async Task FillAsync(FolderDocumentStore store, string root, int from, int to, List<string> names)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(root, "index.db")}");
        connection.Open();
        var start = new DateTimeOffset(2024, 1, 1, 1, 0, 0, TimeSpan.Zero);
        SqliteTransaction? transaction = null;
        for (int i = from; i < to; i++)
        {
            transaction ??= connection.BeginTransaction();
            (string kind, string name, string[] pages) = Paper(i);
            if (names.Count < 20000)
            {
                names.Add(name);
            }

            string id = i.ToString("x32", CultureInfo.InvariantCulture);
            string dossier = string.Create(CultureInfo.InvariantCulture, $"000.00.01.H12-{start.AddMinutes(i * 10):yyMMdd}-{i % 10000 + 1:D4}");
            using (SqliteCommand row = connection.CreateCommand())
            {
                row.Transaction = transaction;
                row.CommandText = """
                    INSERT INTO documents (document_id, person_key, agency_code, dossier_code, procedure_code, kind, role, pdf_path, sidecar_path, pdf_sha256, page_count, batch_id, stored_at)
                    VALUES ($id, $person, $agency, $dossier, '1.001612', $kind, 'input', $id || '.pdf', $id || '.json', $id || $id, $pages, 'BENCH', $at)
                    """;
                row.Parameters.AddWithValue("$id", id);
                row.Parameters.AddWithValue("$person", (i % (to / 5 + 1)).ToString("x64", CultureInfo.InvariantCulture));
                row.Parameters.AddWithValue("$agency", i % 7 == 0 ? "000.00.02.H12" : "000.00.01.H12");
                row.Parameters.AddWithValue("$dossier", dossier);
                row.Parameters.AddWithValue("$kind", kind);
                row.Parameters.AddWithValue("$pages", pages.Length);
                row.Parameters.AddWithValue("$at", start.AddMinutes(i * 10).ToString("O", CultureInfo.InvariantCulture));
                row.ExecuteNonQuery();
            }

            byte[] sidecar = JsonSerializer.SerializeToUtf8Bytes(new { pages = pages.Select((text, p) => new { number = p + 1, inPdf = true, text }) });
            await store.FullText.IndexAsync(connection, transaction, id, sidecar, CancellationToken.None);
            if ((i + 1) % 5000 == 0 || i + 1 == to)
            {
                transaction.Commit();
                transaction.Dispose();
                transaction = null;
            }
        }
    }

    private static (long Documents, long Pages) Counts(string root)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(root, "index.db")}");
        connection.Open();
        using SqliteCommand count = connection.CreateCommand();
        count.CommandText = "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM search_pages)";
        using SqliteDataReader reader = count.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Bytes on disk of the FTS5 index and of the snippet text and document tables: a compacted copy of
    /// index.db is measured, then again without each (the bundled SQLite has no dbstat table).
    /// </summary>
    private static (long Fts, long Text) Sizes(string root)
    {
        string copy = Path.Combine(Path.GetTempPath(), $"sohoa-search-size-{Environment.ProcessId}.db");
        File.Delete(copy);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(root, "index.db")};Pooling=False"))
        {
            connection.Open();
            Execute(connection, $"VACUUM INTO '{copy}'");
        }

        try
        {
            using var compact = new SqliteConnection($"Data Source={copy};Pooling=False");
            compact.Open();
            long whole = new FileInfo(copy).Length;
            Execute(compact, "DROP TABLE search_folded; DROP TABLE search_exact; DROP TABLE IF EXISTS search_pairs; VACUUM");
            long withoutIndex = new FileInfo(copy).Length;
            Execute(compact, "DROP TABLE search_pages; DROP TABLE search_documents; VACUUM");
            return (whole - withoutIndex, withoutIndex - new FileInfo(copy).Length);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(copy);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Pick(Random random, List<string> names) => names[random.Next(names.Count)];

    private static string Fold(string text) =>
        new(text.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());

    private static string Prefixed(string name) => string.Join(' ', Fold(name).Split(' ').Select(w => w.Length > 3 ? w[..3] + "*" : w));
}
