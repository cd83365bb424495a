using Microsoft.Data.Sqlite;
using SoHoa.Storage;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Storage;

/// <summary>
/// The folder store's audit log against someone who can write index.db but holds neither the audit key nor the head
/// file: every edit, removal, reordering and cut-off end is found.
/// </summary>
[TestClass]
public sealed class SqliteAuditLogTests
{
    [TestMethod]
    public async Task VerifyAsync_UntouchedLog_IsIntact()
    {
        using var folder = new TempDirectory();
        await WriteEntriesAsync(folder.Path, 5);

        AuditCheck check = await FolderDocumentStore.Open(folder.Path).AuditLog.VerifyAsync();

        Assert.IsTrue(check.Intact, check.Message);
        Assert.AreEqual(5, check.Entries);
    }

    [TestMethod]
    public async Task AppendAsync_ManyWritersAtOnce_KeepOneUnforkedChain()
    {
        using var folder = new TempDirectory();
        FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => store.AuditLog.AppendAsync(Entry(i)))));

        AuditCheck check = await FolderDocumentStore.Open(folder.Path).AuditLog.VerifyAsync();
        Assert.IsTrue(check.Intact, check.Message);
        Assert.AreEqual(40, check.Entries);
    }

    [TestMethod]
    [DataRow("UPDATE audit SET outcome = 'refused: signature.invalid' WHERE seq = 3", 3L, DisplayName = "an outcome edited")]
    [DataRow("UPDATE audit SET actor = 'someone else' WHERE seq = 1", 1L, DisplayName = "an actor edited")]
    [DataRow("DELETE FROM audit WHERE seq = 2", 2L, DisplayName = "an entry removed")]
    [DataRow("UPDATE audit SET seq = -seq WHERE seq IN (2, 3); UPDATE audit SET seq = 5 - seq WHERE seq IN (-2, -3)", 2L, DisplayName = "two entries swapped")]
    [DataRow("DELETE FROM audit WHERE seq >= 4", 4L, DisplayName = "the end cut off")]
    public async Task VerifyAsync_DatabaseTamperedWith_NamesTheFirstBrokenEntry(string tampering, long brokenAt)
    {
        using var folder = new TempDirectory();
        await WriteEntriesAsync(folder.Path, 5);
        Tamper(folder.Path, tampering);

        AuditCheck check = await FolderDocumentStore.Open(folder.Path).AuditLog.VerifyAsync();

        Assert.IsFalse(check.Intact, check.Message);
        Assert.AreEqual(brokenAt, check.BrokenAt, check.Message);
    }

    [TestMethod]
    public async Task VerifyAsync_EntriesRewrittenWithAnotherKey_AreFound()
    {
        using var folder = new TempDirectory();
        await WriteEntriesAsync(folder.Path, 3);
        Tamper(folder.Path, "DELETE FROM audit");
        File.Delete(Path.Combine(folder.Path, ".sohoa", "audit.head"));
        // Someone who can write the database writes a whole new chain, keyed with a key of their own.
        HmacKey forged = HmacKey.FromSecret(new byte[32]);
        FolderDocumentStore forger = FolderDocumentStore.Open(folder.Path, auditKey: forged);
        await forger.AuditLog.AppendAsync(Entry(0));

        AuditCheck check = await FolderDocumentStore.Open(folder.Path).AuditLog.VerifyAsync();

        Assert.IsFalse(check.Intact, check.Message);
        Assert.AreEqual(1L, check.BrokenAt);
    }

    [TestMethod]
    public async Task VerifyAsync_HeadFileMissing_SaysTheEndCannotBeVouchedFor()
    {
        using var folder = new TempDirectory();
        await WriteEntriesAsync(folder.Path, 2);
        File.Delete(Path.Combine(folder.Path, ".sohoa", "audit.head"));

        AuditCheck check = await FolderDocumentStore.Open(folder.Path).AuditLog.VerifyAsync();

        Assert.IsFalse(check.Intact);
        StringAssert.Contains(check.Message, "head");
    }

    [TestMethod]
    public async Task ReadAsync_TimeWindow_ReturnsOnlyTheEntriesInIt()
    {
        using var folder = new TempDirectory();
        FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);
        var start = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(7));
        for (int i = 0; i < 5; i++)
        {
            await store.AuditLog.AppendAsync(Entry(i) with { At = start.AddHours(i) });
        }

        var read = new List<AuditRecord>();
        await foreach (AuditRecord record in store.AuditLog.ReadAsync(start.AddHours(1), start.AddHours(3)))
        {
            read.Add(record);
        }

        CollectionAssert.AreEqual(new long[] { 2, 3, 4 }, read.Select(r => r.Sequence).ToArray());
    }

    [TestMethod]
    public async Task AppendAsync_FieldWithALineBreak_IsRefused()
    {
        using var folder = new TempDirectory();
        FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);

        await Assert.ThrowsExactlyAsync<ArgumentException>(() => store.AuditLog.AppendAsync(Entry(0) with { Actor = "officer\nforged line" }));
    }

    private static AuditEntry Entry(int i) =>
        new(new DateTimeOffset(2026, 12, 3, 9, 0, i, TimeSpan.Zero), "officer-" + i, "open", "ab" + i, "1.001612", "000.00.01.H12-261203-0001", "doc" + i, "opened");

    private static async Task WriteEntriesAsync(string root, int count)
    {
        FolderDocumentStore store = FolderDocumentStore.Open(root);
        for (int i = 0; i < count; i++)
        {
            await store.AuditLog.AppendAsync(Entry(i));
        }
    }

    /// <summary>Edits index.db as someone with write access to the file would: the append-only triggers are dropped first.</summary>
    private static void Tamper(string root, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(root, "index.db")};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; " + sql;
        command.ExecuteNonQuery();
    }
}
