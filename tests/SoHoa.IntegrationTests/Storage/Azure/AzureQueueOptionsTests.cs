using SoHoa.Azure.Queue;
using SoHoa.Azure.Storage;

namespace SoHoa.IntegrationTests.Storage.Azure;

/// <summary>The batch queue's options and names, checked before any I/O (no Azurite needed).</summary>
[TestClass]
public sealed class AzureQueueOptionsTests
{
    [TestMethod]
    [DataRow("PH-20261122-001", true)]
    [DataRow("WORKER-0", true)]
    [DataRow("093090001234", false)]
    [DataRow("batch-093090001234", false)]
    [DataRow("PH-202611220", false)]
    [DataRow(".hidden", false)]
    [DataRow("a/b", false)]
    [DataRow("", false)]
    public void IsBatchName_NamesWithPersonalIdLengthDigitRunsOrPathCharacters_AreRefused(string name, bool expected) =>
        Assert.AreEqual(expected, AzureQueueOptions.IsBatchName(name));

    [TestMethod]
    public void Validate_EveryProblem_IsReportedAtOnce()
    {
        var options = new AzureQueueOptions { QueueName = "Bad_Name", BatchPrefix = "/abs", VisibilityTimeout = TimeSpan.Zero, MaxBatchBytes = 0 };

        IReadOnlyList<string> problems = options.Validate();

        Assert.AreEqual(4, problems.Count, string.Join("\n", problems));
    }

    [TestMethod]
    public void Open_QueueNameTooLongForItsPoisonQueue_IsAConfigurationError()
    {
        var store = new AzureStoreOptions { ConnectionString = "UseDevelopmentStorage=true" };

        SoHoaException error = Assert.ThrowsException<SoHoaException>(() => AzureQueueBatchSource.Open(store, new AzureQueueOptions { QueueName = new string('q', 60) }));

        Assert.AreEqual(SoHoaErrorCode.Configuration, error.Code);
        StringAssert.Contains(error.Message, "-poison");
    }

    [TestMethod]
    public void Open_ConnectionStringWithoutQueueEndpoint_SaysSoWithoutRepeatingIt()
    {
        var store = new AzureStoreOptions { ConnectionString = "BlobEndpoint=http://127.0.0.1:1/acct;TableEndpoint=http://127.0.0.1:2/acct;SharedAccessSignature=sv=secret" };

        SoHoaException error = Assert.ThrowsException<SoHoaException>(() => AzureQueueBatchSource.Open(store, new AzureQueueOptions()));

        StringAssert.Contains(error.Message, "queue service");
        Assert.IsFalse(error.Message.Contains("secret", StringComparison.Ordinal));
    }
}
