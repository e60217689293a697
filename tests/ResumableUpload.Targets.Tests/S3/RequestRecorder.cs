using Amazon.Runtime;
using ResumableUpload.S3;

namespace ResumableUpload.Targets.Tests.S3;

/// <summary>
/// Records what the real SDK client sends to Ceph RGW (method, query and headers of every request), for the options a
/// single-node RGW cannot show afterwards: a fault-injection style hook in front of the server, not a mock of it.
/// </summary>
internal sealed class RequestRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly List<SentRequest> sent = [];

    public IReadOnlyList<SentRequest> Sent
    {
        get
        {
            lock (sent)
            {
                return [.. sent];
            }
        }
    }

    /// <summary>A target on RGW whose client sends every request through <paramref name="recorder"/>.</summary>
    public static S3MultipartTarget Target(RequestRecorder recorder)
    {
        var options = TestServers.RgwOptions();
        options.ConfigureClient = config => config.HttpClientFactory = new Factory(recorder);
        return S3MultipartTarget.Create(options);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value), StringComparer.Ordinal);
        lock (sent)
        {
            sent.Add(new SentRequest(request.Method.Method, request.RequestUri!.Query, headers));
        }

        return base.SendAsync(request, cancellationToken);
    }

    private sealed class Factory(RequestRecorder recorder) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(recorder, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}

/// <summary>One request as sent: method, query string and headers (names in lower case).</summary>
internal sealed record SentRequest(string Method, string Query, IReadOnlyDictionary<string, string> Headers)
{
    public bool IsUploadPart => Method == "PUT" && Query.Contains("partNumber=", StringComparison.Ordinal);

    public bool IsComplete => Method == "POST" && Query.Contains("uploadId=", StringComparison.Ordinal);

    public bool IsInitiate => Method == "POST" && Query.Contains("uploads", StringComparison.Ordinal) && !IsComplete;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
