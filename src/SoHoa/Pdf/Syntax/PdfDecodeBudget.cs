using System.Globalization;

namespace SoHoa.Pdf.Syntax;

/// <summary>
/// How much one document may make the reader hold: the bytes its streams decode to (each filter stage, as it inflates),
/// the cross-reference entries its sections list, and the objects parsed out of it, each counted at about what it
/// takes in memory. Every decode and parse through a <see cref="PdfFileReader"/> draws from it, so that a small hostile
/// file (a deflate bomb, an object stream whose objects all point at one huge array, thousands of cross-reference
/// sections) ends with a <see cref="PdfSyntaxException"/> instead of exhausting memory or time. What is charged stays
/// charged, failed decodes included. Not thread-safe, like the reader.
/// </summary>
internal sealed class PdfDecodeBudget
{
    /// <summary>What one parsed object (an integer, a name, an array...) is counted at, besides the bytes it holds.</summary>
    public const int ObjectCost = 40;

    /// <summary>What one cross-reference entry is counted at (its place in a section's and in a revision's table).</summary>
    public const int XrefEntryCost = 48;

    /// <summary>Creates a budget of <paramref name="limit"/> bytes.</summary>
    public PdfDecodeBudget(long limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        Limit = limit;
        Left = limit;
    }

    /// <summary>Gets the budget the document started with.</summary>
    public long Limit { get; }

    /// <summary>Gets what is left (negative once overdrawn).</summary>
    public long Left { get; private set; }

    /// <summary>Fails when nothing is left, before work that would be charged starts.</summary>
    public void ThrowIfSpent(long offsetForErrors)
    {
        if (Left <= 0)
        {
            throw Spent("The document", offsetForErrors);
        }
    }

    /// <summary>Charges <paramref name="bytes"/> for <paramref name="what"/>, failing once the budget is overdrawn.</summary>
    public void Charge(long bytes, string what, long offsetForErrors)
    {
        if (bytes <= 0)
        {
            return;
        }

        Left -= bytes;
        if (Left < 0)
        {
            throw Spent(what, offsetForErrors);
        }
    }

    private PdfSyntaxException Spent(string what, long offset) => new(
        string.Create(CultureInfo.InvariantCulture, $"{what} needs more than the document's decode budget of {Limit:N0} bytes allows (a decompression bomb or a crafted file?); the rest is not read"),
        offset);
}
