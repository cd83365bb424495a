using SoHoa.Pdf.Syntax;

namespace SoHoa.Signing.Verification;

/// <summary>
/// Sorts the objects that revisions after a signature add or redefine into allowed changes (DSS and its validation
/// data, document timestamps, new signature fields and their widgets, the catalog, form and page entries that point to
/// them) and everything else, which is what incremental saving and shadow attacks rely on.
/// </summary>
internal sealed class ChangeClassifier(PdfFileReader reader)
{
    /// <summary>Every change made after revision <paramref name="signedRevision"/>.</summary>
    public IReadOnlyList<LaterChange> ChangesAfter(int signedRevision)
    {
        var changes = new List<LaterChange>();
        HashSet<int> validationData = ValidationDataObjects();
        for (int r = signedRevision + 1; r < reader.Revisions.Count; r++)
        {
            PdfRevision revision = reader.Revisions[r];
            foreach (string key in new[] { "Root", "Info", "Encrypt" })
            {
                PdfObject? before = reader.Revisions[r - 1].Trailer[key];
                PdfObject? after = revision.Trailer[key];
                if ((before is null) != (after is null) || (before is not null && !Same(before, after!)))
                {
                    int number = (after as PdfReference)?.ObjectNumber ?? (before as PdfReference)?.ObjectNumber ?? 0;
                    changes.Add(new LaterChange(r, number, $"trailer /{key} changed", Allowed: false));
                }
            }

            foreach (int freed in revision.FreedObjectNumbers.Order())
            {
                changes.Add(new LaterChange(r, freed, "object deleted", Allowed: false));
            }

            foreach (int number in revision.DefinedObjectNumbers.Order())
            {
                (string what, bool allowed) = Classify(number, r, validationData);
                changes.Add(new LaterChange(r, number, what, allowed));
            }
        }

        return changes;
    }

    private (string What, bool Allowed) Classify(int number, int revision, HashSet<int> validationData)
    {
        PdfObject current;
        PdfObject? previous;
        try
        {
            current = reader.GetObject(number, revision);
            previous = reader.GetXrefEntry(number, revision - 1, out _) is { IsInUse: true } ? reader.GetObject(number, revision - 1) : null;
        }
        catch (PdfSyntaxException ex)
        {
            return ("unreadable object: " + ex.Message, false);
        }

        if (previous is not null && Same(current, previous))
        {
            return ("unchanged copy", true);
        }

        PdfDictionary? dictionary = current as PdfDictionary ?? (current as PdfStream)?.Dictionary;
        string? type = dictionary?.GetName("Type")?.Value;
        if (current is PdfStream && type is "XRef" or "ObjStm")
        {
            return (type == "XRef" ? "cross-reference stream" : "object stream", true);
        }

        if (validationData.Contains(number))
        {
            return ("DSS validation data", previous is null || type == "DSS");
        }

        if (previous is null && AppearanceObjects(revision).Contains(number))
        {
            return ("signature appearance", true);
        }

        if (dictionary is null)
        {
            return (previous is null ? "new object" : "changed object", false);
        }

        if (type is "Sig" or "DocTimeStamp" || dictionary.ContainsKey("ByteRange"))
        {
            return (type == "DocTimeStamp" ? "document timestamp" : "signature dictionary", previous is null);
        }

        if (IsSignatureWidget(dictionary))
        {
            bool allowed = previous is null || (previous is PdfDictionary before && !before.ContainsKey("V") && OnlyKeysDiffer(before, dictionary, "V", "AP"));
            return ("signature field", allowed);
        }

        if (number == reader.Trailer.GetReference("Root")?.ObjectNumber)
        {
            return ("document catalog", previous is PdfDictionary before && OnlyKeysDiffer(before, dictionary, "AcroForm", "DSS") && AcroFormOnlyGainedSignatures(before, dictionary, revision));
        }

        if (type == "Page")
        {
            return ("page", previous is PdfDictionary before && OnlyKeysDiffer(before, dictionary, "Annots") && OnlyAppendedSignatureWidgets(before.Get("Annots", reader.AsOfRevision(revision - 1)), dictionary.Get("Annots", reader.AsOfRevision(revision)), revision));
        }

        if (dictionary.ContainsKey("Fields") && dictionary.ContainsKey("SigFlags"))
        {
            return ("interactive form", previous is PdfDictionary before && OnlyKeysDiffer(before, dictionary, "Fields", "SigFlags") && OnlyAppendedSignatureWidgets(before.Get("Fields", reader.AsOfRevision(revision - 1)), dictionary.Get("Fields", reader.AsOfRevision(revision)), revision));
        }

        if (dictionary.ContainsKey("Subtype") && dictionary.GetName("Subtype")?.Value == "Form" && previous is null)
        {
            return ("signature appearance", IsAppearanceOfNewSignature(number, revision));
        }

        return (Describe(dictionary, current), false);
    }

