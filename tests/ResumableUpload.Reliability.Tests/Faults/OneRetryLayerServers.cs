using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using ResumableUpload.AzureBlob;
using ResumableUpload.S3;
using ResumableUpload.Testing;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Reliability.Tests.Faults;

/// <summary>
/// A server for the retry-count tests: a target built the way users get it (<c>S3MultipartTarget.Create</c>,
/// <c>AzureBlobMultipartTarget.Create</c>, so with the SDK's own retries off) whose client sends every request
/// through an <see cref="HttpFaultInjector"/>, plus predicates that pick out one kind of request.
/// </summary>
internal abstract partial class OneRetryLayerServer
{
    public abstract IMultipartTarget Target { get; }

    public abstract Func<HttpRequestMessage, bool> PartRequests(int partNumber);

    public abstract Func<HttpRequestMessage, bool> ListPartsRequests { get; }

    /// <summary>Gets a predicate for the request that carries a single put's bytes (S3 PutObject, Azure's one staged block).</summary>
    public abstract Func<HttpRequestMessage, bool> PutRequests { get; }

    public abstract Func<HttpRequestMessage, bool> ListUploadsRequests { get; }

    /// <summary>Creates the server's target; the injector watches nothing until the test sets <see cref="HttpFaultInjector.AppliesTo"/>.</summary>
    public static OneRetryLayerServer Create(string name, HttpFaultInjector injector, TimeSpan? s3NetworkTimeout = null)
    {
        injector.AppliesTo = _ => false;
        return name switch
        {
            "s3" => new Rgw(injector, s3NetworkTimeout),
            "azure" => new Azurite(injector),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "s3 or azure"),
        };
    }

    public abstract Task<string> CreateBucketAsync();

    public abstract Task<byte[]> ReadAsync(string bucket, string key);

    [GeneratedRegex("(^\\?|&)partNumber=(?<n>[0-9]+)(&|$)")]
    private static partial Regex S3PartNumber();

    [GeneratedRegex("(^\\?|&)uploads(=|&|$)")]
    private static partial Regex S3Uploads();

    [GeneratedRegex("(^\\?|&)blockid=(?<id>[^&]+)")]
    private static partial Regex AzureBlockId();

    private sealed class Rgw : OneRetryLayerServer
    {
        private readonly S3MultipartTarget target;

        // With a network timeout given, the client has no whole-request timeout: only the stall guard can end a request.
        public Rgw(HttpFaultInjector injector, TimeSpan? networkTimeout)
        {
            target = S3MultipartTarget.Create(new S3TargetOptions
            {
                NetworkTimeout = networkTimeout ?? new S3TargetOptions().NetworkTimeout,
                ServiceUrl = ServerEnvironment.S3Endpoint,
                Region = ServerEnvironment.S3Region,
                Credentials = new BasicAWSCredentials(ServerEnvironment.S3AccessKey, ServerEnvironment.S3SecretKey),
                ChecksumCompatibility = S3ChecksumCompatibility.WhenRequired,
                ConfigureClient = config =>
                {
                    config.HttpClientFactory = new InjectingHttpClientFactory(injector);
                    if (networkTimeout is null)
                    {
                        config.Timeout = TimeSpan.FromSeconds(30);
                    }
                },
            });
        }

        public override IMultipartTarget Target => target;

        public override Func<HttpRequestMessage, bool> ListPartsRequests { get; } =
            r => r.Method == HttpMethod.Get && r.RequestUri!.Query.Contains("uploadId=", StringComparison.Ordinal) && !S3PartNumber().IsMatch(r.RequestUri.Query);

        public override Func<HttpRequestMessage, bool> ListUploadsRequests { get; } =
            r => r.Method == HttpMethod.Get && S3Uploads().IsMatch(r.RequestUri!.Query);

        // Path style: /bucket/key with no query (PutBucket has no key).
        public override Func<HttpRequestMessage, bool> PutRequests { get; } =
            r => r.Method == HttpMethod.Put && r.RequestUri!.Query.Length == 0 && r.RequestUri.AbsolutePath.Trim('/').Contains('/', StringComparison.Ordinal);

        public override async Task<byte[]> ReadAsync(string bucket, string key)
        {
            using var response = await target.Client.GetObjectAsync(bucket, key);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            return copy.ToArray();
        }

        public override Func<HttpRequestMessage, bool> PartRequests(int partNumber)
            => r => r.Method == HttpMethod.Put && S3PartNumber().Match(r.RequestUri!.Query) is { Success: true } m && m.Groups["n"].Value == partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public override async Task<string> CreateBucketAsync()
        {
            var bucket = "retries-" + Guid.NewGuid().ToString("N")[..16];
            await target.Client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
            return bucket;
        }
    }

    private sealed class Azurite : OneRetryLayerServer
    {
        private readonly AzureBlobMultipartTarget target;

        public Azurite(HttpFaultInjector injector)
        {
            target = AzureBlobMultipartTarget.Create(ServerEnvironment.AzureConnectionString, new AzureBlobTargetOptions
            {
                ConfigureClient = options => options.Transport = new HttpClientTransport(new HttpClient(injector, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) }),
            });
        }

        public override IMultipartTarget Target => target;

        public override Func<HttpRequestMessage, bool> ListPartsRequests { get; } =
            r => r.Method == HttpMethod.Get && r.RequestUri!.Query.Contains("comp=blocklist", StringComparison.Ordinal);

        public override Func<HttpRequestMessage, bool> ListUploadsRequests { get; } =
            r => r.Method == HttpMethod.Get && r.RequestUri!.Query.Contains("restype=container", StringComparison.Ordinal) && r.RequestUri.Query.Contains("comp=list", StringComparison.Ordinal);

        // A single put stages one block numbered 1 under a fresh id, then commits it.
        public override Func<HttpRequestMessage, bool> PutRequests => PartRequests(1);

        public override async Task<byte[]> ReadAsync(string bucket, string key)
            => (await new BlobServiceClient(ServerEnvironment.AzureConnectionString).GetBlobContainerClient(bucket).GetBlobClient(key).DownloadContentAsync()).Value.Content.ToArray();

        // Block ids are base64("rupload-<upload id>-<part, 5 digits>").
        public override Func<HttpRequestMessage, bool> PartRequests(int partNumber)
            => r => r.Method == HttpMethod.Put
                && AzureBlockId().Match(r.RequestUri!.Query) is { Success: true } m
                && Encoding.ASCII.GetString(Convert.FromBase64String(Uri.UnescapeDataString(m.Groups["id"].Value))).EndsWith("-" + partNumber.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        public override async Task<string> CreateBucketAsync()
        {
            var container = "retries-" + Guid.NewGuid().ToString("N")[..16];
            await new BlobServiceClient(ServerEnvironment.AzureConnectionString).CreateBlobContainerAsync(container);
            return container;
        }
    }

    private sealed class InjectingHttpClientFactory(HttpFaultInjector injector) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig)
            => new(injector, disposeHandler: false) { Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100) };

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
