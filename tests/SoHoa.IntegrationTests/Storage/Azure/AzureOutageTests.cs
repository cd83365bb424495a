using System.Collections.Concurrent;
using System.Security.Cryptography;
using SoHoa.Azure.Storage;
using SoHoa.Identifiers;
using SoHoa.IntegrationTests.Support;
using SoHoa.Storage;
using static SoHoa.IntegrationTests.Storage.Azure.AzureTestDocuments;

namespace SoHoa.IntegrationTests.Storage.Azure;

/// <summary>
/// Azurite stopped in the middle of a series of stores and audited reads, and started again on the same data: no partial
/// document is ever visible, the failed calls fail as transient storage errors, their retries complete, and nothing is
/// lost or written twice (documents, rows, blobs, audit entries).
/// </summary>
[TestClass]
public sealed class AzureOutageTests
{
    private static readonly PersonalId Owner = PersonalId.Parse("093145497582");

    [TestMethod]
    public async Task StoreAsync_AzuriteStoppedAndStartedAgainMidSeries_NothingPartialLostOrTwice()
    {
        using AzuriteServer azurite = AzuriteServer.Start(TestEnvironment.NewDirectory("azurite"));
        AzureStoreOptions options = azurite.StoreOptions(TestEnvironment.NewDirectory("keys"));
        options.MaxRetries = 1;
        options.RetryDelay = TimeSpan.FromMilliseconds(100);
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
        options.NetworkTimeout = TimeSpan.FromSeconds(3);
        AzureDocumentStore store = AzureDocumentStore.Open(options);
        (StoredDocument Document, byte[] Pdf)[] series = Enumerable.Range(0, 40)
            .Select(i => PdfBytes($"document {i}", 48 * 1024))
            .Select(pdf => (Document(pdf, NewId()), pdf))
            .ToArray();
        int stored = 0;
        int transientFailures = 0;
        var failureMessages = new ConcurrentBag<string>();
        var partial = new ConcurrentBag<string>();
        using var done = new CancellationTokenSource();

        Task writer = Task.Run(async () =>
        {
            foreach ((StoredDocument document, byte[] pdf) in series)
            {
                await UntilDoneAsync(() => store.StoreAsync(document, Owner, pdf, "{\"sidecar\":true}"u8.ToArray()));
                var entry = new AuditEntry(DateTimeOffset.UtcNow, "worker", "reuse", store.PersonKey(Owner), null, null, document.DocumentId, "opened");
                await UntilDoneAsync(() => store.AuditLog.AppendAsync(entry));
                Interlocked.Increment(ref stored);
            }
        });

        // A reader all along: whatever the index shows has its whole PDF behind it.
        Task reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                try
                {
                    foreach (StoredDocument visible in await store.FindAsync(Owner, null))
                    {
                        byte[] bytes = await ReadAllAsync(await store.OpenReadAsync(visible.PdfPath));
                        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != visible.PdfSha256)
                        {
                            partial.Add(visible.DocumentId);
                        }
                    }
                }
                catch (Exception ex) when (ex is not AssertFailedException)
                {
                    // Azurite is down (or went down while a PDF was being read).
                }

                await Task.Delay(50);
            }
        });

        while (Volatile.Read(ref stored) < 10)
        {
            await Task.Delay(10);
        }

        azurite.Stop();
        await Task.Delay(TimeSpan.FromSeconds(2));
        azurite.Restart();
        await writer.WaitAsync(TimeSpan.FromMinutes(3));
        await done.CancelAsync();
        await reader;

        Assert.IsTrue(transientFailures > 0, "the outage came in the middle of the series");
        Assert.IsTrue(failureMessages.All(m => !m.Contains("AccountKey", StringComparison.OrdinalIgnoreCase) && !m.Contains(Owner.Value, StringComparison.Ordinal)), string.Join("\n", failureMessages));
        Assert.AreEqual(0, partial.Count, "a document was visible without its whole PDF: " + string.Join(", ", partial));
        IReadOnlyList<StoredDocument> found = await store.FindAsync(Owner, null);
        CollectionAssert.AreEquivalent(series.Select(s => s.Document.DocumentId).ToArray(), found.Select(d => d.DocumentId).ToArray(), "nothing lost, nothing twice");
        foreach ((StoredDocument document, byte[] pdf) in series)
        {
            CollectionAssert.AreEqual(pdf, await ReadBlobAsync(options, document.PdfPath));
        }

        Assert.AreEqual(2 * series.Length, (await EntitiesAsync(options)).Count);
        Assert.AreEqual(2 * series.Length, (await BlobNamesAsync(options)).Count(n => !n.StartsWith(AzureAuditLog.Prefix, StringComparison.Ordinal)));
        AuditCheck audit = await store.AuditLog.VerifyAsync();
        Assert.IsTrue(audit.Intact, audit.Message);
        Assert.AreEqual(series.Length, audit.Entries, "one audit entry a document, none lost, none twice");

        async Task UntilDoneAsync(Func<Task> call)
        {
            while (true)
            {
                try
                {
                    await call();
                    return;
                }
                catch (SoHoaException ex) when (ex.Code == SoHoaErrorCode.Storage && ex.IsTransient)
                {
                    Interlocked.Increment(ref transientFailures);
                    failureMessages.Add(ex.Message);
                    await Task.Delay(200);
                }
            }
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}
