using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SoHoa.Batches;
using SoHoa.IntegrationTests.Support;
using SoHoa.Pipeline;
using SoHoa.Signing;
using SoHoa.Signing.Verification;

namespace SoHoa.IntegrationTests.Pipeline;

/// <summary>The pipeline reads a batch only through its <see cref="IBatchFiles"/>: it does not assume one folder on one disk.</summary>
[TestClass]
public sealed class BatchSourceTests
{
    [TestMethod]
    public async Task ProcessBatch_SourceThatIsNoFolder_ReadsEveryFileThroughItAndStoresTheBatch()
    {
        string store = TestEnvironment.NewDirectory("sourcestore");
        using CertificateKey key = CertificateKey.FromPkcs12(TestEnvironment.Pki.OfficerPfx, TestPki.Password);
        await using ServiceProvider services = new ServiceCollection()
            .AddSingleton<ISignatureKey>(key)
            .Configure<SignatureVerifierOptions>(o => o.Trust(TestEnvironment.Pki.RootCertificate))
            .AddSoHoa(o => o.StoreDirectory = store)
            .BuildServiceProvider();
        var source = InMemoryBatch.Of(RepositoryPaths.SampleBatch);

        BatchResult result = await services.GetRequiredService<DigitizationPipeline>().ProcessBatchAsync(source, null);

        Assert.IsTrue(result.Documents.Count > 0);
        Assert.IsTrue(result.Documents.All(d => d.Status == DocumentStatus.Stored),
            string.Join("; ", result.Documents.SelectMany(d => d.Problems).Select(p => $"{p.File}: {p.Rule} {p.Message}")));
        string[] named = (await BatchLoader.LoadAsync(RepositoryPaths.SampleBatch)).Jobs.SelectMany(j => j.Files).Select(f => f.RelativePath)
            .Append(BatchManifestReader.FileName).Distinct().ToArray();
        CollectionAssert.AreEquivalent(named, source.Opened.Keys.ToArray(), "the manifest and every page file it names were read from the source");
        Assert.IsTrue(source.Opened.Where(o => o.Key != BatchManifestReader.FileName).All(o => o.Value == 2),
            "each page file is opened twice: looked at when the batch is checked, read when its document is digitized");
    }

    /// <summary>A batch held in memory, as a source that is no folder would hold it; it counts what is opened.</summary>
    private sealed class InMemoryBatch(IReadOnlyDictionary<string, byte[]> files) : IBatchFiles
    {
        public ConcurrentDictionary<string, int> Opened { get; } = new(StringComparer.Ordinal);

        public string Name => "in-memory";

        public static InMemoryBatch Of(string folder) => new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("result.json", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes, StringComparer.Ordinal));

        public Task<Stream> OpenReadAsync(string relativePath, CancellationToken cancellationToken = default)
        {
            if (!files.TryGetValue(relativePath, out byte[]? bytes))
            {
                throw new FileNotFoundException($"'{relativePath}' is not in the batch.", relativePath);
            }

            Opened.AddOrUpdate(relativePath, 1, (_, n) => n + 1);
            return Task.FromResult<Stream>(new MemoryStream(bytes, writable: false));
        }
    }
}
