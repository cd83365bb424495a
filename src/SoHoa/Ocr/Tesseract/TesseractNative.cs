using System.Runtime.InteropServices;
using SoHoa.Imaging.Leptonica;
using SoHoa.Internal;

namespace SoHoa.Ocr.Tesseract;

/// <summary>The part of Tesseract 5's C API that SoHoa calls.</summary>
internal static partial class TesseractNative
{
    /// <summary>Page iterator levels (tesseract::PageIteratorLevel).</summary>
    public enum Level
    {
        /// <summary>A block of text.</summary>
        Block = 0,

        /// <summary>A paragraph.</summary>
        Paragraph = 1,

        /// <summary>A text line.</summary>
        TextLine = 2,

        /// <summary>A word.</summary>
        Word = 3,

        /// <summary>A symbol.</summary>
        Symbol = 4,
    }

    static TesseractNative() => NativeLibraries.EnsureRegistered();

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial IntPtr TessVersion();

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial SafeTessApiHandle TessBaseAPICreate();

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial void TessBaseAPIDelete(IntPtr handle);

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial void TessBaseAPIEnd(IntPtr handle);

    [LibraryImport(NativeLibraries.Tesseract, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPIInit3(SafeTessApiHandle handle, string? dataPath, string language);

    [LibraryImport(NativeLibraries.Tesseract, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial bool TessBaseAPISetVariable(SafeTessApiHandle handle, string name, string value);

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial void TessBaseAPISetPageSegMode(SafeTessApiHandle handle, int mode);

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial void TessBaseAPISetImage2(SafeTessApiHandle handle, SafePixHandle pix);

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial void TessBaseAPISetSourceResolution(SafeTessApiHandle handle, int ppi);

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial int TessBaseAPIRecognize(SafeTessApiHandle handle, IntPtr monitor);

    /// <summary>A progress monitor (ETEXT_DESC) for one recognition; free it with <see cref="TessMonitorDelete"/>.</summary>
    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial IntPtr TessMonitorCreate();

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial void TessMonitorDelete(IntPtr monitor);

    /// <summary>Makes recognition stop (and TessBaseAPIRecognize fail) once <paramref name="deadline"/> milliseconds from now have passed.</summary>
    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial void TessMonitorSetDeadlineMSecs(IntPtr monitor, int deadline);

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial int TessBaseAPIMeanTextConf(SafeTessApiHandle handle);

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial void TessBaseAPIClear(SafeTessApiHandle handle);

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial SafeTessResultIteratorHandle TessBaseAPIGetIterator(SafeTessApiHandle handle);

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial void TessResultIteratorDelete(IntPtr handle);

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial IntPtr TessResultIteratorGetPageIteratorConst(SafeTessResultIteratorHandle handle);

    [LibraryImport(NativeLibraries.Tesseract)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial bool TessResultIteratorNext(SafeTessResultIteratorHandle handle, Level level);

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial IntPtr TessResultIteratorGetUTF8Text(SafeTessResultIteratorHandle handle, Level level);

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial float TessResultIteratorConfidence(SafeTessResultIteratorHandle handle, Level level);

    [LibraryImport(NativeLibraries.Tesseract)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial bool TessPageIteratorIsAtBeginningOf(IntPtr pageIterator, Level level);

    [LibraryImport(NativeLibraries.Tesseract)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial bool TessPageIteratorBoundingBox(IntPtr pageIterator, Level level, out int left, out int top, out int right, out int bottom);

    [LibraryImport(NativeLibraries.Tesseract)]
    public static partial void TessDeleteText(IntPtr text);

    /// <summary>Reads and frees a UTF-8 string that Tesseract allocated.</summary>
    public static string? TakeText(IntPtr text)
    {
        if (text == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(text);
        }
        finally
        {
            TessDeleteText(text);
        }
    }
}

/// <summary>Owns a <c>TessBaseAPI*</c>.</summary>
internal sealed class SafeTessApiHandle : SafeHandle
{
    /// <summary>Creates an empty handle; the marshaller fills it.</summary>
    public SafeTessApiHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        TesseractNative.TessBaseAPIEnd(handle);
        TesseractNative.TessBaseAPIDelete(handle);
        return true;
    }
}

/// <summary>Owns a <c>TessResultIterator*</c>.</summary>
internal sealed class SafeTessResultIteratorHandle : SafeHandle
{
    /// <summary>Creates an empty handle; the marshaller fills it.</summary>
    public SafeTessResultIteratorHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        TesseractNative.TessResultIteratorDelete(handle);
        return true;
    }
}
