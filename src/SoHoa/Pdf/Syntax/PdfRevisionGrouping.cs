namespace SoHoa.Pdf.Syntax;

/// <summary>Groups cross-reference sections into revisions, oldest first, merging a linearized file's first-page section into its revision.</summary>
internal static class PdfRevisionGrouping
{
    /// <summary>
    /// Returns the revisions made of <paramref name="newestFirst"/>, and in <paramref name="maxObjectNumber"/> the largest
    /// object number any of them mentions (or a trailer /Size - 1 if larger), at most <see cref="PdfFileReader.MaxObjectCount"/>.
    /// </summary>
    public static List<PdfRevision> Group(List<PdfXrefSection> newestFirst, ICollection<PdfDiagnostic> diagnostics, out int maxObjectNumber)
    {
        var groups = new List<List<PdfXrefSection>>();
        foreach (var s in Enumerable.Reverse(newestFirst))
        {
            if (groups.Count > 0 && s.RevisionEnd <= groups[^1].Max(g => g.RevisionEnd))
            {
                // A section ending before an older one (linearized first-page section) belongs to that revision.
                diagnostics.Add(new PdfDiagnostic(s.Offset, "Cross-reference section ends before the previous one (linearized file?); merged into that revision"));
                groups[^1].Add(s);
            }
            else
            {
                groups.Add([s]);
            }
        }

        var revisions = new List<PdfRevision>();
        var maxNumber = 0L;
        foreach (var group in groups)
        {
            var entries = new Dictionary<int, PdfXrefEntry>();
            foreach (var s in group)
            {
                foreach (var (num, entry) in s.Entries)
                {
                    entries[num] = entry;
                    maxNumber = Math.Max(maxNumber, num);
                }
            }

            var newest = group[^1];
            var size = newest.Trailer.GetInt("Size");
            if (size is long sz)
            {
                maxNumber = Math.Max(maxNumber, sz - 1);
            }

            revisions.Add(new PdfRevision(
                revisions.Count,
                newest.Offset,
                newest.Kind,
                newest.Trailer,
                entries,
                group.Max(g => g.RevisionEnd),
                [.. group.Select(g => g.Offset)]));
        }

        maxObjectNumber = (int)Math.Min(maxNumber, PdfFileReader.MaxObjectCount);
        return revisions;
    }
}
