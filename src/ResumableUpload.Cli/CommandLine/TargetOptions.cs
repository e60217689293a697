using System.CommandLine;
using ResumableUpload.Cli.Destinations;

namespace ResumableUpload.Cli.CommandLine;

/// <summary>The options that shape the target's client, on every command that takes a destination.</summary>
internal sealed class TargetOptions
{
    public TargetOptions(bool unsignedPayload)
    {
        if (unsignedPayload)
        {
            S3UnsignedPayload = CliOptions.Flag("--s3-unsigned-payload", "S3 part bodies go as UNSIGNED-PAYLOAD: no SHA-256 of every part (client and server); over http the body is then checked end to end only with --md5 or additional checksums.");
        }
    }

    public Option<string?> Endpoint { get; } = CliOptions.Text("--endpoint", "URL", "The URL of an S3-compatible server (Ceph RGW, MinIO, Alibaba OSS) [default: $AWS_ENDPOINT_URL_S3, $AWS_ENDPOINT_URL, else AWS].");

    public Option<string?> S3Checksums { get; } = CliOptions.Choice("--s3-checksums", "additional: the SDK's streamed checksums; when-required: only where the server demands them [default: additional on AWS, when-required with --endpoint].", "additional", "when-required");

    public Option<string?> S3Addressing { get; } = CliOptions.Choice("--s3-addressing", "virtual puts the bucket in the host name, path in the path [default: virtual for AWS and Alibaba OSS, path for IP addresses and other hosts].", "virtual", "path");

    public Option<bool>? S3UnsignedPayload { get; }

    public Option<TimeSpan?> NetworkTimeout { get; } = CliOptions.Duration("--network-timeout", "How long one request may stand still before it fails and is retried: S3, no byte sent or received; Azure, one try of one request, its whole body included (raise it for large parts on a slow link); 0.01s to 1h [default: 100s].");

    public void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(S3Checksums);
        command.Options.Add(S3Addressing);
        command.Options.Add(NetworkTimeout);
        if (S3UnsignedPayload is not null)
        {
            command.Options.Add(S3UnsignedPayload);
        }
    }

    public DestinationSettings Read(ParseResult parse, CliContext cli)
        => new(cli.Environment, parse.GetValue(Endpoint), parse.GetValue(S3Checksums), S3UnsignedPayload is not null && parse.GetValue(S3UnsignedPayload))
        {
            S3Addressing = parse.GetValue(S3Addressing),
            NetworkTimeout = ReadNetworkTimeout(parse),
        };

    private TimeSpan? ReadNetworkTimeout(ParseResult parse)
    {
        var timeout = parse.GetValue(NetworkTimeout);
        if (timeout is { } t && (t < MinNetworkTimeout || t > MaxNetworkTimeout))
        {
            throw new UsageException($"--network-timeout: must be between 0.01s and 1h, not {t.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}s.");
        }

        return timeout;
    }

    private static readonly TimeSpan MinNetworkTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxNetworkTimeout = TimeSpan.FromHours(1);
}
