using SoHoa.TestData.Generator.Content;
using SoHoa.TestData.Generator.Content.Documents;

namespace SoHoa.TestData.Generator.Sample;

internal enum FileFormat
{
    /// <summary>One 8-bit grayscale PNG per page, reduced to four grey levels to stay small.</summary>
    Png,

    /// <summary>One grayscale JPEG (quality 80) per page, like a copy a citizen brings from a phone or a copier.</summary>
    Jpeg,

    /// <summary>All pages in one bilevel TIFF with CCITT Group 4 compression, like an archive scanner writes.</summary>
    Tiff,
}

internal sealed record SampleDocument(ComposedDocument Document, string Role, FileFormat Format, double SkewDegrees = 0, bool BlankBackSide = false);

internal sealed record SampleDossier(string DossierCode, Procedure Procedure, Person Applicant, IReadOnlyList<SampleDocument> Documents);

internal sealed record SampleBatch(string BatchId, Agency Agency, IReadOnlyList<SampleDossier> Dossiers);

/// <summary>
/// The story of the committed sample batch: one day's scans at the one-stop desk of UBND huyện Phụng Hiệp.
/// Facts that tests refer to (the first applicant, his ID and birth certificate number) are fixed; the rest
/// comes from the seed.
/// </summary>
internal static class SampleBatches
{
    public const ulong DefaultSeed = 20261122;

    /// <summary>Nguyễn Văn An: ID 093090001234 = Hậu Giang (093), male born in the 1900s (0), 1990 (90), serial 001234.</summary>
    public static Person NguyenVanAn()
    {
        var hoaAn = new Address("ấp Tân Phú", "xã Hòa An", Places.PhungHiep, Places.HauGiang);
        return new Person("Nguyễn Văn An", Sex.Male, new DateOnly(1990, 3, 15),
            PersonalIds.Create("093", Sex.Male, new DateOnly(1990, 3, 15), 1234), "Kinh", hoaAn, hoaAn);
    }

    public static SampleBatch Create(ulong seed)
    {
        var random = new SeededRandom(seed);
        var batchDay = new DateOnly(2026, 11, 22);
        return new SampleBatch("PH-20261122-001", Agency.PhungHiep,
        [
            HouseholdBusinessReceived(random, batchDay),
            HouseholdBusinessRegistered(random, new DateOnly(2026, 11, 17)),
            SocialAllowanceGranted(random, new DateOnly(2026, 11, 10), decisionOn: new DateOnly(2026, 11, 20)),
        ]);
    }

    /// <summary>Received today: the applicant's re-registered birth certificate (a skewed JPEG copy) and the receipt.</summary>
    private static SampleDossier HouseholdBusinessReceived(SeededRandom random, DateOnly received)
    {
        var an = NguyenVanAn();
        var certificate = RandomDocuments.BirthCertificateFor(random, an, received) with
        {
            Declarant = an,
            Number = 123,
            Book = "01/2020",
            RegisteredOn = new DateOnly(2020, 12, 23),
        };
        var receipt = RandomDocuments.ReceiptFor(random, Procedures.HouseholdBusiness, an, received, 1);
        return new SampleDossier(receipt.DossierCode, Procedures.HouseholdBusiness, an,
        [
            new(BirthCertificate.Compose(certificate), "input", FileFormat.Jpeg, SkewDegrees: 1.5),
            new(DossierReceipt.Compose(receipt), "input", FileFormat.Png),
        ]);
    }

    /// <summary>Received earlier and decided: receipt, birth certificate, and the registration certificate with its blank back.</summary>
    private static SampleDossier HouseholdBusinessRegistered(SeededRandom random, DateOnly received)
    {
        var owner = RandomDocuments.Adult(random);
        var receipt = RandomDocuments.ReceiptFor(random, Procedures.HouseholdBusiness, owner, received, 4);
        var certificate = RandomDocuments.BirthCertificateFor(random, owner, received);
        var registration = RandomDocuments.BusinessFor(random, owner, Procedures.DueDate(received, Procedures.HouseholdBusiness.WorkingDays));
        return new SampleDossier(receipt.DossierCode, Procedures.HouseholdBusiness, owner,
        [
            new(DossierReceipt.Compose(receipt), "input", FileFormat.Png),
            new(BirthCertificate.Compose(certificate), "input", FileFormat.Png),
            new(BusinessRegistration.Compose(registration), "result", FileFormat.Png, BlankBackSide: true),
        ]);
    }

    /// <summary>A social allowance granted by a decision that lists several people (a multi-page Group 4 TIFF).</summary>
    private static SampleDossier SocialAllowanceGranted(SeededRandom random, DateOnly received, DateOnly decisionOn)
    {
        var decision = RandomDocuments.DecisionFor(random, decisionOn, beneficiaries: 9);
        var applicant = decision.Beneficiaries[0];
        var receipt = RandomDocuments.ReceiptFor(random, Procedures.SocialAllowance, applicant, received, 7);
        var certificate = RandomDocuments.BirthCertificateFor(random, applicant, received);
        return new SampleDossier(receipt.DossierCode, Procedures.SocialAllowance, applicant,
        [
            new(DossierReceipt.Compose(receipt), "input", FileFormat.Png),
            new(BirthCertificate.Compose(certificate), "input", FileFormat.Png),
            new(Decision.Compose(decision), "result", FileFormat.Tiff),
        ]);
    }
}
