namespace SoHoa.Pdf.Syntax;

/// <summary>Walks a document's page tree depth-first and lists its leaf pages, guarding against cycles and depth.</summary>
internal sealed class PdfPageTree
{
    private readonly PdfFileReader reader;
    private readonly int rev;
    private readonly ICollection<PdfDiagnostic> diagnostics;
    private readonly HashSet<PdfReference> visited = [];
    private readonly List<PdfReference> result = [];

    private PdfPageTree(PdfFileReader reader, int rev, ICollection<PdfDiagnostic> diagnostics)
    {
        this.reader = reader;
        this.rev = rev;
        this.diagnostics = diagnostics;
    }

    /// <summary>Returns the references of the pages below <paramref name="root"/> in document order, as of revision <paramref name="rev"/>.</summary>
    public static List<PdfReference> CollectPages(PdfFileReader reader, PdfReference root, int rev, ICollection<PdfDiagnostic> diagnostics)
    {
        var tree = new PdfPageTree(reader, rev, diagnostics);
        tree.Collect(root, 0);
        return tree.result;
    }

    /// <summary>Adds the leaf pages below <paramref name="node"/>, or the node itself when it is a page.</summary>
    private void Collect(PdfReference node, int depth)
    {
        if (depth > PdfParser.MaxDepth)
        {
            throw new PdfSyntaxException($"Page tree deeper than {PdfParser.MaxDepth} levels");
        }

        if (!visited.Add(node))
        {
            throw new PdfSyntaxException($"Page tree contains a cycle through {node}");
        }

        if (reader.Resolve(node, rev) is not PdfDictionary dict)
        {
            diagnostics.Add(new PdfDiagnostic(-1, $"Page tree node {node} is not a dictionary; skipped"));
            return;
        }

        var type = dict.GetName("Type", reader.AsOfRevision(rev))?.Value;
        var kids = dict.GetArray("Kids", reader.AsOfRevision(rev));
        if (type == "Pages" || (type != "Page" && kids is not null))
        {
            foreach (var kid in kids ?? [])
            {
                if (kid is PdfReference kidRef)
                {
                    Collect(kidRef, depth + 1);
                }
                else
                {
                    diagnostics.Add(new PdfDiagnostic(-1, $"Page tree node {node} has a direct (non-reference) kid; skipped"));
                }
            }
        }
        else
        {
            result.Add(node);
        }
    }
}
