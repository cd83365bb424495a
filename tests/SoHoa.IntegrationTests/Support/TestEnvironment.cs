using System.Text.Json;

namespace SoHoa.IntegrationTests.Support;

/// <summary>What the whole test run shares: one temp folder and one test PKI, made once.</summary>
[TestClass]
public static class TestEnvironment
{
    private static string? _root;
    private static TestPki? _pki;

    internal static string Root => _root ?? throw new InvalidOperationException("The assembly fixture has not run.");

    internal static TestPki Pki => _pki ?? throw new InvalidOperationException("The assembly fixture has not run.");

    [AssemblyInitialize]
    public static void Initialize(TestContext context)
    {
        _ = context;

        // First, as the sohoa command does: one OpenMP thread per Tesseract engine, page buffers kept in the heap.
        DigitizationProcess.TuneNativeLibraries();
        _root = Path.Combine(Path.GetTempPath(), "sohoa-it-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_root);
        _pki = TestPki.Create(Path.Combine(_root, "pki"));
    }

    [AssemblyCleanup]
    public static void Cleanup()
    {
        _pki?.Dispose();
        if (_root is not null && Environment.GetEnvironmentVariable("SOHOA_KEEP_TEST_FILES") is null)
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A new empty folder under the run's temp folder.</summary>
    internal static string NewDirectory(string name)
    {
        string path = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(path);
        return path;
    }
}

/// <summary>Runs the built <c>sohoa</c> command as a user would, with its own data folder.</summary>
internal sealed class SohoaCli(string home)
{
    public string Home { get; } = home;

    public ToolRun Run(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["SOHOA_HOME"] = Home };
        return ExternalTool.Run("dotnet", [RepositoryPaths.Cli, .. arguments], env, TimeSpan.FromMinutes(10));
    }

    public ToolRun Run(params string[] arguments) => Run((IEnumerable<string>)arguments);

    public ToolRun RunWithCertificate(string pfx, params string[] arguments) =>
        Run([.. arguments, "--cert", pfx], new Dictionary<string, string> { ["SOHOA_CERT_PASSWORD"] = TestPki.Password });

    public static JsonDocument Json(ToolRun run)
    {
        try
        {
            return JsonDocument.Parse(run.StandardOutput);
        }
        catch (JsonException ex)
        {
            throw new AssertFailedException($"The output is not JSON ({ex.Message}):\n{run.Output}");
        }
    }
}
