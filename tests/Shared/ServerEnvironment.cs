namespace ResumableUpload.TestSupport;

/// <summary>
/// The servers of the test run, as <c>scripts/servers/*.sh start</c> prints them and test.sh exports them. A missing
/// variable fails the test with a message saying how to start the server: tests never skip.
/// </summary>
public static class ServerEnvironment
{
    public static string Redis => Require("RUPLOAD_REDIS", "redis");

    public static string S3Endpoint => Require("RUPLOAD_S3_ENDPOINT", "ceph-rgw");

    public static string S3AccessKey => Require("RUPLOAD_S3_ACCESS_KEY", "ceph-rgw");

    public static string S3SecretKey => Require("RUPLOAD_S3_SECRET_KEY", "ceph-rgw");

    public static string S3Region => Environment.GetEnvironmentVariable("RUPLOAD_S3_REGION") is { Length: > 0 } r ? r : "us-east-1";

    public static string AzureConnectionString => Require("RUPLOAD_AZURE_CONNECTION_STRING", "azurite");

    /// <summary>The environment a <c>rupload</c> child process needs to reach the S3 server, as a user would set it.</summary>
    public static Dictionary<string, string> S3CliEnvironment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = S3AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = S3SecretKey,
        ["AWS_REGION"] = S3Region,
    };

    public static Dictionary<string, string> AzureCliEnvironment() => new() { ["AZURE_STORAGE_CONNECTION_STRING"] = AzureConnectionString };

    private static string Require(string name, string server)
        => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new Xunit.Sdk.XunitException($"{name} is not set, so this test cannot reach {server}. Run ./test.sh, or start it with `bash scripts/servers/{server}.sh start <state-dir>` and export the KEY=VALUE lines it prints.");
}
