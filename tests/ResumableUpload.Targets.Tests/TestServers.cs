using Amazon.Runtime;
using ResumableUpload.S3;
using Xunit.Sdk;

namespace ResumableUpload.Targets.Tests;

/// <summary>
/// The servers the tests run against, from the environment that <c>scripts/servers/*.sh start</c> prints (test.sh
/// exports it). A missing variable fails the test with a message that says how to start the server; it never skips.
/// </summary>
internal static class TestServers
{
    public static S3TargetOptions RgwOptions(int listPageSize = S3TargetOptions.MaxListPageSize) => new()
    {
        ServiceUrl = Require("RUPLOAD_S3_ENDPOINT", "ceph-rgw"),
        Region = Environment.GetEnvironmentVariable("RUPLOAD_S3_REGION") is { Length: > 0 } region ? region : "us-east-1",
        ForcePathStyle = true,
        Credentials = new BasicAWSCredentials(Require("RUPLOAD_S3_ACCESS_KEY", "ceph-rgw"), Require("RUPLOAD_S3_SECRET_KEY", "ceph-rgw")),

        // Ceph RGW 16 predates S3's additional checksums (it ignores x-amz-checksum-*) and rejects streamed trailers.
        ChecksumCompatibility = S3ChecksumCompatibility.WhenRequired,
        ListPageSize = listPageSize,
    };

    public static string AzureConnectionString => Require("RUPLOAD_AZURE_CONNECTION_STRING", "azurite");

    /// <summary>Names a fresh bucket or container (3-63 lowercase letters, digits and hyphens).</summary>
    public static string NewBucketName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];

    /// <summary>Runs the first request to a server, turning "cannot reach it" into a message that names the server.</summary>
    public static async Task<T> FirstCallAsync<T>(string server, string endpoint, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is HttpRequestException or TargetException { Kind: TargetErrorKind.Unreachable } or AggregateException or Azure.RequestFailedException { Status: 0 } or AmazonClientException)
        {
            throw new XunitException($"{server} at {endpoint} is not reachable ({ex.GetType().Name}: {ex.Message}). Start it with scripts/servers/{server}.sh start <dir> and export the lines it prints, or run ./test.sh.");
        }
    }

    private static string Require(string name, string server)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new XunitException($"{name} is not set, so the {server} tests cannot run. Start the server with `bash scripts/servers/{server}.sh start <state-dir>` and export the KEY=VALUE lines it prints (./test.sh does both).");
}
