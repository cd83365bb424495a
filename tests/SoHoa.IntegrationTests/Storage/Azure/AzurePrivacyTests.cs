using System.Text;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using SoHoa.Azure.Storage;
using SoHoa.Identifiers;
using SoHoa.IntegrationTests.Support;
using SoHoa.Reuse;
using SoHoa.Signing.Verification;
using SoHoa.Storage;
using static SoHoa.IntegrationTests.Storage.Azure.AzureTestDocuments;

namespace SoHoa.IntegrationTests.Storage.Azure;

/// <summary>
/// No raw personal ID anywhere the Azure store writes or says: after storing, linking, finding, opening (allowed and
/// refused) and a conflict for known citizens, every blob (name, metadata, tags, content), every table (name, every
/// entity's keys and properties), every log message and every exception message is searched for each ID.
/// </summary>
[TestClass]
public sealed class AzurePrivacyTests
{
    private static readonly string[] Citizens = ["093090001234", "093196964405", "001203045678"];

    [TestMethod]
    public async Task EverythingWrittenOrSaid_HoldsNoPersonalId()
    {
        using AzuriteServer azurite = AzuriteServer.Start(TestEnvironment.NewDirectory("azurite"));
        AzureStoreOptions options = azurite.StoreOptions(TestEnvironment.NewDirectory("keys"));
        var logs = new CapturedLogs();
        using ILoggerFactory loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        AzureDocumentStore store = AzureDocumentStore.Open(options, loggers);
        var reuse = new ReuseService(store, new PdfSignatureVerifier(new SignatureVerifierOptions()));
        var said = new List<string>();

        foreach ((string id, int n) in Citizens.Select((id, n) => (id, n)))
        {
            var owner = PersonalId.Parse(id);
            byte[] pdf = PdfBytes("citizen " + n);
            StoredDocument document = Document(pdf, NewId(), dossier: $"000.00.01.H12-261203-000{n + 1}");
            await store.StoreAsync(document, owner, pdf, Encoding.UTF8.GetBytes($$"""{"documentId":"{{document.DocumentId}}","pages":[]}"""));
            byte[] other = PdfBytes("another signing " + n);
            said.Add((await Assert.ThrowsExactlyAsync<SoHoaException>(() => store.StoreAsync(document with { PdfSha256 = Document(other).PdfSha256 }, owner, other, "{}"u8.ToArray()))).Message);
            string linkId = NewId();
            await store.LinkAsync(document with { DocumentId = linkId, SidecarPath = document.SidecarPath.Replace(document.DocumentId, linkId, StringComparison.Ordinal), ReusedFrom = document.DocumentId },
                owner, "{}"u8.ToArray());

            ReuseFindResult found = await reuse.FindAsync(owner, null, null, new ReadPurpose("officer-" + n, "1.000894", "000.00.01.H12-261205-0001"));
            said.AddRange(found.LeftOut.Select(d => d.Refusal!));
            ReuseOpening opening = await reuse.OpenAsync(document.DocumentId, new ReadPurpose("officer-" + n), owner: owner);
            said.Add(opening.Refusal ?? string.Empty);
            ReuseOpening foreign = await reuse.ReuseAsync(document.DocumentId, PersonalId.Parse(Citizens[(n + 1) % Citizens.Length]), new ReadPurpose("batch B-1"));
            said.Add(foreign.Refusal!);
            ReuseOpening newest = await reuse.OpenNewestAsync(owner, "identity-card", new ReadPurpose("batch B-1"));
            said.Add(newest.Refusal!);
        }

        await store.WriteAsync(DocumentPaths.BatchResult("B-1"), "{\"schema\":\"sohoa.result/v1\"}"u8.ToArray());
        said.Add((await store.AuditLog.VerifyAsync()).Message);

        string everything = string.Join("\n", [.. await BlobsAsync(options), .. await TablesAsync(options), .. logs.Messages, .. said]);
        Assert.IsTrue(everything.Contains(store.PersonKey(PersonalId.Parse(Citizens[0])), StringComparison.Ordinal), "the search sees the index and the audit log");
        foreach (string id in Citizens)
        {
            Assert.IsFalse(everything.Contains(id, StringComparison.Ordinal), $"the personal ID {PersonalId.Mask(id)} was written or said:\n{everything}");
        }
    }

    /// <summary>Every blob's name, metadata, tags and content.</summary>
    private static async Task<List<string>> BlobsAsync(AzureStoreOptions options)
    {
        var found = new List<string>();
        BlobContainerClient container = Container(options);
        await foreach (BlobItem item in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata | BlobTraits.Tags }))
        {
            found.Add(item.Name);
            found.AddRange((item.Metadata ?? new Dictionary<string, string>()).Select(m => $"{m.Key}={m.Value}"));
            found.AddRange((item.Tags ?? new Dictionary<string, string>()).Select(t => $"{t.Key}={t.Value}"));
            found.Add(Encoding.UTF8.GetString(await ReadBlobAsync(options, item.Name)));
        }

        Assert.IsTrue(found.Count > 10);
        return found;
    }

    /// <summary>Every table's name and every entity's keys and properties.</summary>
    private static async Task<List<string>> TablesAsync(AzureStoreOptions options)
    {
        var found = new List<string>();
        var service = new TableServiceClient(options.ConnectionString);
        await foreach (TableItem table in service.QueryAsync())
        {
            found.Add(table.Name);
            await foreach (TableEntity entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                found.AddRange(entity.Select(p => $"{p.Key}={p.Value}"));
            }
        }

        return found;
    }
}
