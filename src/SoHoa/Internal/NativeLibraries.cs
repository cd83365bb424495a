using System.Reflection;
using System.Runtime.InteropServices;

namespace SoHoa.Internal;

/// <summary>
/// Finds Debian's Leptonica and Tesseract shared libraries by their versioned names (the unversioned
/// <c>.so</c> links come only with the -dev packages). What changes the whole process (the C environment, the
/// allocator) is here too, but only <see cref="DigitizationProcess.TuneNativeLibraries"/> does it, when an application
/// opts in: loading a library never does.
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
    private static bool _tesseractLoaded;

    /// <summary>True once libtesseract is loaded: OpenMP has read its environment by then.</summary>
    internal static bool TesseractLoaded => Volatile.Read(ref _tesseractLoaded);

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

        foreach (string candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out IntPtr handle))
            {
                if (name == Tesseract)
                {
                    Volatile.Write(ref _tesseractLoaded, true);
                }

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
    internal static void LimitOpenMpThreads()
    {
        // Empty is as good as unset to OpenMP, which then runs a thread per core in every engine.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OMP_THREAD_LIMIT")))
        {
            Environment.SetEnvironmentVariable("OMP_THREAD_LIMIT", "1");
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            {
                _ = SetEnv("OMP_THREAD_LIMIT", "1", 1);
            }
        }
    }

    /// <summary>
    /// Every page passes through a dozen native images of several megabytes each. By default glibc maps each of those
    /// afresh and unmaps it when freed, so every page faults its memory in again, and every unmapping interrupts the
    /// other cores to flush their address caches. Kept in the heap (glibc's largest mmap threshold, 32 MiB), they are
    /// reused from page to page: on 24 corpus pages the OCR process had 60% fewer page faults and half the system time.
    /// The free top of the heap is still given back above 4 MiB: a trim threshold above a page's whole working set
    /// (256 MiB, tried first) let the resident memory of a long batch creep up (benchmarks/README.md, "Peak memory of
    /// growing batches"). Settings the user made through GLIBC_TUNABLES or the MALLOC_MMAP_THRESHOLD_ and
    /// MALLOC_TRIM_THRESHOLD_ variables are kept.
    /// </summary>
    internal static void KeepPageBuffersInHeap()
    {
        if (!OperatingSystem.IsLinux()
            || Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is { } tunables && (tunables.Contains("mmap_threshold", StringComparison.Ordinal) || tunables.Contains("trim_threshold", StringComparison.Ordinal))
            || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
            || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null)
        {
            return;
        }

        try
        {
            _ = MallOpt(MallocMmapThreshold, 32 << 20);
            _ = MallOpt(MallocTrimThreshold, 4 << 20);
        }
        catch (Exception ex) when (ex is SoHoaException or EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc: its allocator keeps its own defaults.
        }
    }

    private const int MallocTrimThreshold = -1;
    private const int MallocMmapThreshold = -3;

    [LibraryImport(LibC, EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    [LibraryImport(LibC, EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
