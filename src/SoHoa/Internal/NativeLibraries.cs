using System.Reflection;
using System.Runtime.InteropServices;

namespace SoHoa.Internal;

/// <summary>
/// Finds Debian's Leptonica and Tesseract shared libraries by their versioned names (the unversioned
/// <c>.so</c> links come only with the -dev packages), and makes sure OpenMP runs one thread per Tesseract engine.
/// </summary>
internal static partial class NativeLibraries
{
    internal const string Leptonica = "sohoa-leptonica";
    internal const string Tesseract = "sohoa-tesseract";
    internal const string LibC = "sohoa-libc";

    private static readonly string[] LeptonicaNames = ["liblept.so.5", "libleptonica.so.6", "liblept.so", "libleptonica.so"];
    private static readonly string[] TesseractNames = ["libtesseract.so.5", "libtesseract.so"];
    private static readonly string[] LibCNames = ["libc.so.6"];
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Registers the resolver once for this assembly; every binding calls it from its static constructor.</summary>
    internal static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
            _registered = true;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        string[]? candidates = name switch
        {
            Leptonica => LeptonicaNames,
            Tesseract => TesseractNames,
            LibC => LibCNames,
            _ => null,
        };
        if (candidates is null)
        {
            return IntPtr.Zero;
        }

        if (name == Tesseract)
        {
            LimitOpenMpThreads();
        }

        foreach (string candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out IntPtr handle))
            {
                return handle;
            }
        }

        string package = name == Tesseract ? "libtesseract5 tesseract-ocr-vie" : name == Leptonica ? "liblept5" : "libc6";
        throw new SoHoaException(
            SoHoaErrorCode.NativeComponent,
            $"The native library {candidates[0]} could not be loaded. Install it with: apt-get install {package}");
    }

    /// <summary>
    /// Tesseract's OpenMP build runs about ten times slower with several threads per engine when engines already
    /// run one per core. OpenMP reads OMP_THREAD_LIMIT from the C environment when libtesseract loads, which
    /// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach, so set it through libc.
    /// A value the user set is kept.
    /// </summary>
    private static void LimitOpenMpThreads()
    {
        if (Environment.GetEnvironmentVariable("OMP_THREAD_LIMIT") is null)
        {
            Environment.SetEnvironmentVariable("OMP_THREAD_LIMIT", "1");
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            {
                _ = SetEnv("OMP_THREAD_LIMIT", "1", 0);
            }
        }
    }

    [LibraryImport(LibC, EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
