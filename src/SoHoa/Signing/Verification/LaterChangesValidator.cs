using SoHoa.Pdf.Syntax;

namespace SoHoa.Signing.Verification;

/// <summary>What changed after one signature, and whether its certification forbade the signature itself.</summary>
/// <param name="Changes">Every change of the later revisions, each judged allowed or not.</param>
/// <param name="SignedUnderNoChanges">True when the signature was added after a certification with DocMDP P=1.</param>
internal sealed record LaterChangesResult(IReadOnlyList<LaterChange> Changes, bool SignedUnderNoChanges)
{
    /// <summary>True when nothing after the signature breaks a rule, and nothing forbade the signature.</summary>
    public bool Allowed => !SignedUnderNoChanges && Changes.All(c => c.Allowed);
}

/// <summary>
/// The later-changes layer (the Incremental Saving and Shadow attacks): every revision after a signature passes the
/// whitelist of <see cref="ChangeClassifier"/>, judged by the signature's <see cref="ModificationRules"/>: the
/// certification's DocMDP permission and the signature's FieldMDP locks, read here from the file.
/// </summary>
internal static class LaterChangesValidator
{
    /// <summary>
    /// Judges what revisions after <paramref name="revision"/> (the one the signature signs; null when it signs none, and
    /// then nothing is judged) changed, adding a problem for each change not allowed.
    /// </summary>
    public static LaterChangesResult Validate(ChangeClassifier classifier, ModificationRules rules, int? revision, bool isDocumentTimestamp, List<VerificationProblem> problems)
    {
        IReadOnlyList<LaterChange> changes = revision is { } rev ? classifier.ChangesAfter(rev, rules) : [];

        // A certification signature with /P 1 allows no later change but DSS and document timestamps (ISO 32000-2 12.8.2.2, 12.8.5.3).
        bool forbidden = rules.Certification is { Permission: 1 } certification && revision is { } laterThan && laterThan > certification.Revision && !isDocumentTimestamp;
        if (forbidden)
        {
            problems.Add(new VerificationProblem(VerificationProblems.DocMdpForbidden, "The document was certified with DocMDP permission 1 (no changes allowed), yet this signature was added after the certification."));
        }

        foreach (LaterChange change in changes.Where(c => !c.Allowed))
        {
            problems.Add(new VerificationProblem(VerificationProblems.ChangedAfterSigning, $"Revision {change.Revision} changed object {change.ObjectNumber} ({change.What}) after this signature: {change.Reason}."));
        }

        return new LaterChangesResult(changes, forbidden);
    }

    /// <summary>
    /// The certification signature: the one the catalog's /Perms /DocMDP names, in the first revision that has one, with
    /// the permission of its DocMDP transform (/Reference, TransformParams /P; 2 when absent) and the revision it signed.
    /// </summary>
    public static DocMdp? ReadCertification(PdfFileReader reader, IReadOnlyList<FoundSignature> signatures)
    {
        for (int r = 0; r < reader.Revisions.Count; r++)
        {
            IPdfObjectResolver resolver = reader.AsOfRevision(r);
            PdfDictionary catalog;
            try
            {
                catalog = reader.GetCatalog(r);
            }
            catch (PdfSyntaxException)
            {
                continue;
            }

            if (catalog.GetDictionary("Perms", resolver)?["DocMDP"] is not PdfReference certification)
            {
                continue;
            }

            if (signatures.FirstOrDefault(s => s.Reference.ObjectNumber == certification.ObjectNumber) is not { } found)
            {
                return null;
            }

            int permission = 2;
            foreach (PdfObject item in found.Signature.GetArray("Reference", reader) ?? [])
            {
                if (reader.Resolve(item) is PdfDictionary reference && reference.GetName("TransformMethod", reader)?.Value == "DocMDP")
                {
                    permission = (int)(reference.GetDictionary("TransformParams", reader)?.GetInt("P", reader) ?? 2);
                }
            }

            reader.GetXrefEntry(certification.ObjectNumber, null, out int defined);
            return new DocMdp(Math.Clamp(permission, 1, 3), defined, found.Name);
        }

        return null;
    }

    /// <summary>The FieldMDP locks of a signature: its field's /Lock, and any FieldMDP transform in its /Reference.</summary>
    public static List<FieldLock> ReadLocks(PdfFileReader reader, PdfDictionary field, PdfDictionary signature)
    {
        var parameters = new List<PdfDictionary>();
        if (field.GetDictionary("Lock", reader) is { } fieldLock)
        {
            parameters.Add(fieldLock);
        }

        foreach (PdfObject item in signature.GetArray("Reference", reader) ?? [])
        {
            if (reader.Resolve(item) is PdfDictionary reference && reference.GetName("TransformMethod", reader)?.Value == "FieldMDP"
                && reference.GetDictionary("TransformParams", reader) is { } transform)
            {
                parameters.Add(transform);
            }
        }

        return parameters.Select(p => new FieldLock(
            p.GetName("Action", reader)?.Value ?? "All",
            (p.GetArray("Fields", reader) ?? []).Select(f => (reader.Resolve(f) as PdfString)?.ToText()).OfType<string>().ToHashSet(StringComparer.Ordinal),
            p.GetInt("P", reader) is { } permission ? (int)Math.Clamp(permission, 1, 3) : null)).ToList();
    }
}
