namespace SoHoa.Tests.Support;

/// <summary>The test process opts in to SoHoa's process-wide native settings first, as the <c>sohoa</c> command does.</summary>
[TestClass]
public static class NativeSetup
{
    [AssemblyInitialize]
    public static void Initialize(TestContext context)
    {
        _ = context;
        DigitizationProcess.TuneNativeLibraries();
    }
}
