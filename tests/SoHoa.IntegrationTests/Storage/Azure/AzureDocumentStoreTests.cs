using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SoHoa.Azure.Storage;
using SoHoa.Identifiers;
using SoHoa.IntegrationTests.Support;
using SoHoa.Reuse;
using SoHoa.Signing.Verification;
using SoHoa.Storage;
using static SoHoa.IntegrationTests.Storage.Azure.AzureTestDocuments;

namespace SoHoa.IntegrationTests.Storage.Azure;

/// <summary>
/// The Azure store on a real Azurite: the same contract as the folder store (create-only, idempotent, never an overwrite,
/// repaired after a crash between blob and row), the reuse index as table rows, and the reuse service's checks over it.
/// </summary>
[TestClass]
public sealed class AzureDocumentStoreTests
{
    private static readonly PersonalId Owner = PersonalId.Parse("093090001234");
    private static AzuriteServer _azurite = null!;

    [ClassInitialize]
    public static void StartAzurite(TestContext context)
    {
        _ = context;
        _azurite = AzuriteServer.Start(TestEnvironment.NewDirectory("azurite"));
    }

    [ClassCleanup]
    public static void StopAzurite() => _azurite?.Dispose();

    [TestMethod]
    public async Task StoreAsync_ThenGetFindAndRead_RoundTrips()
    {
        (AzureDocumentStore store, AzureStoreOptions options) = NewStore();
        byte[] pdf = PdfBytes("round trip", 4096);
        StoredDocument document = Document(pdf) with { SignatureLevel = "B-T", PaperReview = "applicant.fullName" };

        StoreOutcome outcome = await store.StoreAsync(document, Owner, pdf, "{\"schema\":\"x\"}"u8.ToArray());

        Assert.AreEqual(StoreOutcome.Stored, outcome);
        StoredDocument got = (await store.GetAsync(document.DocumentId))!;
        Assert.AreEqual(document with { OwnerKey = store.PersonKey(Owner) }, got);
        StoredDocument found = (await store.FindAsync(Owner, "birth-certificate")).Single();
        Assert.AreEqual(got, found);
        Assert.AreEqual(0, (await store.FindAsync(Owner, "identity-card")).Count);
        Assert.AreEqual(0, (await store.FindAsync(PersonalId.Parse("093196964405"), null)).Count, "an unknown citizen has nothing, and that is no error");
        Assert.IsNull(await store.GetAsync(NewId()));
        Assert.IsNull(await store.GetAsync("not/a#key"));
        using (Stream stream = await store.OpenReadAsync(document.PdfPath))
        using (var copy = new MemoryStream())
        {
            await stream.CopyToAsync(copy);
            CollectionAssert.AreEqual(pdf, copy.ToArray());
        }

        BlobProperties properties = (await Container(options).GetBlobClient(document.PdfPath).GetPropertiesAsync()).Value;
        Assert.AreEqual("application/pdf", properties.ContentType);
        Assert.AreEqual(document.PdfSha256, properties.Metadata["sha256"]);
        List<TableEntity> rows = await EntitiesAsync(options);
        CollectionAssert.AreEquivalent(new[] { store.PersonKey(Owner), "doc-01" }, rows.Select(r => r.PartitionKey).ToArray(), "the citizen's row and the id row");
        Assert.IsTrue(rows.All(r => r.RowKey == document.DocumentId && r.GetString("PersonKey") == store.PersonKey(Owner)));
    }

