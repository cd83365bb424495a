using System.Security.Cryptography;
using SoHoa.IntegrationTests.Support;

namespace SoHoa.IntegrationTests.TestData;

[TestClass]
public sealed class GeneratorTests
{
    [TestMethod]
    public void Sample_Regenerated_IsByteIdenticalToTheCommittedSample()
    {
        string output = TestEnvironment.NewDirectory("sample");

        ToolRun run = ExternalTool.Run("dotnet", [RepositoryPaths.Generator, "sample", "--out", output], timeout: TimeSpan.FromMinutes(5));

        Assert.AreEqual(0, run.ExitCode, run.Output);
        Dictionary<string, string> committed = Hashes(RepositoryPaths.SampleBatch);
        Dictionary<string, string> regenerated = Hashes(output);
        CollectionAssert.AreEquivalent(committed.Keys.ToArray(), regenerated.Keys.ToArray());
        foreach ((string file, string hash) in committed)
        {
            Assert.AreEqual(hash, regenerated[file], $"{file} differs: the sample is not what the generator makes");
        }
    }

    private static Dictionary<string, string> Hashes(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);
}
