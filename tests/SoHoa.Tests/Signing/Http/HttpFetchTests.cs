using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using SoHoa.Signing.Http;
using SoHoa.Signing.Timestamping;

namespace SoHoa.Tests.Signing.Http;

/// <summary>
/// The one retry path of the TSA, OCSP and CRL clients: transient failures are retried after waits on the given clock,
/// the caller's cancellation is passed on at once, and an exhausted authority gives the same error as before.
/// </summary>
[TestClass]
public sealed class HttpFetchTests
{
    private static readonly Uri Tsa = new("http://tsa.test/");

    [TestMethod]
    public async Task ExecuteAsync_TransientFailureThenSuccess_WaitsOnTheClockThenReturns()
    {
        var clock = new FakeTimeProvider();
        var fetch = new HttpFetch(new HttpRetryOptions { MaxAttempts = 3, FirstDelay = TimeSpan.FromSeconds(1), TimeProvider = clock });
        int calls = 0;

        Task<int> result = fetch.ExecuteAsync(_ => ++calls == 1 ? throw new HttpRequestException("down") : Task.FromResult(calls), CancellationToken.None);

        Assert.AreEqual(1, calls);
        Assert.IsFalse(result.IsCompleted, "the retry did not wait for the clock");
        await AdvanceUntilDoneAsync(clock, result);
        Assert.AreEqual(2, await result);
    }

    [TestMethod]
    public async Task ExecuteAsync_HttpClientTimeout_IsRetriedAsATransientFailure()
    {
        var fetch = new HttpFetch(new HttpRetryOptions { FirstDelay = TimeSpan.Zero });
        int calls = 0;

        int result = await fetch.ExecuteAsync(_ => ++calls < 3 ? throw new TaskCanceledException("timeout", new TimeoutException()) : Task.FromResult(calls), CancellationToken.None);

        Assert.AreEqual(3, result);
    }

    [TestMethod]
    public async Task ExecuteAsync_CallerCancels_IsNotRetried()
    {
        var clock = new FakeTimeProvider();
        var fetch = new HttpFetch(new HttpRetryOptions { MaxAttempts = 5, FirstDelay = TimeSpan.FromSeconds(1), TimeProvider = clock });
        using var cancellation = new CancellationTokenSource();
        int calls = 0;

        Task<int> result = fetch.ExecuteAsync<int>(async ct => { calls++; await cancellation.CancelAsync(); ct.ThrowIfCancellationRequested(); return 0; }, cancellation.Token);

        await Assert.ThrowsAsync<OperationCanceledException>(() => result);
        Assert.AreEqual(1, calls);
    }

    [TestMethod]
    public async Task ExecuteAsync_CallerCancelsDuringTheWait_StopsWaiting()
    {
        var clock = new FakeTimeProvider();
        var fetch = new HttpFetch(new HttpRetryOptions { MaxAttempts = 3, FirstDelay = TimeSpan.FromMinutes(5), TimeProvider = clock });
        using var cancellation = new CancellationTokenSource();
        int calls = 0;

        Task<int> result = fetch.ExecuteAsync<int>(_ => { calls++; throw new HttpRequestException("down"); }, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => result);
        Assert.AreEqual(1, calls);
    }

    [TestMethod]
    public async Task ExecuteAsync_NotFound_IsNotRetried()
    {
        var fetch = new HttpFetch(new HttpRetryOptions { FirstDelay = TimeSpan.Zero });
        int calls = 0;

        await Assert.ThrowsExactlyAsync<HttpRequestException>(() => fetch.ExecuteAsync<int>(_ => { calls++; throw new HttpRequestException("gone", null, HttpStatusCode.NotFound); }, CancellationToken.None));

        Assert.AreEqual(1, calls);
    }

    [TestMethod]
    public async Task GetTokenAsync_AuthorityAlwaysUnavailable_ThrowsTheTransientTimestampErrorAfterEveryAttempt()
    {
        var clock = new FakeTimeProvider();
        using var handler = new StatusHandler(HttpStatusCode.ServiceUnavailable);
        using var http = new HttpClient(handler);
        var client = new HttpTimestampClient(http, Tsa, new HttpRetryOptions { MaxAttempts = 3, TimeProvider = clock });

        Task<TimestampToken> token = client.GetTokenAsync(SHA256.HashData([1, 2, 3]), HashAlgorithmName.SHA256);
        await AdvanceUntilDoneAsync(clock, token);

        SoHoaException error = await Assert.ThrowsExactlyAsync<SoHoaException>(() => token);
        Assert.AreEqual(SoHoaErrorCode.Timestamp, error.Code);
        Assert.IsTrue(error.IsTransient);
        Assert.AreEqual("The timestamp authority http://tsa.test/ is not available: HTTP 503", error.Message);
        Assert.AreEqual(3, handler.Requests);
    }

    [TestMethod]
    public async Task GetTokenAsync_AuthorityRefuses_ThrowsAtOnceWithoutRetry()
    {
        using var handler = new StatusHandler(HttpStatusCode.Forbidden);
        using var http = new HttpClient(handler);
        var client = new HttpTimestampClient(http, Tsa, new HttpRetryOptions { FirstDelay = TimeSpan.Zero });

        SoHoaException error = await Assert.ThrowsExactlyAsync<SoHoaException>(() => client.GetTokenAsync(SHA256.HashData([1, 2, 3]), HashAlgorithmName.SHA256));

        Assert.IsFalse(error.IsTransient);
        Assert.AreEqual(1, handler.Requests);
    }

    [TestMethod]
    public void Constructor_NoAttempts_IsRefused() =>
        Assert.ThrowsException<ArgumentOutOfRangeException>(() => new HttpFetch(new HttpRetryOptions { MaxAttempts = 0 }));

    /// <summary>Moves the fake clock on, a minute at a time, until <paramref name="task"/> ends (jitter makes each wait a little different).</summary>
    private static async Task AdvanceUntilDoneAsync(FakeTimeProvider clock, Task task)
    {
        for (int i = 0; i < 100 && !task.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Yield();
            await Task.WhenAny(task, Task.Delay(10));
        }

        Assert.IsTrue(task.IsCompleted, "the retries did not end as the clock moved on");
    }

    /// <summary>An authority that answers every request with one status: the fault the test PKI's real TSA cannot produce.</summary>
    private sealed class StatusHandler(HttpStatusCode status) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            return Task.FromResult(new HttpResponseMessage(status));
        }
    }
}
