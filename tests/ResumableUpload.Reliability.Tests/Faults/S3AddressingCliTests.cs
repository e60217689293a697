using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Reliability.Tests.Faults;

/// <summary><c>--s3-addressing</c> on the real CLI: a bad value is a usage error (exit 2) naming the option; path and the endpoint's default reach Ceph RGW on 127.0.0.1.</summary>
public class S3AddressingCliTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Theory]
    [InlineData("list")]
    [InlineData("upload")]
    public async Task Command_S3AddressingInvalid_Exit2NamingTheOption(string command)
    {
        string[] args = command == "list"
            ? ["list", "s3://bucket/", "--endpoint", "http://127.0.0.1:9", "--s3-addressing", "sideways"]
            : ["upload", temp.RandomFile("s.bin", 10), "s3://bucket/s.bin", "--endpoint", "http://127.0.0.1:9", "--s3-addressing", "sideways", "--checkpoint", "none"];

        var (code, output) = await Rupload.RunAsync(args, ServerEnvironment.S3CliEnvironment());

        Assert.True(code == 2, $"exit {code}, expected 2: {output}");
        Assert.Contains("--s3-addressing: 'sideways' is not one of virtual, path.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("path")]
    public async Task List_RgwOnLoopback_DefaultOrPathAddressingReachesTheBucket(string? addressing)
    {
        var bucket = "addressing-" + Guid.NewGuid().ToString("N")[..16];
        using (var client = new AmazonS3Client(new BasicAWSCredentials(ServerEnvironment.S3AccessKey, ServerEnvironment.S3SecretKey), new AmazonS3Config { ServiceURL = ServerEnvironment.S3Endpoint, AuthenticationRegion = ServerEnvironment.S3Region, ForcePathStyle = true }))
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
            await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "pending.bin" });
        }

        List<string> args = ["list", $"s3://{bucket}/", "--endpoint", ServerEnvironment.S3Endpoint];
        if (addressing is not null)
        {
            args.AddRange(["--s3-addressing", addressing]);
        }

        var (code, output) = await Rupload.RunAsync(args, ServerEnvironment.S3CliEnvironment());

        Assert.True(code == 0, $"exit {code}: {output}");
        Assert.Contains($"  {bucket}/pending.bin", output, StringComparison.Ordinal);
        Assert.Contains("1 upload(s) in progress", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
