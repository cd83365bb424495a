using SoHoa.Batches;

namespace SoHoa.Extraction;

/// <summary>
/// Where a kind of paper prints each field: the labels (folded: lower case, no diacritics) and which fields it has at
/// all, and whether the one person it names is the dossier's applicant (a decision lists several people; a kind SoHoa
/// does not know may name anyone). A kind SoHoa does not know is read with every label of every kind.
/// </summary>
internal sealed record KindProfile(
    string[] NameLabels,
    string[] PersonalIdLabels,
    string[] BirthLabels,
    string[] IssueDateLabels,
    bool HasDocumentNumber,
    bool HasDateline,
    bool HasDossierCode,
    bool BirthInWords,
    bool NamesTheApplicant)
{
    private static readonly string[] FullNameLabels = ["ho, chu dem, ten", "ho, chu dem va ten", "ho va ten", "ho ten"];
    private static readonly string[] IdLabels = ["so dinh danh ca nhan", "so can cuoc cong dan", "so cccd"];

    /// <summary>Giấy khai sinh (Circular 04/2020/TT-BTP): the child's name, ID and birth date in digits and in words; the registration date.</summary>
    public static KindProfile BirthCertificate { get; } = new(
        FullNameLabels, IdLabels, ["ngay, thang, nam sinh", "ngay sinh", "sinh ngay"], ["ngay, thang, nam dang ky", "ngay dang ky"],
        HasDocumentNumber: true, HasDateline: false, HasDossierCode: false, BirthInWords: true, NamesTheApplicant: true);

    /// <summary>Quyết định: number and dateline; the first person it names ("1. Ông: …, sinh ngày …").</summary>
    public static KindProfile Decision { get; } = new(
        ["ong", "ba", .. FullNameLabels], IdLabels, ["sinh ngay", "ngay sinh"], [],
        HasDocumentNumber: true, HasDateline: true, HasDossierCode: false, BirthInWords: false, NamesTheApplicant: false);

    /// <summary>Giấy tiếp nhận hồ sơ và hẹn trả kết quả: dossier code, the applicant ("Tiếp nhận hồ sơ của: Ông …"), dateline.</summary>
    public static KindProfile DossierReceipt { get; } = new(
        ["tiep nhan ho so cua", .. FullNameLabels], IdLabels, ["ngay sinh", "sinh ngay"], [],
        HasDocumentNumber: false, HasDateline: true, HasDossierCode: true, BirthInWords: false, NamesTheApplicant: true);

    /// <summary>Giấy chứng nhận đăng ký hộ kinh doanh: number, dateline, the owner ("Họ và tên:", "Số giấy tờ pháp lý của cá nhân:").</summary>
    public static KindProfile BusinessRegistration { get; } = new(
        FullNameLabels, ["so giay to phap ly cua ca nhan", .. IdLabels], ["sinh ngay", "ngay sinh"], [],
        HasDocumentNumber: true, HasDateline: true, HasDossierCode: false, BirthInWords: false, NamesTheApplicant: true);

    /// <summary>Any other kind: every label of every kind, every field.</summary>
    public static KindProfile Generic { get; } = new(
        ["tiep nhan ho so cua", .. FullNameLabels], ["so giay to phap ly cua ca nhan", .. IdLabels],
        ["ngay, thang, nam sinh", "ngay sinh", "sinh ngay"], ["ngay, thang, nam dang ky", "ngay dang ky"],
        HasDocumentNumber: true, HasDateline: true, HasDossierCode: true, BirthInWords: true, NamesTheApplicant: false);

    /// <summary>The profile of <paramref name="kind"/> (a manifest kind such as <c>birth-certificate</c>), or <see cref="Generic"/>.</summary>
    public static KindProfile For(string? kind) => kind switch
    {
        DocumentKinds.BirthCertificate => BirthCertificate,
        DocumentKinds.Decision => Decision,
        DocumentKinds.DossierReceipt => DossierReceipt,
        DocumentKinds.BusinessRegistration => BusinessRegistration,
        _ => Generic,
    };
}
