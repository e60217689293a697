using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ResumableUpload.Testing;

/// <summary>
/// An HTTP message handler to put under an SDK client (AWS <c>HttpClientFactory</c>, Azure <c>HttpClientTransport</c>)
/// that fails a seeded fraction of the requests it is told to watch: 500, 503, connection resets, timeouts, stalls,
/// or a permanent 403/404. Error responses carry both an S3-style XML body and Azure's <c>x-ms-error-code</c>
/// header, so either SDK reads them as its server's own errors.
/// </summary>
public sealed class HttpFaultInjector : DelegatingHandler
{
    private readonly ConcurrentDictionary<HttpFault, int> injected = new();
    private readonly object gate = new();
    private Random random = new(0);
    private int watched;
    private int cycle;
    private int failNext;

    /// <summary>Initializes a new instance of the <see cref="HttpFaultInjector"/> class.</summary>
    /// <param name="inner">The handler that really sends requests (for example <see cref="SocketsHttpHandler"/>).</param>
    public HttpFaultInjector(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>Gets a predicate for S3 part uploads (<c>PUT ...?partNumber=</c>).</summary>
    public static Func<HttpRequestMessage, bool> S3PartRequests { get; } = r => r.Method == HttpMethod.Put && (r.RequestUri?.Query.Contains("partNumber=", StringComparison.Ordinal) ?? false);

    /// <summary>Gets a predicate for Azure block uploads (<c>PUT ...?comp=block</c>, not the block list).</summary>
    public static Func<HttpRequestMessage, bool> AzureBlockRequests { get; } = r => r.Method == HttpMethod.Put && (r.RequestUri?.Query.Contains("comp=block&", StringComparison.Ordinal) == true || r.RequestUri?.Query.EndsWith("comp=block", StringComparison.Ordinal) == true);

    /// <summary>Gets or sets which requests may fail.</summary>
    public Func<HttpRequestMessage, bool> AppliesTo { get; set; } = _ => true;

    /// <summary>Gets or sets the fraction, 0 to 1, of watched requests that fail.</summary>
    public double FailureFraction { get; set; }

    /// <summary>Gets or sets the faults to choose from, at random, for a failing request.</summary>
    public IReadOnlyList<HttpFault> Faults { get; set; } = [HttpFault.InternalServerError, HttpFault.ServiceUnavailable, HttpFault.ConnectionReset];

    /// <summary>Gets or sets a value indicating whether failing requests take <see cref="Faults"/> in turn rather than at random, so a short run sees every kind.</summary>
    public bool CycleFaults { get; set; }

    /// <summary>Gets or sets a fault applied to every watched request, or <see langword="null"/>.</summary>
    public HttpFault? Permanent { get; set; }

    /// <summary>Gets or sets how many of the next watched requests fail with the first of <see cref="Faults"/>, before <see cref="Permanent"/> and <see cref="FailureFraction"/> apply (for exact retry counts: "503 twice, then through").</summary>
    public int FailNext
    {
        get => Volatile.Read(ref failNext);
        set => Volatile.Write(ref failNext, value);
    }

    /// <summary>Gets or sets how long a <see cref="HttpFault.Stall"/> waits.</summary>
    public TimeSpan StallDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the number of watched requests seen.</summary>
    public int WatchedRequests => watched;

    /// <summary>Gets the faults injected so far, by kind.</summary>
    public IReadOnlyDictionary<HttpFault, int> Injected => injected;

    /// <summary>Gets the total number of faults injected.</summary>
    public int InjectedTotal => injected.Values.Sum();

    /// <summary>Sets the random seed.</summary>
    /// <param name="seed">The seed.</param>
    public void Seed(int seed)
    {
        lock (gate)
        {
            random = new Random(seed);
        }
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!AppliesTo(request))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var number = Interlocked.Increment(ref watched);
        HttpFault? fault = TryTakeFailNext() ? Faults[0] : Permanent;
        if (fault is null)
        {
            lock (gate)
            {
                if (random.NextDouble() < FailureFraction)
                {
                    fault = CycleFaults ? Faults[cycle++ % Faults.Count] : Faults[random.Next(Faults.Count)];
                }
            }
        }

        if (fault is not { } chosen)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        injected.AddOrUpdate(chosen, 1, (_, n) => n + 1);
        switch (chosen)
        {
            case HttpFault.ConnectionReset:
                throw new HttpRequestException("Injected connection reset.", new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)));
            case HttpFault.ResetMidBody:
                await ReadHalfTheBodyAsync(request, cancellationToken).ConfigureAwait(false);
                throw new HttpRequestException("Injected connection reset mid-body.", new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)));
            case HttpFault.Timeout:
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                throw new InvalidOperationException("unreachable");
            case HttpFault.Stall:
                await Task.Delay(StallDelay, cancellationToken).ConfigureAwait(false);
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            default:
                var (status, code) = chosen switch
                {
                    HttpFault.InternalServerError => (HttpStatusCode.InternalServerError, "InternalError"),
                    HttpFault.ServiceUnavailable => (HttpStatusCode.ServiceUnavailable, "SlowDown"),
                    HttpFault.Forbidden => (HttpStatusCode.Forbidden, "AccessDenied"),
                    _ => (HttpStatusCode.NotFound, "NoSuchUpload"),
                };
                return ErrorResponse(request, status, code, "fault-" + number.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static async Task ReadHalfTheBodyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not { } content)
        {
            return;
        }

        var left = Math.Min(1L << 20, (content.Headers.ContentLength ?? 0) / 2);
        var body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[16 * 1024];
        int read;
        while (left > 0 && (read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            left -= read;
        }
    }

    private bool TryTakeFailNext()
    {
        while (true)
        {
            var left = Volatile.Read(ref failNext);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref failNext, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    private static HttpResponseMessage ErrorResponse(HttpRequestMessage request, HttpStatusCode status, string code, string requestId)
    {
        var body = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>Injected {code}.</Message><RequestId>{requestId}</RequestId></Error>";
        var response = new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent(body, Encoding.UTF8, "application/xml"),
        };
        response.Headers.Add("x-amz-request-id", requestId);
        response.Headers.Add("x-ms-request-id", requestId);
        response.Headers.Add("x-ms-error-code", code);
        return response;
    }
}
