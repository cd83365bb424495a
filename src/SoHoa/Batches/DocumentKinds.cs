using System.Text.RegularExpressions;

namespace SoHoa.Batches;

/// <summary>Document kinds: free to extend, but always lower-case words joined by hyphens.</summary>
public static partial class DocumentKinds
{
    /// <summary>Giấy khai sinh.</summary>
    public const string BirthCertificate = "birth-certificate";

    /// <summary>Quyết định (an agency's decision).</summary>
    public const string Decision = "decision";

    /// <summary>Giấy tiếp nhận hồ sơ và hẹn trả kết quả.</summary>
    public const string DossierReceipt = "dossier-receipt";

    /// <summary>Giấy chứng nhận đăng ký hộ kinh doanh.</summary>
    public const string BusinessRegistration = "business-registration";

    /// <summary>True when <paramref name="kind"/> has the shape of a kind: lower-case ASCII words joined by '-'.</summary>
    public static bool IsWellFormed(string kind) => Shape().IsMatch(kind);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
