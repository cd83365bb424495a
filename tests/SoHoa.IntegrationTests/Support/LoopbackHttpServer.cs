using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SoHoa.IntegrationTests.Support;

/// <summary>An HTTP request as the loopback server saw it.</summary>
internal sealed record LoopbackRequest(string Method, string Path, byte[] Body);

/// <summary>What the loopback server answers.</summary>
internal sealed record LoopbackResponse(int Status, string ContentType, byte[] Body)
{
    public static LoopbackResponse NotFound { get; } = new(404, "text/plain", "not found"u8.ToArray());
}

/// <summary>
/// A minimal HTTP/1.1 server bound to 127.0.0.1 only (never every interface), one request per connection. It serves
/// the test PKI's CRLs and answers OCSP and RFC 3161 requests by running openssl on each request.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<LoopbackRequest, LoopbackResponse> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public LoopbackHttpServer(Func<LoopbackRequest, LoopbackResponse> handler)
    {
        _handler = handler;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public string BaseUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    /// <summary>How many requests were answered so far.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                var head = new List<byte>();
                while (!EndsWithBlankLine(head))
                {
                    int b = stream.ReadByte();
                    if (b < 0)
                    {
                        return;
                    }

                    head.Add((byte)b);
                }

                string[] lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n");
                string[] requestLine = lines[0].Split(' ');
                int length = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    .Select(p => int.Parse(p[1].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
                byte[] body = new byte[length];
                await stream.ReadExactlyAsync(body);
                LoopbackResponse response;
                try
                {
                    response = _handler(new LoopbackRequest(requestLine[0], requestLine[1], body));
                }
                catch (Exception ex)
                {
                    response = new LoopbackResponse(500, "text/plain", Encoding.UTF8.GetBytes(ex.Message));
                }

                Interlocked.Increment(ref _requests);
                string header = string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} X\r\nContent-Type: {response.ContentType}\r\nContent-Length: {response.Body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(header));
                await stream.WriteAsync(response.Body);
                await stream.FlushAsync();
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';
}
