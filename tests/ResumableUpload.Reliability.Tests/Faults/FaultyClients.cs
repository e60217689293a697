using Amazon.Runtime;
using Amazon.S3;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using ResumableUpload.AzureBlob;
using ResumableUpload.S3;
using ResumableUpload.Testing;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Reliability.Tests.Faults;

/// <summary>S3 and Azure targets whose SDK clients send every request through an <see cref="HttpFaultInjector"/>.</summary>
internal static class FaultyClients
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);

    public static (S3MultipartTarget Target, AmazonS3Client Clean) S3(HttpFaultInjector injector)
    {
        var credentials = new BasicAWSCredentials(ServerEnvironment.S3AccessKey, ServerEnvironment.S3SecretKey);
        AmazonS3Config Config() => new()
        {
            ServiceURL = ServerEnvironment.S3Endpoint,
            AuthenticationRegion = ServerEnvironment.S3Region,
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = RequestTimeout,
            MaxErrorRetry = 1,
        };
        var faulty = Config();
        faulty.HttpClientFactory = new InjectingHttpClientFactory(injector);
        var target = new S3MultipartTarget(new AmazonS3Client(credentials, faulty), new S3TargetOptions { ChecksumCompatibility = S3ChecksumCompatibility.WhenRequired });
        return (target, new AmazonS3Client(credentials, Config()));
    }

    public static (AzureBlobMultipartTarget Target, BlobServiceClient Clean) Azure(HttpFaultInjector injector)
    {
        var options = new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(injector, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }) };
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        options.Retry.NetworkTimeout = RequestTimeout;
        var service = new BlobServiceClient(ServerEnvironment.AzureConnectionString, options);
        return (new AzureBlobMultipartTarget(service), new BlobServiceClient(ServerEnvironment.AzureConnectionString));
    }

    private sealed class InjectingHttpClientFactory(HttpFaultInjector injector) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig)
            => new(injector, disposeHandler: false) { Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100) };

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
