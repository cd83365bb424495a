using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SoHoa.Azure.Storage;
using SoHoa.Identifiers;
using SoHoa.IntegrationTests.Support;
using SoHoa.Reuse;
using SoHoa.Storage;
using SoHoa.Signing.Verification;
using static SoHoa.IntegrationTests.Storage.Azure.AzureTestDocuments;

namespace SoHoa.IntegrationTests.Storage.Azure;

/// <summary><c>AddSoHoaAzureStore</c> with <c>AddSoHoa</c>: the Azure store is the one the library uses, in either order; bad options are reported all at once.</summary>
[TestClass]
public sealed class AzureRegistrationTests
{
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
    [DataRow(true)]
    [DataRow(false)]
    public async Task AddSoHoaAzureStore_WithAddSoHoa_IsTheStoreTheLibraryUses(bool azureFirst)
    {
        AzureStoreOptions given = _azurite.StoreOptions(TestEnvironment.NewDirectory("keys"));
        var services = new ServiceCollection();
        Action<AzureStoreOptions> azure = o =>
        {
            o.ConnectionString = given.ConnectionString;
            o.ContainerName = given.ContainerName;
            o.IndexKeyFile = given.IndexKeyFile;
            o.AuditKeyFile = given.AuditKeyFile;
        };
        if (azureFirst)
        {
            services.AddSoHoaAzureStore(azure).AddSoHoa(_ => { });
            services.Configure<SignatureVerifierOptions>(o => o.Trust(TestEnvironment.Pki.RootCertificate));
        }
        else
        {
            services.AddSoHoa(_ => { }).AddSoHoaAzureStore(azure);
            services.Configure<SignatureVerifierOptions>(o => o.Trust(TestEnvironment.Pki.RootCertificate));
        }

        await using ServiceProvider provider = services.BuildServiceProvider();
        IDocumentStore store = provider.GetRequiredService<IDocumentStore>();
        ReuseService reuse = provider.GetRequiredService<ReuseService>();
        byte[] pdf = PdfBytes("through DI");
        var owner = PersonalId.Parse("093090001234");
        await store.StoreAsync(Document(pdf), owner, pdf, "{}"u8.ToArray());
        ReuseFindResult found = await reuse.FindAsync(owner, null, null, new ReadPurpose("officer"));

        Assert.IsInstanceOfType<AzureDocumentStore>(store);
        Assert.AreEqual(0, provider.GetRequiredService<IOptions<SoHoaOptions>>().Value.Validate().Count, "no store folder is needed with another store");
        Assert.AreEqual(1, found.LeftOut.Count + found.Reusable.Count);
        Assert.AreEqual(1, (await store.AuditLog.VerifyAsync()).Entries);
        StringAssert.StartsWith(store.Location, $"http://127.0.0.1:{_azurite.BlobPort}/");
    }

    [TestMethod]
    public void AddSoHoaAzureStore_BadOptions_AreReportedAllAtOnceAtStartAndWhenResolved()
    {
        var services = new ServiceCollection().AddSoHoaAzureStore(o =>
        {
            o.BlobServiceUri = new Uri("https://account.example.invalid/");
            o.ContainerName = "x";
            o.IndexKeyFile = "/nonexistent/index.key";
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        var atStart = Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var resolved = Assert.ThrowsExactly<SoHoaException>(() => provider.GetRequiredService<IDocumentStore>());

        Assert.AreEqual(4, atStart.Failures.Count(), string.Join("\n", atStart.Failures));
        Assert.AreEqual(SoHoaErrorCode.Configuration, resolved.Code);
        foreach (string expected in new[] { "TableServiceUri", "ContainerName", "IndexKeyFile '/nonexistent/index.key' does not exist", "AuditKeyFile is required" })
        {
            StringAssert.Contains(resolved.Message, expected);
        }
    }

    [TestMethod]
    public void AzureStoreOptions_ServiceUri_DerivesTheTableServiceAndTheTableName()
    {
        var options = new AzureStoreOptions { BlobServiceUri = new Uri("https://sohoaprod.blob.core.windows.net/"), ContainerName = "sohoa-hcm" };

        Assert.AreEqual(new Uri("https://sohoaprod.table.core.windows.net/"), options.ResolvedTableServiceUri);
        Assert.AreEqual("sohoahcmindex", options.ResolvedTableName);
        Assert.AreEqual("sohoahcmreport", options.ResolvedReportTableName);
    }

    [TestMethod]
    public void AzureStoreOptions_ReportTableThatIsTheIndexTable_IsAProblem()
    {
        var options = new AzureStoreOptions { ConnectionString = "UseDevelopmentStorage=true", TableName = "sohoadata", ReportTableName = "SohoaData" };

        IReadOnlyList<string> problems = options.Validate();

        Assert.IsTrue(problems.Any(p => p.Contains("ReportTableName and TableName name the same table", StringComparison.Ordinal)), string.Join("\n", problems));
        options.ReportTableName = "9report";
        Assert.IsTrue(options.Validate().Any(p => p.Contains("ReportTableName '9report' is not a table name", StringComparison.Ordinal)));
    }
}
