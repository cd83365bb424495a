using System.Runtime.InteropServices;

namespace SoHoa.Tests.Ocr;

/// <summary>
/// <see cref="DigitizationProcess.TuneNativeLibraries"/> is how a host opts in to the process-wide settings; loading the
/// native libraries sets nothing by itself. This run opted in at its start (NativeSetup), as the sohoa command does.
/// </summary>
[TestClass]
public sealed class NativeTuningTests
{
    [TestMethod]
    public void TuneNativeLibraries_SetsTheOpenMpLimitInTheCEnvironmentOpenMpReads()
    {
        // Called again after Tesseract may have loaded: with the limit already in place that is not an error.
        DigitizationProcess.TuneNativeLibraries();

        string? c = Marshal.PtrToStringUTF8(GetEnv("OMP_THREAD_LIMIT"));
        // Empty counts as unset to OpenMP (a thread per core in every engine), so the opt-in must not leave it empty either.
        Assert.IsFalse(string.IsNullOrEmpty(c), "OMP_THREAD_LIMIT is not set in the C environment, where OpenMP reads it");
        Assert.AreEqual(Environment.GetEnvironmentVariable("OMP_THREAD_LIMIT"), c, "the managed and the C environment agree");
    }

    // DllImport, not LibraryImport: the generated form needs unsafe code, which this project does not allow.
#pragma warning disable SYSLIB1054
    [DllImport("libc.so.6", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
#pragma warning restore SYSLIB1054
}
