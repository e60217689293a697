using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ResumableUpload.Orleans.Tests.Support;

/// <summary>One part upload (<c>uploadId#partNumber</c>) or put (<c>/bucket/key</c>) as the proxy saw it arrive.</summary>
internal sealed class ObservedSend(int port, string target)
{
    /// <summary>Gets the proxy port it came in on (one port per worker).</summary>
    public int Port { get; } = port;

    public string Target { get; } = target;

    /// <summary>Gets or sets the status RGW answered, 0 while none (or never: the sender died mid-body).</summary>
    public int Status { get; set; }
}

/// <summary>
/// A fault-injection-style fake in front of the real RGW: forwards every request unchanged (the raw target and the Host
/// header kept, so SigV4 signatures still hold) and notes each part upload and put per listening port, so a test counts
/// at the target which parts were sent twice and by whom. A send is marked answered before its answer is relayed, so a
/// worker can never have recorded a part the proxy still shows as open. (HttpListener, not Kestrel: the ASP.NET
/// framework reference would change which assemblies land beside the rupload the tests start.)
/// </summary>
internal sealed class CountingS3Proxy : IDisposable
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase) { "Host", "Expect", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length" };
    private readonly HttpListener listener = new();
    private readonly HttpClient upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false, AutomaticDecompression = DecompressionMethods.None });
    private readonly ConcurrentQueue<ObservedSend> sends = new();
    private readonly string rgw;
    private readonly Task loop;

    private CountingS3Proxy(string rgwEndpoint, int ports)
    {
        rgw = rgwEndpoint.TrimEnd('/');
        Ports = [.. Enumerable.Range(0, ports).Select(_ => FreePort())];
        foreach (var port in Ports)
        {
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        }

        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    /// <summary>Gets the ports it listens on, one per worker.</summary>
    public IReadOnlyList<int> Ports { get; }

    /// <summary>Gets or sets what runs when a send arrives, before it is forwarded (the kill trigger).</summary>
    public Action<ObservedSend>? OnSend { get; set; }

    public IReadOnlyList<ObservedSend> Sends => [.. sends];

    public static CountingS3Proxy Start(string rgwEndpoint, int ports) => new(rgwEndpoint, ports);

    public void Dispose()
    {
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
        upstream.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>A part upload (PUT with uploadId and partNumber) or a put of an object (PUT of /bucket/key); null for anything else.</summary>
    private static ObservedSend? SendOf(HttpListenerRequest request)
    {
        if (request.HttpMethod != "PUT" || request.Headers["x-amz-copy-source"] is not null)
        {
            return null;
        }

        var port = request.LocalEndPoint.Port;
        if (request.QueryString["uploadId"] is { } uploadId)
        {
            return request.QueryString["partNumber"] is { } part ? new ObservedSend(port, $"{uploadId}#{part}") : null;
        }

        var path = request.Url?.AbsolutePath ?? string.Empty;
        return path.IndexOf('/', 1) > 0 ? new ObservedSend(port, path) : null;
    }

    private async Task AcceptAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            _ = Task.Run(() => ForwardAsync(context));
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var send = SendOf(request);
        if (send is not null)
        {
            sends.Enqueue(send);
            OnSend?.Invoke(send);
        }

        var reply = context.Response;
        try
        {
            using var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(rgw + request.RawUrl, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
            if (request.HasEntityBody || request.Headers["Content-Type"] is not null || request.Headers["Content-Length"] is not null)
            {
                // Even an empty body keeps its content headers: SigV4 may have signed Content-Type.
                message.Content = request.HasEntityBody ? new StreamContent(request.InputStream) : new ByteArrayContent([]);
                if (request.ContentLength64 >= 0)
                {
                    message.Content.Headers.ContentLength = request.ContentLength64;
                }
            }

            foreach (var name in request.Headers.AllKeys.OfType<string>().Where(n => !NotForwarded.Contains(n)))
            {
                var values = request.Headers.GetValues(name) ?? [];
                if (!message.Headers.TryAddWithoutValidation(name, values))
                {
                    message.Content?.Headers.TryAddWithoutValidation(name, values);
                }
            }

            message.Headers.Host = request.UserHostName;
            using var response = await upstream.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
            send?.Status = (int)response.StatusCode;
            reply.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    reply.ContentLength64 = long.Parse(values.First(), System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (!NotForwarded.Contains(name))
                {
                    foreach (var value in values)
                    {
                        reply.Headers.Add(name, value);
                    }
                }
            }

            if (request.HttpMethod != "HEAD")
            {
                await response.Content.CopyToAsync(reply.OutputStream);
            }

            reply.Close();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // Mostly a sender that died mid-body (the killed worker): RGW got a short request; nobody is left to answer.
            reply.Abort();
        }
    }
}