    [TestMethod]
    public async Task StoreAsync_SameDocumentTwice_StoresOnce()
    {
        (AzureDocumentStore store, AzureStoreOptions options) = NewStore();
        byte[] pdf = PdfBytes("one");

        StoreOutcome first = await store.StoreAsync(Document(pdf), Owner, pdf, "{}"u8.ToArray());
        StoreOutcome second = await store.StoreAsync(Document(pdf), Owner, pdf, "{}"u8.ToArray());

        Assert.AreEqual(StoreOutcome.Stored, first);
        Assert.AreEqual(StoreOutcome.AlreadyStored, second);
        Assert.AreEqual(1, (await store.FindAsync(Owner, null)).Count);
        Assert.AreEqual(2, (await BlobNamesAsync(options)).Count(n => !n.StartsWith("audit/", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task StoreAsync_AnotherPdfUnderTheSameId_IsAConflictAndKeepsTheFirst()
    {
        (AzureDocumentStore store, AzureStoreOptions options) = NewStore();
        byte[] first = PdfBytes("first signing");
        byte[] second = PdfBytes("second signing");
        await store.StoreAsync(Document(first), Owner, first, "{}"u8.ToArray());

        var error = await Assert.ThrowsExactlyAsync<SoHoaException>(() => store.StoreAsync(Document(second), Owner, second, "{}"u8.ToArray()));

        Assert.AreEqual(SoHoaErrorCode.Storage, error.Code);
        Assert.IsFalse(error.IsTransient);
        StringAssert.Contains(error.Message, "already stored with another PDF");
        CollectionAssert.AreEqual(first, await ReadBlobAsync(options, Document(first).PdfPath));
        Assert.AreEqual(Document(first).PdfSha256, (await store.GetAsync(Document(first).DocumentId))!.PdfSha256);
    }

    [TestMethod]
    public async Task StoreAsync_TwoWorkersRacingOnTheSamePdf_StoreItOnce()
    {
        (AzureDocumentStore first, AzureStoreOptions options) = NewStore();
        AzureDocumentStore second = AzureDocumentStore.Open(options);
        byte[] pdf = PdfBytes("the same signed bytes", 64 * 1024);

        for (int round = 0; round < 5; round++)
        {
            StoredDocument document = Document(pdf, NewId());
            using var start = new ManualResetEventSlim();
            Task<StoreOutcome> a = Task.Run(() => { start.Wait(); return first.StoreAsync(document, Owner, pdf, "{}"u8.ToArray()); });
            Task<StoreOutcome> b = Task.Run(() => { start.Wait(); return second.StoreAsync(document, Owner, pdf, "{}"u8.ToArray()); });
            start.Set();
            StoreOutcome[] outcomes = await Task.WhenAll(a, b);

            CollectionAssert.AreEquivalent(new[] { StoreOutcome.Stored, StoreOutcome.AlreadyStored }, outcomes, "one wrote it, the other found it there");
        }

        Assert.AreEqual(5, (await first.FindAsync(Owner, null)).Count);
        Assert.AreEqual(10, (await EntitiesAsync(options)).Count, "two rows a document, no more");
        Assert.AreEqual(10, (await BlobNamesAsync(options)).Count(n => !n.StartsWith("audit/", StringComparison.Ordinal)), "one PDF and one sidecar a document");
    }

    [TestMethod]
    public async Task StoreAsync_WorkersRacingWithDifferentPdfs_KeepOneAndTheIndexDescribesIt()
    {
        (AzureDocumentStore store, AzureStoreOptions options) = NewStore();
        AzureDocumentStore[] workers = [store, .. Enumerable.Range(0, 3).Select(_ => AzureDocumentStore.Open(options))];
        byte[][] pdfs = Enumerable.Range(0, 8).Select(i => PdfBytes("signed by worker " + i)).ToArray();
        string id = NewId();

        Task<StoreOutcome>[] writers = pdfs.Select((pdf, i) => Task.Run(() => workers[i % workers.Length].StoreAsync(Document(pdf, id), Owner, pdf, "{}"u8.ToArray()))).ToArray();
        await Task.WhenAll(writers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        StoredDocument stored = (await store.GetAsync(id))!;
        byte[] inContainer = await ReadBlobAsync(options, stored.PdfPath);
        Assert.AreEqual(stored.PdfSha256, Convert.ToHexStringLower(SHA256.HashData(inContainer)), "the index describes the PDF that is in the container");
        Assert.IsTrue(writers.All(w => w.IsCompletedSuccessfully || w.Exception!.InnerException is SoHoaException { Code: SoHoaErrorCode.Storage }));
        Assert.IsTrue(writers.Count(w => w.IsCompletedSuccessfully && w.Result == StoreOutcome.Stored) <= 1);
        Assert.AreEqual(1, (await BlobNamesAsync(options)).Count(n => n.EndsWith(".pdf", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task StoreAsync_BlobLeftWithoutItsRowsByACrash_IsAdoptedByTheNextStore()
    {
        (AzureDocumentStore store, AzureStoreOptions options) = NewStore();
        byte[] crashed = PdfBytes("written before the crash");
        StoredDocument document = Document(crashed);
        await store.EnsureReadyAsync();
        await Container(options).GetBlobClient(document.PdfPath).UploadAsync(new BinaryData(crashed));
        Assert.IsNull(await store.GetAsync(document.DocumentId), "the crash left no row");
        Assert.AreEqual(0, (await store.FindAsync(Owner, null)).Count, "a blob without rows is not visible");

        byte[] retried = PdfBytes("signed again on retry");
        StoreOutcome outcome = await store.StoreAsync(Document(retried), Owner, retried, "{}"u8.ToArray());

        Assert.AreEqual(StoreOutcome.AlreadyStored, outcome);
        StoredDocument indexed = (await store.GetAsync(document.DocumentId))!;
        Assert.AreEqual(document.PdfSha256, indexed.PdfSha256, "the rows describe the blob in the container, which was not replaced");
        CollectionAssert.AreEqual(crashed, await ReadBlobAsync(options, document.PdfPath));
        Assert.AreEqual(1, (await store.FindAsync(Owner, null)).Count);
        Assert.IsTrue((await BlobNamesAsync(options)).Contains(document.SidecarPath), "the sidecar the crash did not write is written");
    }

    [TestMethod]
    public async Task StoreAsync_CrashBetweenTheCitizensRowAndTheIdRow_IsCompletedByTheNextStore()
    {
        (AzureDocumentStore store, AzureStoreOptions options) = NewStore();
        byte[] pdf = PdfBytes("indexed halfway");
        StoredDocument document = Document(pdf);
        await store.StoreAsync(document, Owner, pdf, "{}"u8.ToArray());
        await Table(options).DeleteEntityAsync("doc-01", document.DocumentId);
        Assert.IsNull(await store.GetAsync(document.DocumentId));

        StoreOutcome outcome = await store.StoreAsync(document, Owner, pdf, "{}"u8.ToArray());

        Assert.AreEqual(StoreOutcome.Stored, outcome, "the id row was written now");
        Assert.IsNotNull(await store.GetAsync(document.DocumentId));
        Assert.AreEqual(2, (await EntitiesAsync(options)).Count);
    }

    [TestMethod]
    public async Task LinkAsync_ReusedDocument_IsIndexedWithoutASecondCopyOfThePdf()
    {
        (AzureDocumentStore store, AzureStoreOptions options) = NewStore();
        byte[] pdf = PdfBytes("reused");
        StoredDocument source = Document(pdf);
        await store.StoreAsync(source, Owner, pdf, "{}"u8.ToArray());
        string linkId = NewId();
        StoredDocument link = source with
        {
            DocumentId = linkId,
            DossierCode = "000.00.01.H12-261204-0002",
            SidecarPath = DocumentPaths.Sidecar(Agency, new DateOnly(2026, 12, 4), "000.00.01.H12-261204-0002", linkId),
            ReusedFrom = source.DocumentId,
        };

        StoreOutcome first = await store.LinkAsync(link, Owner, "{\"reusedFrom\":1}"u8.ToArray());
        StoreOutcome again = await store.LinkAsync(link, Owner, "{\"reusedFrom\":1}"u8.ToArray());

        Assert.AreEqual(StoreOutcome.Stored, first);
        Assert.AreEqual(StoreOutcome.AlreadyStored, again);
        StoredDocument linked = (await store.GetAsync(linkId))!;
        Assert.AreEqual(source.DocumentId, linked.ReusedFrom);
        Assert.AreEqual(source.PdfPath, linked.PdfPath);
        Assert.AreEqual(2, (await store.FindAsync(Owner, "birth-certificate")).Count);
        Assert.AreEqual(1, (await BlobNamesAsync(options)).Count(n => n.EndsWith(".pdf", StringComparison.Ordinal)), "no second copy of the bytes");
    }

    [TestMethod]
    public async Task WriteAsync_BatchResult_MayBeReplacedButTheAuditLogMayNot()
    {
        (AzureDocumentStore store, AzureStoreOptions options) = NewStore();

        await store.WriteAsync(DocumentPaths.BatchResult("B-1"), "{\"v\":1}"u8.ToArray());
        await store.WriteAsync(DocumentPaths.BatchResult("B-1"), "{\"v\":2}"u8.ToArray());

        CollectionAssert.AreEqual("{\"v\":2}"u8.ToArray(), await ReadBlobAsync(options, "batches/B-1/result.json"));
        Assert.ThrowsExactly<ArgumentException>(() => store.WriteAsync(AzureAuditLog.HeadName, "{}"u8.ToArray()).GetAwaiter().GetResult());
        Assert.ThrowsExactly<ArgumentException>(() => store.OpenReadAsync("../outside.pdf").GetAwaiter().GetResult());
        var missing = await Assert.ThrowsExactlyAsync<SoHoaException>(() => store.OpenReadAsync("000.00.01.H12/2026/12/x/none.pdf"));
        Assert.IsFalse(missing.IsTransient);
        StringAssert.Contains(missing.Message, "404");
    }

    [TestMethod]
    public async Task OpenAsync_StoredPdfWithOneByteChanged_IsRefusedAndTheAuditSaysSo()
    {
        (AzureDocumentStore store, AzureStoreOptions options) = NewStore();
        byte[] pdf = PdfBytes("signed and stored", 2048);
        StoredDocument document = Document(pdf);
        await store.StoreAsync(document, Owner, pdf, "{}"u8.ToArray());
        byte[] altered = (byte[])pdf.Clone();
        altered[1000] ^= 0x01;
        await Container(options).GetBlobClient(document.PdfPath).UploadAsync(new BinaryData(altered), overwrite: true);
        var reuse = new ReuseService(store, new PdfSignatureVerifier(new SignatureVerifierOptions()));

        ReuseOpening opening = await reuse.OpenAsync(document.DocumentId, new ReadPurpose("officer-1", "1.000894", "000.00.01.H12-261205-0001"));

        Assert.IsFalse(opening.Opened);
        Assert.AreEqual(ReuseRefusals.HashMismatch, opening.RefusalCode);
        AuditRecord audited = await store.AuditLog.ReadAsync(null, null).SingleAsync();
        Assert.AreEqual("open", audited.Entry.Action);
        Assert.AreEqual(document.DocumentId, audited.Entry.DocumentId);
        Assert.AreEqual("refused: " + ReuseRefusals.HashMismatch, audited.Entry.Outcome);
        Assert.AreEqual(store.PersonKey(Owner), audited.Entry.PersonKey);
        Assert.IsTrue((await store.AuditLog.VerifyAsync()).Intact);
    }

    [TestMethod]
    public async Task Open_ReadOnlyStoreThatIsNotThere_SaysSoWithoutTheConnectionString()
    {
        AzureStoreOptions options = _azurite.StoreOptions(TestEnvironment.NewDirectory("keys"));
        options.CreateIfMissing = false;
        AzureDocumentStore store = AzureDocumentStore.Open(options);

        var error = await Assert.ThrowsExactlyAsync<SoHoaException>(() => store.FindAsync(Owner, null));

        StringAssert.Contains(error.Message, "There is no document store");
        StringAssert.Contains(error.Message, options.ContainerName);
        Assert.IsFalse(error.Message.Contains("AccountKey", StringComparison.OrdinalIgnoreCase));
        Assert.IsFalse(error.Message.Contains(Owner.Value, StringComparison.Ordinal));
    }

    [TestMethod]
    public void Open_InvalidOptions_ReportsEveryProblemAtOnce()
    {
        var options = new AzureStoreOptions { ContainerName = "Not_A_Container", MaxRetries = -1 };

        var error = Assert.ThrowsExactly<SoHoaException>(() => AzureDocumentStore.Open(options));

        Assert.AreEqual(SoHoaErrorCode.Configuration, error.Code);
        foreach (string expected in new[] { "ConnectionString or BlobServiceUri", "ContainerName", "IndexKeyFile is required", "AuditKeyFile is required", "MaxRetries" })
        {
            StringAssert.Contains(error.Message, expected);
        }
    }

    [TestMethod]
    public void Open_MalformedConnectionString_NeverRepeatsIt()
    {
        AzureStoreOptions options = _azurite.StoreOptions(TestEnvironment.NewDirectory("keys"));
        options.ConnectionString = "AccountName=x;AccountKey=c2VjcmV0LWtleS1tYXRlcmlhbA==;Nonsense";

        var error = Assert.ThrowsExactly<SoHoaException>(() => AzureDocumentStore.Open(options));

        Assert.AreEqual(SoHoaErrorCode.Configuration, error.Code);
        Assert.IsFalse(error.ToString().Contains("c2VjcmV0", StringComparison.Ordinal), error.ToString());
    }

    private static (AzureDocumentStore Store, AzureStoreOptions Options) NewStore()
    {
        AzureStoreOptions options = _azurite.StoreOptions(TestEnvironment.NewDirectory("keys"));
        return (AzureDocumentStore.Open(options), options);
    }
}
