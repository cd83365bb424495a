namespace SoHoa.IntegrationTests.Support;

/// <summary>Finds files of the repository the tests run from.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SampleBatch => Path.Combine(Root, "testdata", "batches", "sample");

    /// <summary>The built <c>sohoa</c> CLI (the test project builds it first and records its path).</summary>
    public static string Cli { get; } = BuildOutput("SoHoaCliPath");

    /// <summary>The built testdata generator.</summary>
    public static string Generator { get; } = BuildOutput("GeneratorPath");

    private static string BuildOutput(string key) => typeof(RepositoryPaths).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;

    private static string FindRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "SoHoa.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("The tests must run inside the SoHoa repository (no SoHoa.sln above " + AppContext.BaseDirectory + ").");
    }
}
