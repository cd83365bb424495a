using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using SoHoa.Batches;
using SoHoa.Imaging;
using SoHoa.Pipeline;
using SoHoa.Pipeline.Steps;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Pipeline;

/// <summary>The one place a document's outcome is decided from what a step threw.</summary>
[TestClass]
public sealed class DocumentOutcomesTests
{
    private static readonly DocumentOutcomes Outcomes = new(NullLogger.Instance);

    public static IEnumerable<object[]> Cases() =>
    [
        [new InvalidPageException("image.truncated", "'0001/02.png': truncated"), DocumentStatus.Rejected, "image.truncated"],
        [new BatchFileException("file.path", "'0001/02.png' leads outside the batch folder through a link."), DocumentStatus.Rejected, "file.path"],
        [new FileNotFoundException("gone"), DocumentStatus.Rejected, "file.missing"],
        [new SoHoaException(SoHoaErrorCode.SignaturePlacement, "the box is off the page"), DocumentStatus.Failed, "signature.placement"],
        [new SoHoaException(SoHoaErrorCode.Timestamp, "the TSA did not answer", isTransient: true), DocumentStatus.Failed, DocumentResult.UnavailableRule],
        [new SoHoaException(SoHoaErrorCode.Storage, "the store refused", isTransient: false), DocumentStatus.Failed, DocumentOutcomes.FailedRule],
        [new IOException("disk full"), DocumentStatus.Failed, DocumentOutcomes.FailedRule],
        [new CryptographicException("bad key"), DocumentStatus.Failed, DocumentOutcomes.FailedRule],
        [new OperationCanceledException("a time-out inside a tool, not the caller"), DocumentStatus.Failed, DocumentOutcomes.FailedRule],
        [new NullReferenceException("a defect"), DocumentStatus.Failed, DocumentOutcomes.FailedRule],
    ];

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Of_Exception_DecidesStatusAndRuleAndNamesTheFile(Exception exception, DocumentStatus status, string rule)
    {
        var work = new DocumentWork(Job()) { CurrentFile = "0001/02.png" };

        DocumentResult result = Outcomes.Of(work, exception);

        Assert.AreEqual(status, result.Status);
        Assert.AreEqual(1, result.Problems.Count);
        InputProblem problem = result.Problems[0];
        Assert.AreEqual(rule, problem.Rule);
        Assert.AreEqual("0001/02.png", problem.File);
        Assert.AreEqual("B-1", problem.BatchId);
        Assert.AreEqual("000.00.01.H12-261122-0001", problem.DossierCode);
        Assert.AreEqual(status == DocumentStatus.Rejected ? "dossiers[0].documents[0].files[1]" : null, problem.Field, "a refusal names the manifest field to correct");
        Assert.AreEqual(rule == DocumentResult.UnavailableRule, result.FailedTransiently, "only a service away is tried again");
    }

    [TestMethod]
    public void Of_Defect_NamesItsType()
    {
        DocumentResult result = Outcomes.Of(new DocumentWork(Job()), new NullReferenceException("x was null"));

        Assert.AreEqual("Unexpected NullReferenceException: x was null", result.Problems[0].Message);
    }

    private static DocumentJob Job() =>
        TestJobs.Job(
            new DocumentEntry(0, "birth-certificate", DocumentRole.Input, ["0001/01.png", "0001/02.png"], null, null, null),
            [new PageFile("0001/01.png", PageFileFormat.Png, 100), new PageFile("0001/02.png", PageFileFormat.Png, 100)]);
}
