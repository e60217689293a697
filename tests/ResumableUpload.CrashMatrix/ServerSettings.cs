namespace ResumableUpload.CrashMatrix;

/// <summary>
/// The servers, from the variables <c>scripts/servers/*.sh start</c> prints (test.sh and tests/crash/run.sh export
/// them). Only the servers the chosen combinations need must be set.
/// </summary>
public sealed record ServerSettings(string? Redis, string? S3Endpoint, string? S3AccessKey, string? S3SecretKey, string S3Region, string? AzureConnectionString)
{
    public static ServerSettings FromEnvironment() => new(
        Get("RUPLOAD_REDIS"),
        Get("RUPLOAD_S3_ENDPOINT"),
        Get("RUPLOAD_S3_ACCESS_KEY"),
        Get("RUPLOAD_S3_SECRET_KEY"),
        Get("RUPLOAD_S3_REGION") ?? "us-east-1",
        Get("RUPLOAD_AZURE_CONNECTION_STRING"));

    /// <summary>Names what is missing for the combinations, or returns <see langword="null"/>.</summary>
    public string? Missing(IEnumerable<Combination> combinations)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var c in combinations)
        {
            if (c.Store == StoreKind.Redis && Redis is null)
            {
                missing.Add("RUPLOAD_REDIS (scripts/servers/redis.sh)");
            }

            if (c.Target == TargetKind.S3 && (S3Endpoint is null || S3AccessKey is null || S3SecretKey is null))
            {
                missing.Add("RUPLOAD_S3_ENDPOINT/ACCESS_KEY/SECRET_KEY (scripts/servers/ceph-rgw.sh)");
            }

            if (c.Target == TargetKind.Azure && AzureConnectionString is null)
            {
                missing.Add("RUPLOAD_AZURE_CONNECTION_STRING (scripts/servers/azurite.sh)");
            }
        }

        return missing.Count == 0 ? null : "not set: " + string.Join(", ", missing) + ". Start the servers with tests/crash/run.sh (it starts them when these are unset) or ./test.sh's plug-ins.";
    }

    private static string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
