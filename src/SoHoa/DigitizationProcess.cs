using System.Runtime.InteropServices;

namespace SoHoa;

/// <summary>
/// What belongs to a whole process that digitizes, not to a library: an application opts in, first thing in its
/// <c>Main</c>. The <c>sohoa</c> command does (so <c>sohoa process</c> and <c>sohoa worker</c> do); a host of your own
/// may.
/// </summary>
public static partial class DigitizationProcess
{
    /// <summary>The environment variable that marks a process already restarted by <see cref="RestartForBatchWork"/>.</summary>
    private const string Restarted = "SOHOA_RESTARTED";

    /// <summary>
    /// On Linux, restarts the process (the same program, arguments and PID, through <c>execv</c>) with what a process
    /// that runs batches for minutes wants and can only be given when it starts, each unless the environment already
    /// says otherwise: one glibc malloc arena (<c>MALLOC_ARENA_MAX=1</c>) and each method compiled once, optimized
    /// (<c>DOTNET_TieredCompilation=0</c>). When both are set, elsewhere than Linux, or when the restart fails, it
    /// returns and nothing changes. Call it before anything else: the restarted process starts again from the beginning.
    /// </summary>
    /// <remarks>
    /// <para>
    /// glibc gives each thread that allocates its own arena (up to 8 a core) and never gives their memory back while
    /// anything in them lives. A page passes through a dozen native images of several megabytes (Leptonica's, then
    /// Tesseract's), made and freed on whichever thread-pool thread runs the step, so each arena came to hold the
    /// high-water mark of the pages it had seen; one arena that every thread shares lowers the peak by about a quarter
    /// (benchmarks/README.md, "Peak memory of growing batches"). The number of arenas is read once, when the process
    /// starts, and threads already running keep theirs, hence the restart: set at <c>Main</c> with <c>mallopt</c> it
    /// saved a third as much.
    /// </para>
    /// <para>
    /// Tiered compilation compiles a method quickly first and again, optimized, once it is called often, keeping both
    /// codes and the call counters: a quicker start for short commands, about 6 MiB more executable memory and no less
    /// CPU over a batch (the work is in Tesseract and Leptonica). Compiled once, a 60-page batch peaked 15 MiB lower.
    /// </para>
    /// </remarks>
    public static void RestartForBatchWork()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Restarted) is not null)
        {
            return;
        }

        bool arenasSet = Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null
            || Environment.GetEnvironmentVariable("GLIBC_TUNABLES")?.Contains("arena_max", StringComparison.Ordinal) == true;
        bool compilationSet = Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") is not null
            || Environment.GetEnvironmentVariable("COMPlus_TieredCompilation") is not null;
        if (arenasSet && compilationSet)
        {
            return;
        }

        try
        {
            // Each argument ends with a NUL; only the last one is cut, so an empty last argument ("") is kept.
            string cmdline = File.ReadAllText("/proc/self/cmdline");
            string[] arguments = (cmdline.EndsWith('\0') ? cmdline[..^1] : cmdline).Split('\0');
            if (arguments.Length == 0 || arguments[0].Length == 0)
            {
                return;
            }

            // The C environment, which execv passes on (Environment.SetEnvironmentVariable does not reach it).
            if ((!arenasSet && SetEnv("MALLOC_ARENA_MAX", "1", 0) != 0)
                || (!compilationSet && SetEnv("DOTNET_TieredCompilation", "0", 0) != 0)
                || SetEnv(Restarted, "1", 1) != 0)
            {
                return;
            }

            var argv = new nint[arguments.Length + 1];
            for (int i = 0; i < arguments.Length; i++)
            {
                argv[i] = Marshal.StringToCoTaskMemUTF8(arguments[i]);
            }

            // Returns only when the restart failed; the process then goes on as it is.
            _ = Exec("/proc/self/exe", argv);
            foreach (nint argument in argv)
            {
                Marshal.FreeCoTaskMem(argument);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            // No /proc or no glibc: the process goes on as it was started.
        }
    }

    /// <summary>
    /// Sets, for the whole process, what makes SoHoa's native libraries fast: <c>OMP_THREAD_LIMIT=1</c> in the C
    /// environment (one OpenMP thread per Tesseract engine, as engines already run one per core; with more, OCR ran
    /// about ten times slower), and glibc's thresholds that keep a page's native images in the heap from page to page
    /// (fewer page faults, half the system time). Settings the environment already makes (<c>OMP_THREAD_LIMIT</c>,
    /// <c>GLIBC_TUNABLES</c>, <c>MALLOC_MMAP_THRESHOLD_</c>, <c>MALLOC_TRIM_THRESHOLD_</c>) are kept.
    /// </summary>
    /// <remarks>
    /// Call it first in <c>Main</c>, before other threads run: <c>setenv</c> is not safe while another thread reads
    /// the environment, and OpenMP reads it once, when libtesseract loads. The <c>sohoa</c> command calls it; loading
    /// the libraries does not, so a host that does not call it keeps its environment and allocator as they are.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Tesseract is already loaded without <c>OMP_THREAD_LIMIT</c>: it is too late to limit its threads.</exception>
    public static void TuneNativeLibraries()
    {
        if (Internal.NativeLibraries.TesseractLoaded && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OMP_THREAD_LIMIT")))
        {
            throw new InvalidOperationException(
                "TuneNativeLibraries was called after Tesseract was loaded, when OpenMP has already read its environment: call it first in Main, or set OMP_THREAD_LIMIT=1 where the process is started.");
        }

        Internal.NativeLibraries.EnsureRegistered();
        Internal.NativeLibraries.LimitOpenMpThreads();
        Internal.NativeLibraries.KeepPageBuffersInHeap();
    }

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc.so.6", EntryPoint = "execv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Exec(string path, nint[] argv);
}
