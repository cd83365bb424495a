using SoHoa.IntegrationTests.Support;

namespace SoHoa.IntegrationTests.Reporting;

/// <summary>Debian's headless Chromium (package <c>chromium</c>, installed by <c>.ci/install-deps --tests</c>), as a reader's browser.</summary>
internal static class Chromium
{
    /// <summary>Loads <paramref name="html"/> and returns the DOM as the browser built it.</summary>
    public static string DumpDom(string html)
    {
        ToolRun run = ExternalTool.Run("chromium", [.. Flags(), "--dump-dom", new Uri(html).AbsoluteUri], timeout: TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        Assert.IsTrue(run.StandardOutput.Length > 1000, "Chromium printed no DOM:\n" + run.StandardError);
        return run.StandardOutput;
    }

    /// <summary>Loads <paramref name="html"/> in a window of <paramref name="width"/> × <paramref name="height"/> and saves what it shows as PNG.</summary>
    public static void Screenshot(string html, string png, int width, int height)
    {
        ToolRun run = ExternalTool.Run("chromium", [.. Flags(), "--hide-scrollbars", $"--window-size={width},{height}", "--screenshot=" + png, new Uri(html).AbsoluteUri], timeout: TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        Assert.IsTrue(File.Exists(png) && new FileInfo(png).Length > 0, "Chromium made no screenshot:\n" + run.StandardError);
    }

    private static string[] Flags() =>
    [
        "--headless",
        "--no-sandbox", // the tests run as root in CI, where Chromium's sandbox cannot start
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--user-data-dir=" + TestEnvironment.NewDirectory("chromium-profile"),
    ];
}