    private bool AcroFormOnlyGainedSignatures(PdfDictionary before, PdfDictionary after, int revision)
    {
        PdfObject? formBefore = before["AcroForm"];
        PdfObject? formAfter = after["AcroForm"];
        if (formAfter is PdfReference || formAfter is null)
        {
            // An indirect form is judged as an object of its own.
            return formBefore is null || formBefore is PdfReference || formAfter is null;
        }

        var previousForm = reader.AsOfRevision(revision - 1).Resolve(formBefore ?? new PdfDictionary()) as PdfDictionary ?? new PdfDictionary();
        var currentForm = (PdfDictionary)formAfter;
        return OnlyKeysDiffer(previousForm, currentForm, "Fields", "SigFlags")
            && OnlyAppendedSignatureWidgets(previousForm.Get("Fields", reader.AsOfRevision(revision - 1)), currentForm.Get("Fields", reader.AsOfRevision(revision)), revision);
    }

    private bool OnlyAppendedSignatureWidgets(PdfObject? before, PdfObject? after, int revision)
    {
        PdfArray old = before as PdfArray ?? [];
        if (after is not PdfArray current || current.Count < old.Count)
        {
            return before is null && after is null;
        }

        for (int i = 0; i < old.Count; i++)
        {
            if (!Same(old[i], current[i]))
            {
                return false;
            }
        }

        IPdfObjectResolver resolver = reader.AsOfRevision(revision);
        for (int i = old.Count; i < current.Count; i++)
        {
            if (resolver.Resolve(current[i]) is not PdfDictionary added || !IsSignatureWidget(added))
            {
                return false;
            }
        }

        return true;
    }

    private readonly Dictionary<int, HashSet<int>> _appearanceObjects = [];

    /// <summary>
    /// The objects new in <paramref name="revision"/> that only the appearance streams of that revision's new signature
    /// widgets reach (the form XObject, its fonts and their files). Objects that existed before are never included, so
    /// a later signature's appearance cannot redefine anything a page already shows.
    /// </summary>
    private HashSet<int> AppearanceObjects(int revision)
    {
        if (_appearanceObjects.TryGetValue(revision, out HashSet<int>? cached))
        {
            return cached;
        }

        var result = new HashSet<int>();
        IPdfObjectResolver resolver = reader.AsOfRevision(revision);
        IReadOnlySet<int> defined = reader.Revisions[revision].DefinedObjectNumbers;
        bool IsNew(int n) => defined.Contains(n) && reader.GetXrefEntry(n, revision - 1, out _) is not { IsInUse: true };
        void Walk(PdfObject? item, int depth)
        {
            if (item is null || depth > 12)
            {
                return;
            }

            if (item is PdfReference r)
            {
                if (!IsNew(r.ObjectNumber) || !result.Add(r.ObjectNumber))
                {
                    return;
                }

                item = resolver.Resolve(r);
            }

            switch (item)
            {
                case PdfStream stream:
                    Walk(stream.Dictionary, depth + 1);
                    break;
                case PdfDictionary d:
                    foreach (KeyValuePair<PdfName, PdfObject> entry in d)
                    {
                        Walk(entry.Value, depth + 1);
                    }

                    break;
                case PdfArray a:
                    foreach (PdfObject element in a)
                    {
                        Walk(element, depth + 1);
                    }

                    break;
            }
        }

        foreach (int candidate in defined)
        {
            if (IsNew(candidate) && resolver.Resolve(new PdfReference(candidate, 0)) is PdfDictionary widget && IsSignatureWidget(widget) && widget["AP"] is { } ap)
            {
                Walk(resolver.Resolve(ap) is PdfDictionary apDictionary ? apDictionary["N"] : null, 0);
            }
        }

        _appearanceObjects[revision] = result;
        return result;
    }

