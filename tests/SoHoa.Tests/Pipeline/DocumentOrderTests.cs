using SoHoa.Batches;
using SoHoa.Identifiers;
using SoHoa.Pipeline;

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
        new(
            "B-1",
            0,
            new Agency("000.00.01.H12", "UBND huyện Phụng Hiệp", AgencyLevel.District),
            DossierCode.Parse("000.00.01.H12-261122-0001"),
            ProcedureCode.Parse("1.001612"),
            PersonalId.Parse("093090001234"),
            null,
            new DocumentEntry(index, "dossier-receipt", DocumentRole.Input, lengths.Select((_, i) => $"{index}/{i}.png").ToArray(), null, null, null),
            lengths.Select((length, i) => new PageFile($"{index}/{i}.png", PageFileFormat.Png, length)).ToArray())
        {
            Source = new FolderBatchFiles("B-1"),
        };
}
