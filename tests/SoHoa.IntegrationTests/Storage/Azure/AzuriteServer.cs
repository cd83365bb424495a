using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SoHoa.Azure.Storage;

namespace SoHoa.IntegrationTests.Storage.Azure;

/// <summary>
/// A real Azurite (npm <c>azurite</c>, installed under tests/azurite by .ci/install-deps) serving blobs, queues and tables
/// on loopback ports that were free, with its data in a folder of its own. Stopped as a service is stopped (SIGTERM: it
/// saves its data and exits), and started again on the same ports and folder. Shared with the store benchmark.
/// </summary>
internal sealed class AzuriteServer : IDisposable
{
    /// <summary>Azurite's documented development account and key (public, the same for every Azurite).</summary>
    public const string AccountName = "devstoreaccount1";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private Process? _process;
    private readonly string _log;

    private AzuriteServer(string location)
    {
        Location = location;
        _log = Path.Combine(location, "..", Path.GetFileName(location) + ".log");
        (BlobPort, QueuePort, TablePort) = (FreePort(), FreePort(), FreePort());
    }

    public string Location { get; }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The connection string of this Azurite, as a deployment would give one (account, key and endpoints).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>The installed Azurite's entry point.</summary>
    public static string EntryPoint => Path.Combine(RepositoryRoot(), "tests", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js");

    /// <summary>Starts an Azurite keeping its data in <paramref name="location"/> (an empty folder).</summary>
    public static AzuriteServer Start(string location)
    {
        var server = new AzuriteServer(location);
        server.Run();
        return server;
    }

    /// <summary>Stops it the way a service is stopped (SIGTERM): it saves its data and exits.</summary>
    public void Stop()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        _ = Signal(process.Id, 15);
        if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        _process = null;
    }

    /// <summary>Starts it again on the same ports, with the same data, after <paramref name="down"/> (none by default).</summary>
    public void Restart(TimeSpan down = default)
    {
        Stop();
        Thread.Sleep(down);
        Run();
    }

    /// <summary>Options for a store in a container of its own on this Azurite, with keys of its own (made in <paramref name="keys"/>).</summary>
    public AzureStoreOptions StoreOptions(string keys, string? container = null)
    {
        Directory.CreateDirectory(keys);
        string index = Path.Combine(keys, "index.key");
        string audit = Path.Combine(keys, "audit.key");
        if (!File.Exists(index))
        {
            File.WriteAllBytes(index, RandomNumberGenerator.GetBytes(32));
            File.WriteAllBytes(audit, RandomNumberGenerator.GetBytes(32));
        }

        return new AzureStoreOptions
        {
            ConnectionString = ConnectionString,
            ContainerName = container ?? "t" + Guid.NewGuid().ToString("N")[..12],
            IndexKeyFile = index,
            AuditKeyFile = audit,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
            NetworkTimeout = TimeSpan.FromSeconds(20),
        };
    }

    public void Dispose() => Stop();

    private void Run()
    {
        if (!File.Exists(EntryPoint))
        {
            throw new AssertFailedException($"Azurite is not installed at {EntryPoint}: run 'bash .ci/install-deps --tests' (it runs 'npm ci' in tests/azurite).");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            EntryPoint, "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", $"{BlobPort}", "--queuePort", $"{QueuePort}", "--tablePort", $"{TablePort}",
            "--skipApiVersionCheck", "--disableTelemetry", "--location", Location, "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new AssertFailedException("node could not be started.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(Listening(BlobPort) && Listening(QueuePort) && Listening(TablePort)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                string log = File.Exists(_log) ? File.ReadAllText(_log) : string.Empty;
                Stop();
                throw new AssertFailedException($"Azurite did not start:\n{log}");
            }

            Thread.Sleep(100);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                File.AppendAllText(_log, line + "\n");
            }
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "SoHoa.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("Azurite is found from the SoHoa repository (no SoHoa.sln above " + AppContext.BaseDirectory + ").");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code, which this test project does not allow for one call
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Signal(int pid, int signal);
#pragma warning restore SYSLIB1054
}
