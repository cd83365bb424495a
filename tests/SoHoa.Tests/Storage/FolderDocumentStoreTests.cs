using System.Security.Cryptography;
using System.Text;
using SoHoa.Batches;
using SoHoa.Identifiers;
using SoHoa.Storage;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Storage;

/// <summary>The folder store's writes: create-only, idempotent, never an overwrite, and repaired after a crash between files and index.</summary>
[TestClass]
public sealed class FolderDocumentStoreTests
{
    private static readonly PersonalId Owner = PersonalId.Parse("093090001234");

    [TestMethod]
    public async Task StoreAsync_SameDocumentTwice_StoresOnce()
    {
        using var folder = new TempDirectory();
        FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);
        byte[] pdf = Pdf("one");

        StoreOutcome first = await store.StoreAsync(Document(pdf), Owner, pdf, "{}"u8.ToArray());
        StoreOutcome second = await store.StoreAsync(Document(pdf), Owner, pdf, "{}"u8.ToArray());

        Assert.AreEqual(StoreOutcome.Stored, first);
        Assert.AreEqual(StoreOutcome.AlreadyStored, second);
        Assert.AreEqual(1, (await store.FindAsync(Owner, null)).Count);
    }

    [TestMethod]
    public async Task StoreAsync_AnotherPdfUnderTheSameId_IsAConflictAndKeepsTheFirst()
    {
        using var folder = new TempDirectory();
        FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);
        byte[] first = Pdf("first signing");
        byte[] second = Pdf("second signing");
        await store.StoreAsync(Document(first), Owner, first, "{}"u8.ToArray());

        var error = await Assert.ThrowsExactlyAsync<SoHoaException>(() => store.StoreAsync(Document(second), Owner, second, "{}"u8.ToArray()));

        Assert.AreEqual(SoHoaErrorCode.Storage, error.Code);
        StringAssert.Contains(error.Message, "already stored with another PDF");
        CollectionAssert.AreEqual(first, File.ReadAllBytes(store.FullPath(Document(first).PdfPath)));
    }

    [TestMethod]
    public async Task StoreAsync_WritersRacingOnOneDocument_StoreItOnceAndOthersSeeItOrAConflict()
    {
        // Many rounds: with a destination check followed by a rename, two writers could both place their PDF (ExclusiveFileTests).
        for (int round = 0; round < 40; round++)
        {
            using var folder = new TempDirectory();
            FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);
            byte[][] pdfs = Enumerable.Range(0, 8).Select(i => Pdf($"round {round}, signed by worker {i}")).ToArray();

            Task<StoreOutcome>[] writers = pdfs.Select(pdf => Task.Run(() => store.StoreAsync(Document(pdf), Owner, pdf, "{}"u8.ToArray()))).ToArray();
            await Task.WhenAll(writers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

            StoredDocument stored = (await store.GetAsync(Document(pdfs[0]).DocumentId))!;
            byte[] onDisk = File.ReadAllBytes(store.FullPath(stored.PdfPath));
            Assert.AreEqual(stored.PdfSha256, Convert.ToHexStringLower(SHA256.HashData(onDisk)), $"round {round}: the index describes the PDF that is on disk");
            Assert.IsTrue(writers.All(w => w.IsCompletedSuccessfully || w.Exception!.InnerException is SoHoaException { Code: SoHoaErrorCode.Storage }));
            Assert.AreEqual(1, Directory.EnumerateFiles(folder.Path, "*.pdf", SearchOption.AllDirectories).Count());
        }
    }

    [TestMethod]
    public async Task StoreAsync_FilesLeftWithoutAnIndexEntryByACrash_AreAdoptedByTheNextStore()
    {
        using var folder = new TempDirectory();
        FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);
        byte[] crashed = Pdf("written before the crash");
        StoredDocument document = Document(crashed);
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.GetDirectoryName(store.FullPath(document.PdfPath))!).FullName, Path.GetFileName(document.PdfPath)), crashed);
        File.WriteAllText(store.FullPath(document.SidecarPath), "{}");
        Assert.IsNull(await store.GetAsync(document.DocumentId), "the crash left no index entry");

        byte[] retried = Pdf("signed again on retry");
        StoreOutcome outcome = await store.StoreAsync(Document(retried), Owner, retried, "{}"u8.ToArray());

        Assert.AreEqual(StoreOutcome.AlreadyStored, outcome);
        StoredDocument indexed = (await store.GetAsync(document.DocumentId))!;
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(crashed)), indexed.PdfSha256, "the entry describes the file on disk, which was not replaced");
        CollectionAssert.AreEqual(crashed, File.ReadAllBytes(store.FullPath(document.PdfPath)));
    }

    [TestMethod]
    public async Task FindAsync_IndexHoldsTheCitizensKeyNeverTheirId()
    {
        using var folder = new TempDirectory();
        FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);
        byte[] pdf = Pdf("x");
        await store.StoreAsync(Document(pdf), Owner, pdf, "{}"u8.ToArray());

        StoredDocument found = (await store.FindAsync(Owner, "birth-certificate")).Single();

        Assert.AreEqual(store.PersonKey(Owner), found.OwnerKey);
        Assert.AreEqual(0, (await store.FindAsync(PersonalId.Parse("093196964405"), null)).Count);
        Assert.IsFalse(Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(folder.Path, "index.db"))).Contains(Owner.Value, StringComparison.Ordinal));
    }

    [TestMethod]
    public void FullPath_PathLeavingTheStore_IsRefused()
    {
        using var folder = new TempDirectory();
        FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);

        Assert.ThrowsExactly<ArgumentException>(() => store.FullPath("../outside.pdf"));
    }

    [TestMethod]
    public async Task StoreAsync_PaperReview_KeptInTheIndexAsFieldNamesOnly()
    {
        using var folder = new TempDirectory();
        FolderDocumentStore store = FolderDocumentStore.Open(folder.Path);
        byte[] pdf = Pdf("flagged");

        await store.StoreAsync(Document(pdf) with { PaperReview = "applicant.dateOfBirth,document.documentNumber" }, Owner, pdf, "{}"u8.ToArray());

        Assert.AreEqual("applicant.dateOfBirth,document.documentNumber", (await store.FindAsync(Owner, null)).Single().PaperReview);
    }

    [TestMethod]
    public async Task Open_IndexFromBeforeThePaperReviewColumn_AddsItAndReadsOldRowsAsNull()
    {
        using var folder = new TempDirectory();
        byte[] pdf = Pdf("old");
        await FolderDocumentStore.Open(folder.Path).StoreAsync(Document(pdf), Owner, pdf, "{}"u8.ToArray());
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder.Path, "index.db")};Pooling=False"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "ALTER TABLE documents DROP COLUMN paper_review";
            drop.ExecuteNonQuery();
        }

        FolderDocumentStore reopened = FolderDocumentStore.Open(folder.Path);

        Assert.IsNull((await reopened.FindAsync(Owner, null)).Single().PaperReview);
    }

    private static byte[] Pdf(string content) => Encoding.ASCII.GetBytes("%PDF-1.7\n% " + content + "\n%%EOF\n");

    private static StoredDocument Document(byte[] pdf) =>
        new("0123456789abcdef0123456789abcdef", "000.00.01.H12", "000.00.01.H12-261203-0001", "1.001612", "birth-certificate", DocumentRole.Input, "123/2020",
            new DateOnly(2020, 12, 23), null, DocumentPaths.Pdf("000.00.01.H12", new DateOnly(2026, 12, 3), "000.00.01.H12-261203-0001", "0123456789abcdef0123456789abcdef"),
            DocumentPaths.Sidecar("000.00.01.H12", new DateOnly(2026, 12, 3), "000.00.01.H12-261203-0001", "0123456789abcdef0123456789abcdef"),
            Convert.ToHexStringLower(SHA256.HashData(pdf)), 1, "TEST-1", new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
}
