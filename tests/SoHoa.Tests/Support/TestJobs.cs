using SoHoa.Batches;
using SoHoa.Identifiers;

namespace SoHoa.Tests.Support;

/// <summary>Validated documents for tests that need a <see cref="DocumentJob"/> but no batch on disk.</summary>
internal static class TestJobs
{
    /// <summary>A document of batch B-1, dossier 000.00.01.H12-261122-0001 (procedure 1.001612) of the agency 000.00.01.H12.</summary>
    public static DocumentJob Job(DocumentEntry document, IReadOnlyList<PageFile> files, string personalId = "093090001234", string? applicantName = null) =>
        new(
            "B-1",
            0,
            new Agency("000.00.01.H12", "UBND huyện Phụng Hiệp", AgencyLevel.District),
            DossierCode.Parse("000.00.01.H12-261122-0001"),
            ProcedureCode.Parse("1.001612"),
            PersonalId.Parse(personalId),
            applicantName,
            document,
            files)
        {
            Source = new FolderBatchFiles("B-1"),
        };
}
