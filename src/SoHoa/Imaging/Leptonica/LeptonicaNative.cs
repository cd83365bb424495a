using System.Runtime.InteropServices;
using SoHoa.Internal;

namespace SoHoa.Imaging.Leptonica;

/// <summary>
/// The few Leptonica 1.82 functions SoHoa calls. Callers check every input first: Leptonica is C and a crash
/// there takes the whole worker down.
/// </summary>
#pragma warning disable SA1300, IDE1006 // the native names are kept as they are
internal static partial class LeptonicaNative
{
    /// <summary>Leptonica's file format code for PNM (P4/P5/P6).</summary>
    public const int IffPnm = 11;

    /// <summary>Leptonica's file format code for PNG.</summary>
    public const int IffPng = 3;

    /// <summary>Remove a colour map to whatever depth the colours need.</summary>
    public const int RemoveColormapBasedOnSource = 4;

    private const int SeverityNone = 6;

    static LeptonicaNative()
    {
        NativeLibraries.EnsureRegistered();

        // Leptonica prints its own errors to stderr; SoHoa reports them, with the batch and file, itself.
        _ = setMsgSeverity(SeverityNone);
    }

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int setMsgSeverity(int severity);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixReadMem(ref byte data, nuint size);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixReadMemTiff(ref byte data, nuint size, int page);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixWriteMem(out IntPtr data, out nuint size, SafePixHandle pix, int format);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial void lept_free(IntPtr data);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial void pixDestroy(ref IntPtr pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixGetWidth(SafePixHandle pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixGetHeight(SafePixHandle pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixGetDepth(SafePixHandle pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixGetXRes(SafePixHandle pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixGetYRes(SafePixHandle pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixSetResolution(SafePixHandle pix, int xres, int yres);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial IntPtr pixGetColormap(SafePixHandle pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixRemoveColormap(SafePixHandle pix, int type);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixConvertTo8(SafePixHandle pix, int colormapFlag);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixClone(SafePixHandle pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixRemoveAlpha(SafePixHandle pix);
}
#pragma warning restore SA1300, IDE1006
