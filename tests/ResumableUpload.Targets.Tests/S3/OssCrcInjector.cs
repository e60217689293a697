using System.Globalization;
using Amazon.Runtime;
using ResumableUpload.S3;
using ResumableUpload.Shared;

namespace ResumableUpload.Targets.Tests.S3;

/// <summary>
/// Stands in for Alibaba OSS's integrity header in front of Ceph RGW: adds <c>x-oss-hash-crc64ecma</c> (decimal
/// CRC-64/XZ) to the responses of UploadPart, PutObject and CompleteMultipartUpload, with the value the test computes
/// from the source bytes (right, or deliberately wrong). No OSS server runs here.
/// </summary>
internal sealed class OssCrcInjector(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int injected;

    /// <summary>Gets or sets the value to send for a part (by number), or <see langword="null"/> for none.</summary>
    public Func<int, ulong?> PartCrc { get; set; } = _ => null;

    /// <summary>Gets or sets the value to send on a single put and on complete, or <see langword="null"/> for none.</summary>
    public ulong? ObjectCrc { get; set; }

    /// <summary>Gets how many responses got the header.</summary>
    public int Injected => injected;

    /// <summary>CRC-64/XZ from its one parameter set (pinned to its check value by CrcTests), not the target's code path.</summary>
    public static ulong Crc64Xz(ReadOnlySpan<byte> data) => CrcParameters.Compute(ChecksumAlgorithm.Crc64Xz, data);

    /// <summary>A target on RGW whose client sends every request through <paramref name="injector"/>.</summary>
    public static S3MultipartTarget Target(OssCrcInjector injector)
    {
        var options = TestServers.RgwOptions();
        options.ConfigureClient = config => config.HttpClientFactory = new Factory(injector);
        return S3MultipartTarget.Create(options);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return response;
        }

        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
        ulong? crc = null;
        if (request.Method == HttpMethod.Put && query["partNumber"] is { } number)
        {
            crc = PartCrc(int.Parse(number, CultureInfo.InvariantCulture));
        }
        else if (IsPutObject(request, query) || (request.Method == HttpMethod.Post && query["uploadId"] is not null))
        {
            crc = ObjectCrc;
        }

        if (crc is { } value)
        {
            response.Headers.Add("x-oss-hash-crc64ecma", value.ToString(CultureInfo.InvariantCulture));
            Interlocked.Increment(ref injected);
        }

        return response;
    }

    // PutObject has a key in the (path-style) path; PutBucket has none.
    private static bool IsPutObject(HttpRequestMessage request, System.Collections.Specialized.NameValueCollection query)
        => request.Method == HttpMethod.Put && query.Count == 0 && request.RequestUri!.AbsolutePath.Trim('/').Contains('/', StringComparison.Ordinal);

    private sealed class Factory(OssCrcInjector injector) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(injector, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
