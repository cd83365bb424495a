using System.Text;
using SoHoa.Pdf.Syntax;

namespace SoHoa.IntegrationTests.Signing.Layouts;

/// <summary>
/// Composes one incremental update over the latest revision of a file the way a signing tool does: it allocates object
/// numbers from /Size, keeps working copies of the catalog (with its inline /AcroForm) and of the page, appends fields
/// and widgets to them, and writes them into the update only when they were touched.
/// </summary>
internal sealed class LayoutRevision
{
    private readonly PdfDictionary _catalog;
    private readonly PdfDictionary _page;
    private int _next;
    private bool _catalogTouched;
    private bool _pageTouched;

    public LayoutRevision(byte[] pdf, int page = LayoutBase.Page)
    {
        Pdf = pdf;
        Reader = PdfFileReader.Open(pdf);
        _next = (int)Reader.Trailer.GetInt("Size")!.Value;
        _catalog = Reader.GetCatalog().Clone();
        PageNumber = page;
        _page = Object(page);
    }

    public byte[] Pdf { get; }

    public PdfFileReader Reader { get; }

    public HandmadeUpdate Update { get; } = new();

    public int PageNumber { get; }

    public int CatalogNumber => Reader.Trailer.GetReference("Root")!.ObjectNumber;

    public static PdfReference Ref(int number, int generation = 0) => new(number, generation);

    /// <summary>An object as it is written in a PDF body.</summary>
    public static string Body(PdfObject value) => Encoding.Latin1.GetString(PdfSerializer.ToBytes(value));

    /// <summary>The next free object number.</summary>
    public int Allocate() => _next++;

    /// <summary>Defines a new object with <paramref name="body"/> and returns its number.</summary>
    public int Add(string body, int generation = 0)
    {
        int number = Allocate();
        Update.Define(number, body, generation);
        return number;
    }

    /// <summary>A copy of dictionary object <paramref name="number"/> as the latest revision has it.</summary>
    public PdfDictionary Object(int number) => ((PdfDictionary)Reader.GetObject(number)).Clone();

    /// <summary>Changes the catalog (written with the update).</summary>
    public LayoutRevision EditCatalog(Action<PdfDictionary> edit)
    {
        edit(_catalog);
        _catalogTouched = true;
        return this;
    }

    /// <summary>Changes the page (written with the update).</summary>
    public LayoutRevision EditPage(Action<PdfDictionary> edit)
    {
        edit(_page);
        _pageTouched = true;
        return this;
    }

    /// <summary>Appends <paramref name="field"/> to the inline /AcroForm's direct /Fields array.</summary>
    public LayoutRevision AppendField(int field) => EditCatalog(catalog =>
    {
        PdfDictionary form = catalog.GetDictionary("AcroForm")!.Clone();
        if (form["Fields"] is not PdfArray)
        {
            throw new InvalidOperationException("The form's /Fields is not a direct array: redefine the array object instead.");
        }

        var fields = new PdfArray(form.GetArray("Fields")!);
        fields.Add(Ref(field));
        catalog.Set("AcroForm", form.Set("Fields", fields).Set("SigFlags", new PdfInteger(3)));
    });

    /// <summary>Appends <paramref name="widget"/> to the page's direct /Annots array.</summary>
    public LayoutRevision AppendAnnotation(int widget) => EditPage(page =>
    {
        if (page["Annots"] is PdfReference)
        {
            throw new InvalidOperationException("The page's /Annots is an indirect array: redefine the array object instead.");
        }

        var annots = new PdfArray(page.GetArray("Annots") ?? []);
        annots.Add(Ref(widget));
        page.Set("Annots", annots);
    });

    /// <summary>
    /// A new signature as most tools add one: a signature dictionary, a field merged with its widget (in /Fields and in
    /// the page's /Annots), and a visible appearance stream. <paramref name="appearance"/> null draws the default one;
    /// <paramref name="appearanceObject"/> names an existing number for the appearance instead of a new object.
    /// </summary>
    public (int Signature, int Widget) AddSignature(string name, string rect = "[320 10 560 60]", string? appearance = null, int? appearanceObject = null)
    {
        int signature = Allocate();
        int widget = Allocate();
        int ap = appearanceObject ?? Allocate();
        Update.Define(signature, HandmadeIncrementalSigner.SignatureDictionary($"/Name ({name})"));
        if (appearanceObject is null)
        {
            Update.Define(ap, appearance ?? SignatureAppearance(name));
        }

        Update.Define(widget, $"<< /Type /Annot /Subtype /Widget /FT /Sig /T ({name}) /V {signature} 0 R /Rect {rect} /F 132 /P {PageNumber} 0 R /AP << /N {ap} 0 R >> >>");
        AppendField(widget);
        AppendAnnotation(widget);
        return (signature, widget);
    }

    /// <summary>What a signing tool draws in a signature's box.</summary>
    public static string SignatureAppearance(string name) =>
        LayoutBase.Form($"0 0 0.6 RG 1 w 0.5 0.5 239 49 re S BT 0 0 0.6 rg /Helv 10 Tf 8 30 Td (Da ky boi: {name}) Tj 0 -14 Td (Ngay 22/11/2026) Tj ET", 240, 50);

    /// <summary>The update with the touched catalog and page, appended and signed by <paramref name="signer"/>.</summary>
    public byte[] Sign(string signer = "seal") => HandmadeIncrementalSigner.Sign(Pdf, Commit(), signer);

    /// <summary>The update with the touched catalog and page, appended without a signature.</summary>
    public byte[] Write() => Commit().AppendTo(Pdf);

    private HandmadeUpdate Commit()
    {
        if (_catalogTouched)
        {
            Update.Define(CatalogNumber, Body(_catalog));
        }

        if (_pageTouched)
        {
            Update.Define(PageNumber, Body(_page));
        }

        return Update;
    }
}
