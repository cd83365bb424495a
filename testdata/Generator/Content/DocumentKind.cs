namespace SoHoa.TestData.Generator.Content;

internal enum DocumentKind
{
    BirthCertificate,
    Decision,
    DossierReceipt,
    BusinessRegistration,
}

internal static class DocumentKinds
{
    public static readonly IReadOnlyList<DocumentKind> All = Enum.GetValues<DocumentKind>();

    /// <summary>The kind as the batch manifest spells it (DESIGN.md §3).</summary>
    public static string Slug(this DocumentKind kind) => kind switch
    {
        DocumentKind.BirthCertificate => "birth-certificate",
        DocumentKind.Decision => "decision",
        DocumentKind.DossierReceipt => "dossier-receipt",
        DocumentKind.BusinessRegistration => "business-registration",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
