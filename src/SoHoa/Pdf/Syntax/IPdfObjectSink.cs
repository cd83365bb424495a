namespace SoHoa.Pdf.Syntax;

/// <summary>
/// Where new indirect objects go: a new file (<see cref="Composition.PdfFileBuilder"/>) or an update on top of an
/// existing one (<see cref="PdfIncrementalWriter"/>), so that one writer serves both (a subset font, for one).
/// </summary>
internal interface IPdfObjectSink
{
    /// <summary>Adds <paramref name="value"/> as a new indirect object and returns its reference.</summary>
    PdfReference Add(PdfObject value);
}
