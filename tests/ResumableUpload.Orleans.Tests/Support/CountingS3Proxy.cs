using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
/// worker can never have recorded a part the proxy still shows as open.
/// </summary>
internal sealed class CountingS3Proxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false, AutomaticDecompression = DecompressionMethods.None });
    private readonly ConcurrentQueue<ObservedSend> sends = new();
    private readonly Uri rgw;

    private CountingS3Proxy(string rgwEndpoint, int ports)
    {
        rgw = new Uri(rgwEndpoint.TrimEnd('/'));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = null;
            o.Limits.MinRequestBodyDataRate = null; // a loaded 2-core box may be slow: never drop a send for that
            o.Limits.MinResponseDataRate = null;
            for (var i = 0; i < ports; i++)
            {
                o.Listen(IPAddress.Loopback, 0);
            }
        });
        app = builder.Build();
        app.Run(ForwardAsync);
    }

    /// <summary>Gets the ports it listens on, one per worker.</summary>
    public IReadOnlyList<int> Ports { get; private set; } = [];

    /// <summary>Gets or sets what runs when a send arrives, before it is forwarded (the kill trigger).</summary>
    public Action<ObservedSend>? OnSend { get; set; }

    public IReadOnlyList<ObservedSend> Sends => [.. sends];

    public static async Task<CountingS3Proxy> StartAsync(string rgwEndpoint, int ports)
    {
        var proxy = new CountingS3Proxy(rgwEndpoint, ports);
        await proxy.app.StartAsync();
        var addresses = proxy.app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        proxy.Ports = [.. addresses.Select(a => new Uri(a).Port)];
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }

    /// <summary>A part upload (PUT with uploadId and partNumber) or a put of an object (PUT of /bucket/key); null for anything else.</summary>
    private static ObservedSend? SendOf(HttpRequest request, int port)
    {
        if (!HttpMethods.IsPut(request.Method) || request.Headers.ContainsKey("x-amz-copy-source"))
        {
            return null;
        }

        if (request.Query["uploadId"] is [{ } uploadId] && request.Query["partNumber"] is [{ } part])
        {
            return new ObservedSend(port, $"{uploadId}#{part}");
        }

        var path = request.Path.Value ?? string.Empty;
        return path.IndexOf('/', 1) > 0 && !request.Query.ContainsKey("uploadId") ? new ObservedSend(port, path) : null;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        var send = SendOf(request, context.Connection.LocalPort);
        if (send is not null)
        {
            sends.Enqueue(send);
            OnSend?.Invoke(send);
        }

        var raw = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(rgw + raw, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
        if (request.ContentLength is not null || request.Headers.TransferEncoding.Count > 0)
        {
            message.Content = new StreamContent(request.Body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (name is "Host" or "Expect" or "Connection" or "Keep-Alive" or "Transfer-Encoding")
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
            }
        }

        message.Headers.Host = request.Host.Value;
        try
        {
            using var response = await upstream.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            send?.Status = (int)response.StatusCode;
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, value) in response.Headers.Concat(response.Content.Headers))
            {
                if (name is not ("Transfer-Encoding" or "Connection" or "Keep-Alive"))
                {
                    context.Response.Headers[name] = value.ToArray();
                }
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            // Mostly a sender that died mid-body (the killed worker): RGW got a short request. Never a silent 200.
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
            }
        }
    }
}
