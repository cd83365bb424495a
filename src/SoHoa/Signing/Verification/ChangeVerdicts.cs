using SoHoa.Pdf.Syntax;

namespace SoHoa.Signing.Verification;

/// <summary>How the change rules name an object and combine the verdicts of its several roles.</summary>
internal static class ChangeVerdicts
{
    /// <summary>Each role set in <paramref name="roles"/>.</summary>
    public static IEnumerable<ObjectRole> Flags(ObjectRole roles) =>
        Enum.GetValues<ObjectRole>().Where(r => r != ObjectRole.None && roles.HasFlag(r));

    /// <summary>The verdict that allows least: any change of the kind Other, else the most restricted kind.</summary>
    public static Change Worst(IEnumerable<Change> verdicts) =>
        verdicts.DefaultIfEmpty(new Change("object", ChangeKind.Other)).MaxBy(v => (int)v.Kind)!;

    /// <summary>True for a cross-reference stream.</summary>
    public static bool IsXrefStream(PdfObject value) => value is PdfStream { Dictionary: var d } && d.GetName("Type")?.Value == "XRef";

    /// <summary>What an object is, as a reader would say it: font, annotation, XObject, page, form field, and so on.</summary>
    public static string Describe(PdfObject current)
    {
        PdfDictionary? dictionary = current as PdfDictionary ?? (current as PdfStream)?.Dictionary;
        string? type = dictionary?.GetName("Type")?.Value;
        string? subtype = dictionary?.GetName("Subtype")?.Value;
        return (type, subtype, current) switch
        {
            (_, _, not (PdfDictionary or PdfStream)) => "object",
            ("Font", _, _) or (_, "Type0" or "TrueType" or "Type1" or "CIDFontType2", _) => "font",
            ("Annot", _, _) or (_, "Widget" or "Link" or "FreeText" or "Text" or "Stamp" or "Square", _) => $"annotation ({subtype})",
            ("XObject", _, _) or (_, "Image" or "Form", _) => $"XObject ({subtype})",
            ("Pages", _, _) => "page tree",
            ("Page", _, _) => "page",
            (_, _, PdfStream) => "content stream or other stream",
            _ when dictionary!.ContainsKey("FT") => "form field",
            _ => type is null ? "object" : type + " object",
        };
    }
}