    private bool IsAppearanceOfNewSignature(int number, int revision)
    {
        IPdfObjectResolver resolver = reader.AsOfRevision(revision);
        foreach (int candidate in reader.Revisions[revision].DefinedObjectNumbers)
        {
            if (resolver.Resolve(new PdfReference(candidate, 0)) is PdfDictionary widget && IsSignatureWidget(widget)
                && widget.GetDictionary("AP", resolver)?["N"] is PdfReference normal && normal.ObjectNumber == number)
            {
                return true;
            }
        }

        return false;
    }

    private HashSet<int> ValidationDataObjects()
    {
        var numbers = new HashSet<int>();
        if (reader.GetCatalog()["DSS"] is not { } dss)
        {
            return numbers;
        }

        if (dss is PdfReference dssReference)
        {
            numbers.Add(dssReference.ObjectNumber);
        }

        void Collect(PdfObject? item, int depth)
        {
            if (item is null || depth > 6)
            {
                return;
            }

            if (item is PdfReference r)
            {
                if (!numbers.Add(r.ObjectNumber))
                {
                    return;
                }

                item = reader.Resolve(r);
            }

            switch (item)
            {
                case PdfArray array:
                    foreach (PdfObject element in array)
                    {
                        Collect(element, depth + 1);
                    }

                    break;
                case PdfDictionary dictionary when item is not PdfStream:
                    foreach (KeyValuePair<PdfName, PdfObject> entry in dictionary)
                    {
                        if (entry.Key.Value is "Certs" or "OCSPs" or "CRLs" or "VRI" or "Cert" or "OCSP" or "CRL" || depth >= 1)
                        {
                            Collect(entry.Value, depth + 1);
                        }
                    }

                    break;
            }
        }

        Collect(reader.Resolve(dss), 0);
        return numbers;
    }

    private static bool IsSignatureWidget(PdfDictionary dictionary) =>
        dictionary.GetName("FT")?.Value == "Sig" && (dictionary.GetName("Subtype")?.Value == "Widget" || dictionary.ContainsKey("T"));

    private static bool OnlyKeysDiffer(PdfDictionary before, PdfDictionary after, params string[] allowed)
    {
        var keys = before.Keys.Select(k => k.Value).Union(after.Keys.Select(k => k.Value), StringComparer.Ordinal);
        foreach (string key in keys)
        {
            if (allowed.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }

            PdfObject? a = before[key];
            PdfObject? b = after[key];
            if (a is null || b is null ? a != b : !Same(a, b))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(PdfObject a, PdfObject b)
    {
        if (a is PdfStream sa && b is PdfStream sb)
        {
            return Same(sa.Dictionary, sb.Dictionary) && sa.RawData.Span.SequenceEqual(sb.RawData.Span);
        }

        return PdfSerializer.ToBytes(a).AsSpan().SequenceEqual(PdfSerializer.ToBytes(b));
    }

    private static string Describe(PdfDictionary dictionary, PdfObject current)
    {
        string? type = dictionary.GetName("Type")?.Value;
        string? subtype = dictionary.GetName("Subtype")?.Value;
        return (type, subtype, current) switch
        {
            ("Font", _, _) or (_, "Type0" or "TrueType" or "Type1" or "CIDFontType2", _) => "font",
            ("Annot", _, _) or (_, "Widget" or "Link" or "FreeText" or "Text" or "Stamp" or "Square", _) => $"annotation ({subtype})",
            ("XObject", _, _) or (_, "Image" or "Form", _) => $"XObject ({subtype})",
            ("Pages", _, _) => "page tree",
            (_, _, PdfStream) => "content stream or other stream",
            _ when dictionary.ContainsKey("FT") => "form field",
            _ => type is null ? "object" : type + " object",
        };
    }
}
