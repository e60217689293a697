using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using ResumableUpload.S3;

namespace ResumableUpload.CrashMatrix.Targets;

/// <summary><c>s3://</c> on Ceph RGW: one bucket per matrix, a key prefix per run, 5 MiB parts (S3's minimum).</summary>
internal sealed class S3TargetUnderTest : TargetUnderTest
{
    private readonly S3MultipartTarget rgw;
    private readonly string bucket;
    private readonly ServerSettings servers;

    private S3TargetUnderTest(S3MultipartTarget rgw, string bucket, ServerSettings servers)
    {
        this.rgw = rgw;
        this.bucket = bucket;
        this.servers = servers;
    }

    public override IReadOnlyList<string> CliArguments => ["--endpoint", servers.S3Endpoint!];

    public override IReadOnlyDictionary<string, string> CliEnvironment => new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = servers.S3AccessKey!,
        ["AWS_SECRET_ACCESS_KEY"] = servers.S3SecretKey!,
        ["AWS_REGION"] = servers.S3Region,
    };

    public override double BytesPerSecond => 60e6;

    public static async Task<S3TargetUnderTest> CreateAsync(ServerSettings servers)
    {
        var rgw = S3MultipartTarget.Create(new S3TargetOptions
        {
            ServiceUrl = servers.S3Endpoint,
            Region = servers.S3Region,
            ForcePathStyle = true,
            Credentials = new BasicAWSCredentials(servers.S3AccessKey, servers.S3SecretKey),
            ChecksumCompatibility = S3ChecksumCompatibility.WhenRequired,
        });
        var bucket = "crash-" + Guid.NewGuid().ToString("N")[..16];
        await rgw.Client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return new S3TargetUnderTest(rgw, bucket, servers);
    }

    public override long ChoosePartSize(Random random) => 5L << 20;

    public override string Destination(RunPaths run) => $"s3://{bucket}/{run.ObjectKey}";

    public override async Task<byte[]?> ReadObjectAsync(RunPaths run)
    {
        try
        {
            using var response = await rgw.Client.GetObjectAsync(bucket, run.ObjectKey);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            return copy.ToArray();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public override Task DeleteObjectAsync(RunPaths run) => rgw.Client.DeleteObjectAsync(bucket, run.ObjectKey);

    public override async Task<IReadOnlyList<string>> FindOrphansAsync(RunPaths run)
    {
        var found = new List<string>();
        await foreach (var upload in rgw.ListUploadsAsync(bucket, run.KeyPrefix))
        {
            found.Add($"incomplete upload {upload.UploadId} of {upload.Location}");
        }

        return found;
    }

    public override async ValueTask DisposeAsync()
    {
        rgw.Dispose();
        await base.DisposeAsync();
    }
}
