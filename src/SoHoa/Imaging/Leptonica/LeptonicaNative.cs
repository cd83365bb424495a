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
    /// <summary>Remove a colour map to whatever depth the colours need.</summary>
    public const int RemoveColormapBasedOnSource = 4;

    /// <summary>pixRotate: interpolate gray and colour images by area mapping.</summary>
    public const int RotateAreaMap = 1;

    /// <summary>pixRotate: fill what the rotation brings in with white.</summary>
    public const int BringInWhite = 1;

    /// <summary>pixSelectBySize: keep a component if either its width or its height passes.</summary>
    public const int SelectIfEither = 5;

    /// <summary>pixSelectBySize: keep a component if the size is at least the threshold.</summary>
    public const int SelectIfGreaterOrEqual = 4;

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
    public static partial void pixDestroy(ref IntPtr pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixGetWidth(SafePixHandle pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixGetHeight(SafePixHandle pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixGetDepth(SafePixHandle pix);

    /// <summary>32-bit words per row of the sample data.</summary>
    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixGetWpl(SafePixHandle pix);

    /// <summary>The sample data: rows of <see cref="pixGetWpl"/> words, pixels packed from each word's most significant bit.</summary>
    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial IntPtr pixGetData(SafePixHandle pix);

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

    /// <summary>A new image with its own copy of the samples (unlike <see cref="pixClone"/>, which shares them).</summary>
    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixCopy(IntPtr destination, SafePixHandle pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixRemoveAlpha(SafePixHandle pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixConvertRGBToLuminance(SafePixHandle pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixConvert1To8(IntPtr pixd, SafePixHandle pix, byte val0, byte val1);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixScaleAreaMap(SafePixHandle pix, float scaleX, float scaleY);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixScaleGrayLI(SafePixHandle pix, float scaleX, float scaleY);

    /// <summary>Sauvola's per-pixel thresholds (8-bit, the size of <paramref name="pix"/>); <paramref name="binary"/> is passed as zero.</summary>
    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixSauvolaBinarizeTiled(SafePixHandle pix, int windowHalfSize, float factor, int tilesX, int tilesY, out SafePixHandle thresholds, IntPtr binary);

    /// <summary>Ink (1) wherever a pixel of <paramref name="pix"/> is darker than the same pixel of <paramref name="thresholds"/> (same size).</summary>
    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixVarThresholdToBinary(SafePixHandle pix, SafePixHandle thresholds);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixScaleAreaMap2(SafePixHandle pix);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixScaleBySamplingToSize(SafePixHandle pix, int width, int height);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixOrientDetect(SafePixHandle pix, out float upConfidence, out float leftConfidence, int minCount, int debug);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixAddBorderGeneral(SafePixHandle pix, int left, int right, int top, int bottom, uint value);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixUpDownDetect(SafePixHandle pix, out float upConfidence, int minCount, int nPixels, int debug);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixFindSkewSweepAndSearch(SafePixHandle pix, out float angle, out float confidence, int sweepReduction, int searchReduction, float sweepRange, float sweepDelta, float minSearchDelta);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixRotate(SafePixHandle pix, float radians, int type, int incolor, int width, int height);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixRotateOrth(SafePixHandle pix, int quads);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixSelectBySize(SafePixHandle pix, int width, int height, int connectivity, int type, int relation, IntPtr changed);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial IntPtr pixConnCompBB(SafePixHandle pix, int connectivity);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int boxaGetCount(IntPtr boxa);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int boxaGetBoxGeometry(IntPtr boxa, int index, out int x, out int y, out int width, out int height);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial void boxaDestroy(ref IntPtr boxa);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial IntPtr boxCreate(int x, int y, int width, int height);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial void boxDestroy(ref IntPtr box);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixClipRectangle(SafePixHandle pix, IntPtr box, IntPtr clippedBox);

    /// <summary>The bounding box of every ink pixel of a 1-bit image; returns 1, and no box, when there is no ink.</summary>
    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixClipToForeground(SafePixHandle pix, IntPtr clipped, out IntPtr box);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int boxGetGeometry(IntPtr box, out int x, out int y, out int width, out int height);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixSubtract(IntPtr pixd, SafePixHandle pix1, SafePixHandle pix2);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial int pixPaintThroughMask(SafePixHandle pixd, SafePixHandle mask, int x, int y, uint value);

    [LibraryImport(NativeLibraries.Leptonica)]
    public static partial SafePixHandle pixThresholdToBinary(SafePixHandle pix, int threshold);
}
#pragma warning restore SA1300, IDE1006
