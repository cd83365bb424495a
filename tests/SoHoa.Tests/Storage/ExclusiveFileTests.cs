using SoHoa.Storage;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Storage;

/// <summary>A file put in place only when none is there: eight writers racing on one path, exactly one wins, every round.</summary>
[TestClass]
public sealed class ExclusiveFileTests
{
    [TestMethod]
    public void TryPlace_EightWritersRacingOnOnePath_ExactlyOneWinsAndItsContentStays()
    {
        using var folder = new TempDirectory();
        for (int round = 0; round < 300; round++)
        {
            string destination = Path.Combine(folder.Path, $"document-{round}.pdf");
            var winners = new System.Collections.Concurrent.ConcurrentBag<string>();
            Parallel.For(0, 8, writer =>
            {
                string temporary = Path.Combine(folder.Path, Guid.NewGuid().ToString("N") + ".tmp");
                string content = $"round {round}, writer {writer}";
                File.WriteAllText(temporary, content);
                if (ExclusiveFile.TryPlace(temporary, destination))
                {
                    winners.Add(content);
                }

                File.Delete(temporary);
            });

            // File.Move(…, overwrite: false) let two writers win in 18 of 300 such rounds on the build machine.
            Assert.AreEqual(1, winners.Count, $"round {round}: {winners.Count} writers placed their file");
            Assert.AreEqual(winners.Single(), File.ReadAllText(destination), $"round {round}: the winner's file was replaced");
        }

        Assert.AreEqual(300, Directory.GetFiles(folder.Path).Length, "no temporary file is left");
    }
}
