namespace SoHoa.Signing.Verification;

/// <summary>The kinds of change a revision after a signature can make.</summary>
internal enum ChangeKind
{
    /// <summary>Cross-reference and object streams, objects written again unchanged: nothing the document shows.</summary>
    Housekeeping,

    /// <summary>The DSS and its validation data, document timestamps.</summary>
    ValidationData,

    /// <summary>A new signature: its dictionary, field, widget and appearance, and the catalog, form and page entries that reach them.</summary>
    Signing,

    /// <summary>A form field's value and appearance.</summary>
    FormFilling,

    /// <summary>Annotations other than widgets added, changed or removed, with their appearances.</summary>
    Annotation,

    /// <summary>Anything else: page content, fonts, the page tree, the trailer, deleted objects. Never allowed.</summary>
    Other,
}

/// <summary>One classified change: what it is, its kind, and for form filling the field's fully qualified name.</summary>
internal sealed record Change(string What, ChangeKind Kind, string? Field = null);

/// <summary>The DocMDP permission of a certification signature (1, 2 or 3), the revision it signed, and its field's name.</summary>
internal sealed record DocMdp(int Permission, int Revision, string FieldName);

/// <summary>
/// A FieldMDP lock (a signature field's /Lock, or a FieldMDP transform in the signature's /Reference): the fields it
/// locks once the signature is made (/Action All, Include or Exclude with /Fields), and the DocMDP permission a PDF 2.0
/// lock may add (/P).
/// </summary>
internal sealed record FieldLock(string Action, IReadOnlySet<string> Fields, int? Permission)
{
    /// <summary>True when the lock covers the field <paramref name="field"/> (a fully qualified name).</summary>
    public bool Locks(string field) => Action switch
    {
        "Include" => Fields.Contains(field),
        "Exclude" => !Fields.Contains(field),
        _ => true,
    };

    /// <summary>The lock as a reader would say it.</summary>
    public override string ToString() => Action is "Include" or "Exclude" ? $"/Action /{Action} /Fields [{string.Join(", ", Fields.Order(StringComparer.Ordinal))}]" : "/Action /All";
}

/// <summary>
/// What may change after one signature, and why. The rules, most permissive first:
/// <list type="bullet">
/// <item>DSS and document timestamps, always: ISO 32000-2:2020 12.8.5.3 says DocMDP ignores them, and the approved
/// amendment of the P entry (Table 257) says so for P=1 too, which is what PAdES (ETSI EN 319 142-1) relies on for
/// B-LT and B-LTA. Acrobat reads P=1 more strictly; SoHoa follows the standard.</item>
/// <item>New signatures, unless a DocMDP permission of 1 is in force.</item>
/// <item>Form filling only where a DocMDP permission of 2 or 3 grants it, and never in a field that a FieldMDP lock of
/// this signature covers; annotations only where a DocMDP permission of 3 grants it.</item>
/// <item>Nothing else. Without a certification signature, SoHoa's whitelist (docs/architecture.md) allows after a signature only
/// DSS, document timestamps and new signatures.</item>
/// </list>
/// A DocMDP permission is in force for changes made after the certification signature's revision; a PDF 2.0 lock's /P
/// for changes after this signature, and the stricter of the two wins.
/// </summary>
internal sealed record ModificationRules(string SignatureName, DocMdp? Certification, IReadOnlyList<FieldLock> Locks)
{
    private const string Whitelist = "SoHoa allows after an approval signature only DSS, document timestamps and new signatures";

    /// <summary>Whether a change of <paramref name="kind"/> (to <paramref name="field"/>, for form filling) made in <paramref name="revision"/> is allowed, and the rule that decides it.</summary>
    public (bool Allowed, string Reason) Judge(ChangeKind kind, string? field, int revision)
    {
        (int? permission, string? source) = Permission(revision);
        string docMdp = $"DocMDP P={permission} of {source}";
        switch (kind)
        {
            case ChangeKind.Housekeeping:
                return (true, "housekeeping: nothing the document shows changes");
            case ChangeKind.ValidationData:
                return (true, "DSS and document timestamps are allowed after any signature, even under DocMDP P=1 (ISO 32000-2:2020 12.8.5.3)");
            case ChangeKind.Signing:
                return permission == 1
                    ? (false, $"{docMdp} allows no change but DSS and document timestamps: no new signature")
                    : (true, permission is null ? "a new signature is allowed after a signature" : $"{docMdp} allows signing");
            case ChangeKind.FormFilling:
                if (field is not null && Locks.FirstOrDefault(l => l.Locks(field)) is { } fieldLock)
                {
                    return (false, $"FieldMDP: the signature '{SignatureName}' locks {fieldLock}, which covers the field '{field}'");
                }

                return permission switch
                {
                    2 or 3 => (true, $"{docMdp} allows form filling"),
                    null => (false, $"no certification signature grants form filling (DocMDP P=2 or 3), and {Whitelist}"),
                    _ => (false, $"{docMdp} allows no form filling"),
                };
            case ChangeKind.Annotation:
                return permission switch
                {
                    3 => (true, $"{docMdp} allows annotations"),
                    null => (false, $"no certification signature grants annotations (DocMDP P=3), and {Whitelist}"),
                    _ => (false, $"{docMdp} allows no annotations (only P=3 does)"),
                };
            default:
                return (false, "no signature allows this change: only DSS, document timestamps, new signatures, and the form filling or annotations a DocMDP permission grants");
        }
    }

    private (int? Permission, string? Source) Permission(int revision)
    {
        (int? permission, string? source) = Certification is { } c && revision > c.Revision ? (c.Permission, $"the certification signature '{c.FieldName}'") : ((int?)null, (string?)null);
        foreach (FieldLock fieldLock in Locks)
        {
            if (fieldLock.Permission is { } p && (permission is null || p < permission))
            {
                (permission, source) = (p, $"the field lock of '{SignatureName}'");
            }
        }

        return (permission, source);
    }
}
