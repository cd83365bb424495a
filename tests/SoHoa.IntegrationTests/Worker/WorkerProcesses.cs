using System.Diagnostics;
using System.Globalization;
using System.Text;
using SoHoa.IntegrationTests.Support;
using static SoHoa.IntegrationTests.Signing.SigningSupport;

namespace SoHoa.IntegrationTests.Worker;

/// <summary>What the worker tests share, whatever the source: small batches of sample pages, and `sohoa worker` run as a real process.</summary>
internal static class WorkerProcesses
{
    /// <summary>The applicant of every test batch.</summary>
    public const string Citizen = "093090001234";

    private static readonly string[] Pages = ["0001/02.png", "0002/01.png", "0003/01.png", "0002/02.png"];

    /// <summary>Writes batch <paramref name="index"/> (batch id <c>WORKER-&lt;index&gt;</c>, one dossier) into <paramref name="folder"/>; returns how many documents it holds.</summary>
    public static int WriteBatch(string folder, int index, int documentsEach)
    {
        Directory.CreateDirectory(folder);
        var entries = new List<string>();
        for (int d = 0; d < documentsEach; d++)
        {
            string page = Pages[(index + d) % Pages.Length];
            File.Copy(Path.Combine(RepositoryPaths.SampleBatch, page), Path.Combine(folder, $"{d}.png"));
            // Past the four sample pages, another kind keeps every document's id distinct.
            string kind = d < Pages.Length ? "dossier-receipt" : $"dossier-receipt-{d / Pages.Length}";
            entries.Add($$"""{ "kind": "{{kind}}", "role": "input", "files": ["{{d}}.png"] }""");
        }

        File.WriteAllText(Path.Combine(folder, "batch.json"), $$"""
            { "schema": "sohoa.batch/v1", "batchId": "WORKER-{{index}}", "agency": { "code": "000.00.01.H12", "name": "UBND huyện Phụng Hiệp", "level": "district" },
              "dossiers": [ { "dossierCode": "000.00.01.H12-261203-{{index + 1:D4}}", "procedureCode": "1.001612", "applicant": { "personalId": "{{Citizen}}" },
                "documents": [ {{string.Join(", ", entries)}} ] } ] }
            """);
        return documentsEach;
    }

    /// <summary>
    /// Starts <c>sohoa worker</c> with <paramref name="source"/> (<c>--inbox …</c> or <c>--queue … --store …</c>), signing with
    /// the test PKI's officer; its standard error goes to <paramref name="log"/> when one is given, and its home (data
    /// folder and temporary folder) is <paramref name="home"/> when one is given.
    /// </summary>
    public static Process Start(IEnumerable<string> source, bool exitWhenIdle, int maxDeliveries = 5, int grace = 30, StringBuilder? log = null, string? home = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { RepositoryPaths.Cli, "worker" }.Concat(source).Concat(["--cert", Pki.OfficerPfx, "--trust", Pki.RootCertificate,
            "--max-deliveries", maxDeliveries.ToString(CultureInfo.InvariantCulture), "--stop-grace", grace.ToString(CultureInfo.InvariantCulture)]))
        {
            start.ArgumentList.Add(argument);
        }

        if (exitWhenIdle)
        {
            start.ArgumentList.Add("--exit-when-idle");
        }

        start.Environment["SOHOA_CERT_PASSWORD"] = TestPki.Password;
        start.Environment["SOHOA_HOME"] = home ?? TestEnvironment.NewDirectory("worker-home");
        if (home is not null)
        {
            // The process's temporary folder too, so that a test can see all it writes on its disk.
            start.Environment["TMPDIR"] = Directory.CreateDirectory(Path.Combine(home, "tmp")).FullName;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (log is not null && e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static void WaitForExit(params Process[] processes)
    {
        foreach (Process process in processes)
        {
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("a worker did not finish within five minutes");
            }

            // The asynchronous readers have seen the end of the output too.
            process.WaitForExit();
        }
    }

    public static void WaitUntil(Func<bool> condition, TimeSpan limit, string what = "the worker did not take the batch")
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.IsTrue(clock.Elapsed < limit, what);
            Thread.Sleep(50);
        }
    }

    public static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
