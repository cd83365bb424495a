using SoHoa.Batches;
using SoHoa.Pipeline;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Pipeline;

[TestClass]
public sealed class DocumentOrderTests
{
    [TestMethod]
    public void LargestFirst_StartsTheLargestDocumentsFirstAndKeepsManifestOrderAmongEquals()
    {
        DocumentJob[] jobs = [Job(0, 100), Job(1, 300, 200), Job(2, 100), Job(3, 900), Job(4, 50)];

        int[] order = DigitizationPipeline.LargestFirst(jobs).ToArray();

        CollectionAssert.AreEqual(new[] { 3, 1, 0, 2, 4 }, order);
    }

    private static DocumentJob Job(int index, params long[] lengths) =>
        TestJobs.Job(
            new DocumentEntry(index, "dossier-receipt", DocumentRole.Input, lengths.Select((_, i) => $"{index}/{i}.png").ToArray(), null, null, null),
            lengths.Select((length, i) => new PageFile($"{index}/{i}.png", PageFileFormat.Png, length)).ToArray());
}
