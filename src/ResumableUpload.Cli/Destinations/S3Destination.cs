using Microsoft.Extensions.DependencyInjection;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.S3;

namespace ResumableUpload.Cli.Destinations;

/// <summary>
/// <c>s3://bucket/key</c>: Amazon S3, or any S3-compatible server with <c>--endpoint URL</c> (Ceph RGW, MinIO,
/// Alibaba OSS; <c>--s3-addressing virtual|path</c> overrides the addressing chosen from the endpoint). Credentials and region come from the standard AWS environment and configuration chain
/// (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_REGION</c>).
/// </summary>
internal static class S3Destination
{
    public static Destination Create(string bucket, string key, DestinationSettings settings)
    {
        var endpoint = settings.Endpoint ?? settings.Environment("AWS_ENDPOINT_URL_S3") ?? settings.Environment("AWS_ENDPOINT_URL");
        if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            throw new UsageException($"--endpoint: '{endpoint}' is not an http:// or https:// URL.");
        }

        // A custom endpoint is most often a server that rejects the SDK's streamed trailing checksums (Ceph RGW 16):
        // default to the compatible mode there, to additional checksums on AWS.
        var compatibility = settings.S3Checksums switch
        {
            null => endpoint is null ? S3ChecksumCompatibility.AdditionalChecksums : S3ChecksumCompatibility.WhenRequired,
            "additional" => S3ChecksumCompatibility.AdditionalChecksums,
            "when-required" => S3ChecksumCompatibility.WhenRequired,
            _ => throw new UsageException($"--s3-checksums: '{settings.S3Checksums}' is not one of additional, when-required."),
        };

        // OSS refuses path style and RGW on 127.0.0.1 needs it: choose from the endpoint unless told.
        var addressing = settings.S3Addressing switch
        {
            null => S3Addressing.Auto,
            "virtual" => S3Addressing.VirtualHosted,
            "path" => S3Addressing.Path,
            _ => throw new UsageException($"--s3-addressing: '{settings.S3Addressing}' is not one of virtual, path."),
        };
        var options = new S3TargetOptions
        {
            ServiceUrl = endpoint,
            Region = settings.Environment("AWS_REGION") ?? settings.Environment("AWS_DEFAULT_REGION") ?? "us-east-1",
            Addressing = addressing,
            ChecksumCompatibility = compatibility,
            SignPayload = !settings.S3UnsignedPayload,
        };
        if (settings.NetworkTimeout is { } timeout)
        {
            options.NetworkTimeout = timeout;
        }

        return new Destination(b => b.UseS3Target(options), new ObjectLocation(bucket, key), $"s3://{bucket}/{key}");
    }
}
