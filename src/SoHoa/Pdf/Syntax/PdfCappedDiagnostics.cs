using System.Collections.ObjectModel;
using System.Globalization;

namespace SoHoa.Pdf.Syntax;

/// <summary>Keeps the first diagnostics and counts the rest, so that a file with millions of broken entries cannot fill memory with messages.</summary>
internal sealed class PdfCappedDiagnostics : Collection<PdfDiagnostic>
{
    private const int Cap = 1000;
    private bool full;

    /// <inheritdoc/>
    protected override void InsertItem(int index, PdfDiagnostic item)
    {
        if (Count < Cap)
        {
            base.InsertItem(index, item);
        }
        else if (!full)
        {
            full = true;
            base.InsertItem(Count, new PdfDiagnostic(-1, string.Create(CultureInfo.InvariantCulture, $"More than {Cap} problems; the rest are not listed")));
        }
    }
}
