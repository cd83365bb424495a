using System.Text;
using Microsoft.Data.Sqlite;
using SoHoa.Identifiers;
using SoHoa.Search;
using SoHoa.Storage;
using SoHoa.Storage.FullText;

namespace SoHoa.Tests.Search;

/// <summary>The full-text index as part of the store: filters, rebuild, the audit of every search, and no raw personal ID anywhere in it.</summary>
[TestClass]
public sealed class SearchIndexTests
{
    [TestMethod]
    public async Task Search_Filters_KindAgencyCitizenAndDaysCombine()
    {
        using var store = new SearchStore();
        var other = PersonalId.Parse("093196964405");
        var day = new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);
        string birth = await store.AddAsync(["Giấy khai sinh Nguyễn Văn An"], storedAt: day);
        string receipt = await store.AddAsync(["Giấy tiếp nhận hồ sơ: giấy khai sinh"], kind: "dossier-receipt", storedAt: day.AddDays(2));
        string otherAgency = await store.AddAsync(["Giấy khai sinh Dương Thu Chi"], agency: "000.00.02.H12", storedAt: day.AddDays(5), owner: other);

        CollectionAssert.AreEqual(new[] { receipt }, await store.IdsAsync(new SearchRequest("khai sinh") { Kind = "dossier-receipt" }));
        CollectionAssert.AreEqual(new[] { otherAgency }, await store.IdsAsync(new SearchRequest("khai sinh") { AgencyCode = "000.00.02.H12" }));
        CollectionAssert.AreEqual(new[] { otherAgency }, await store.IdsAsync(new SearchRequest("khai sinh") { Owner = other }));
        CollectionAssert.AreEquivalent(new[] { birth, receipt }, await store.IdsAsync(new SearchRequest("khai sinh") { To = new DateOnly(2026, 11, 22) }));
        CollectionAssert.AreEquivalent(new[] { receipt, otherAgency }, await store.IdsAsync(new SearchRequest("khai sinh") { From = new DateOnly(2026, 11, 22) }));
        CollectionAssert.AreEqual(new[] { receipt }, await store.IdsAsync(new SearchRequest("khai sinh") { From = new DateOnly(2026, 11, 21), To = new DateOnly(2026, 11, 24), Owner = SearchStore.Citizen }));
        Assert.AreEqual(0, (await store.IdsAsync(new SearchRequest("khai sinh") { Kind = "dossier-receipt", AgencyCode = "000.00.02.H12" })).Length);
    }

    [TestMethod]
    public async Task Search_Days_AreDaysInVietnam()
    {
        using var store = new SearchStore();
        string lateEvening = await store.AddAsync(["Giấy khai sinh"], storedAt: new DateTimeOffset(2026, 11, 20, 17, 30, 0, TimeSpan.Zero));

        CollectionAssert.AreEqual(new[] { lateEvening }, await store.IdsAsync(new SearchRequest("khai sinh") { From = new DateOnly(2026, 11, 21), To = new DateOnly(2026, 11, 21) }), "17:30 UTC is 00:30 the next day in Vietnam");
        Assert.AreEqual(0, (await store.IdsAsync(new SearchRequest("khai sinh") { To = new DateOnly(2026, 11, 20) })).Length);
    }

    [TestMethod]
    public async Task Search_DaysOrLimitOutOfOrder_AreRefusedClearly()
    {
        using var store = new SearchStore();

        var days = await Assert.ThrowsExactlyAsync<SearchQueryException>(() => store.IdsAsync(new SearchRequest("an") { From = new DateOnly(2026, 2, 1), To = new DateOnly(2026, 1, 1) }));
        var limit = await Assert.ThrowsExactlyAsync<SearchQueryException>(() => store.IdsAsync(new SearchRequest("an") { Limit = 0 }));

        StringAssert.Contains(days.Message, "2026-02-01");
        StringAssert.Contains(limit.Message, "from 1 to 1000");
    }

    [TestMethod]
    public async Task Rebuild_GivesTheSameResultsAsIndexingWhileStoring()
    {
        using var store = new SearchStore();
        await store.AddAsync(["Giấy khai sinh Nguyễn Văn An, số 093090001234", "Trang hai: Hòa An"]);
        await store.AddAsync(["Giấy khai sinh Trần Quốc Dũng", null, "Nơi sinh: xã Hòa An"]);
        await store.AddAsync(["Quyết định công nhận hộ kinh doanh Nguyễn Thị Hạnh"]);
        string[] queries = ["khai sinh", "hoa an", "nguy*", "\"van an\"", "093090001234", "Nguyễn"];
        string[] before = await SnapshotAsync(store, queries);

        FullTextRebuild rebuild = await store.Search.RebuildIndexAsync();

        Assert.AreEqual(new FullTextRebuild(3, 5, 0), rebuild);
        CollectionAssert.AreEqual(before, await SnapshotAsync(store, queries));
        Assert.IsTrue(before.Count(s => s.Length > 0) >= 5, "the queries find something");
    }

    [TestMethod]
    public async Task Open_StoreMadeBeforeTheIndex_SaysTheIndexIsIncompleteUntilRebuilt()
    {
        using var store = new SearchStore();
        string id = await store.AddAsync(["Giấy khai sinh Nguyễn Văn An"]);
        DocumentSearch reopened = ReopenWithout(store, "search_folded", "search_exact", "search_pages", "search_documents", "search_state");
        SearchResults before = await reopened.SearchAsync(new SearchRequest("khai sinh"), SearchStore.Officer);
        await reopened.RebuildIndexAsync();
        SearchResults after = await reopened.SearchAsync(new SearchRequest("khai sinh"), SearchStore.Officer);

        Assert.IsFalse(before.IndexComplete);
        Assert.AreEqual(0, before.Hits.Count);
        Assert.IsTrue(after.IndexComplete);
        Assert.AreEqual(id, after.Hits.Single().Document.DocumentId);
    }

    [TestMethod]
    public async Task Open_IndexMadeBeforeWordPairs_SaysItIsIncompleteUntilRebuilt()
    {
        using var store = new SearchStore();
        string id = await store.AddAsync(["Người yêu cầu: bà Đỗ Mỹ Chi"]);
        DocumentSearch reopened = ReopenWithout(store, "search_pairs");
        SearchResults before = await reopened.SearchAsync(new SearchRequest("do my chi"), SearchStore.Officer);
        await reopened.RebuildIndexAsync();
        SearchResults after = await reopened.SearchAsync(new SearchRequest("do my chi"), SearchStore.Officer);

        Assert.IsFalse(before.IndexComplete, "pages indexed before the pair index existed are not in it");
        Assert.IsTrue(after.IndexComplete);
        Assert.AreEqual(id, after.Hits.Single().Document.DocumentId);
    }

    [TestMethod]
    public async Task Search_IsAuditedWithWhoWhyTheQueryAndTheDocumentsReturned()
    {
        using var store = new SearchStore();
        string id = await store.AddAsync(["Giấy khai sinh Nguyễn Văn An"]);

        await store.Search.SearchAsync(new SearchRequest("giay khai sinh") { Kind = "birth-certificate" }, SearchStore.Officer);

        AuditEntry entry = (await AuditAsync(store)).Single();
        Assert.AreEqual("search", entry.Action);
        Assert.AreEqual(SearchStore.Officer.Actor, entry.Actor);
        Assert.AreEqual(SearchStore.Officer.ProcedureCode, entry.ProcedureCode);
        Assert.AreEqual(SearchStore.Officer.DossierCode, entry.DossierCode);
        Assert.IsNull(entry.PersonKey);
        Assert.AreEqual($"query \"giay khai sinh\" kind=birth-certificate: 1 found, 1 returned: {id}", entry.Outcome);
        Assert.IsTrue((await store.Store.AuditLog.VerifyAsync()).Intact);
    }

    [TestMethod]
    public async Task Search_QueryHoldingAPersonalId_FindsItButAuditsAKeyedHashAndTheCitizenKey()
    {
        using var store = new SearchStore();
        string id = await store.AddAsync(["Số định danh cá nhân: 093090001234"]);
        await store.AddAsync(["Số định danh cá nhân: 093196964405"]);

        SearchResults results = await store.FindAsync("dinh danh 093090001234");
        await store.FindAsync("0912 345 678");

        Assert.AreEqual(id, results.Hits.Single().Document.DocumentId);
        AuditEntry[] entries = await AuditAsync(store);
        Assert.IsTrue(entries.All(e => e.Outcome.StartsWith("query hmac-sha256:", StringComparison.Ordinal)), string.Join('\n', entries.Select(e => e.Outcome)));
        Assert.IsFalse(entries.Any(e => e.Outcome.Contains("093090001234") || e.Outcome.Contains("0912 345 678") || e.Outcome.Contains("dinh danh")), "neither the ID, nor the phone number, nor the rest of the query is in the log");
        Assert.AreEqual(store.Store.PersonKey(SearchStore.Citizen), entries[0].PersonKey, "the search is on the citizen's record");
        Assert.AreNotEqual(entries[0].Outcome.Split(':')[1], entries[1].Outcome.Split(':')[1]);
    }

    [TestMethod]
    public async Task IndexDatabase_NeverHoldsARawPersonalId()
    {
        using var store = new SearchStore();
        await store.AddAsync(["Căn cước công dân số 093090001234, Nguyễn Văn An"]);
        await store.FindAsync("093090001234");
        await store.Search.RebuildIndexAsync();
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(store.Path, "index.db")};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }

        byte[] database = File.ReadAllBytes(Path.Combine(store.Path, "index.db"));

        Assert.IsTrue(database.AsSpan().IndexOf("Nguy"u8) >= 0, "the text is in the file, so a raw ID would be too");
        Assert.AreEqual(-1, database.AsSpan().IndexOf("093090001234"u8));
        Assert.AreEqual(-1, database.AsSpan().IndexOf(Encoding.Unicode.GetBytes("093090001234")));
    }

    [TestMethod]
    public async Task StoreAsync_SidecarLeftByACrash_IsIndexedAsItIsOnDisk()
    {
        using var store = new SearchStore();
        string first = await store.AddAsync(["Giấy khai sinh Nguyễn Văn An"]);
        StoredDocument stored = (await store.Store.GetAsync(first))!;
        string sidecarPath = store.Store.FullPath(stored.SidecarPath.Replace(first, "f" + first[1..], StringComparison.Ordinal));
        var crashed = stored with { DocumentId = "f" + first[1..], PdfPath = stored.PdfPath.Replace(first, "f" + first[1..], StringComparison.Ordinal), SidecarPath = stored.SidecarPath.Replace(first, "f" + first[1..], StringComparison.Ordinal) };
        File.WriteAllBytes(sidecarPath, SearchStore.Sidecar(crashed.DocumentId, ["Sidecar written before the crash: Hòa An"]));

        await store.Store.StoreAsync(crashed, SearchStore.Citizen, "%PDF-1.7\n%%EOF\n"u8.ToArray(), SearchStore.Sidecar(crashed.DocumentId, ["Sidecar of the retry: Phụng Hiệp"]));

        Assert.AreEqual(crashed.DocumentId, (await store.FindAsync("crash hoa an")).Hits.Single().Document.DocumentId);
        Assert.AreEqual(0, (await store.FindAsync("phung hiep")).Hits.Count);
    }

    private static async Task<string[]> SnapshotAsync(SearchStore store, string[] queries)
    {
        var snapshot = new List<string>();
        foreach (string query in queries)
        {
            SearchResults results = await store.FindAsync(query);
            snapshot.Add(string.Join(" | ", results.Hits.Select(h => $"{h.Document.DocumentId} p{h.Page} [{string.Join(',', h.Pages)}] {h.Score:F6} {h.Snippet.Marked()}")));
        }

        return [.. snapshot];
    }

    private static async Task<AuditEntry[]> AuditAsync(SearchStore store)
    {
        var entries = new List<AuditEntry>();
        await foreach (AuditRecord record in store.Store.AuditLog.ReadAsync(null, null))
        {
            entries.Add(record.Entry);
        }

        return [.. entries];
    }

    /// <summary>Drops <paramref name="tables"/> from the store's index, as an older SoHoa made it, and opens the store again.</summary>
    private static DocumentSearch ReopenWithout(SearchStore store, params string[] tables)
    {
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(store.Path, "index.db")};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand drop = connection.CreateCommand();
            drop.CommandText = string.Concat(tables.Select(t => $"DROP TABLE {t};"));
            drop.ExecuteNonQuery();
        }

        return new DocumentSearch(FolderDocumentStore.Open(store.Path));
    }
}
