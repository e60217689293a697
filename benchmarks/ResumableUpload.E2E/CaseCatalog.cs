using System.Globalization;

namespace ResumableUpload.E2E;

/// <summary>
/// Every case of the run: the ceilings (read + CRC, cp), rupload to each target, and the peers on the same S3 server
/// with the same part size and parallelism. Server cases are left out (and said so) when their server's environment
/// is missing.
/// </summary>
internal sealed class CaseCatalog(HarnessOptions options, string work)
{
    public const string Bucket = "rupload-e2e";
    public const string Container = "rupload-e2e";
    private const string Key = "e2e/object.bin";

    public List<string> Skipped { get; } = [];

    private string Output => Path.Combine(work, "out");

    private string Checkpoints => Path.Combine(work, "ckpt");

    private string PartSize => options.PartSize.ToString(CultureInfo.InvariantCulture);

    private string Threads => options.Threads.ToString(CultureInfo.InvariantCulture);

    public List<E2ECase> All()
    {
        var cases = new List<E2ECase>
        {
            new("ceiling-crc", "ceiling", "read + CRC-64/XZ per part, 1 thread (.NET)", (file, _) => Self("crc", file, PartSize)),
            new("ceiling-cp", "ceiling", "cp (coreutils)", (file, _) => new Command("/bin/cp", [file, Path.Combine(Output, "copy.bin")], NoEnvironment), length => CheckAndCleanOutput("copy.bin", length)),
            new("ceiling-cp-fsync", "ceiling", "cp, then sync of the copy", (file, _) => new Command("/bin/sh", ["-c", "cp \"$0\" \"$1\" && sync \"$1\"", file, Path.Combine(Output, "copy.bin")], NoEnvironment), length => CheckAndCleanOutput("copy.bin", length)),
            new("rupload-null", "rupload", "rupload → null:", (file, _) => Rupload(file, "null:", NoEnvironment)),
            new("rupload-file", "rupload", "rupload → local folder", (file, _) => Rupload(file, "file://" + Path.Combine(Output, "object.bin"), NoEnvironment), length => CheckAndCleanOutput("object.bin", length)),
        };

        if (S3Admin.Endpoint is { } endpoint)
        {
            var s3Environment = S3Environment;
            cases.Add(new("rupload-s3", "rupload", "rupload → S3 (Ceph RGW)", (file, _) => Rupload(file, $"s3://{Bucket}/{Key}", s3Environment, "--endpoint", endpoint), S3Check));
            cases.Add(new("rupload-s3-unsigned", "rupload", "rupload → S3, --s3-unsigned-payload", (file, _) => Rupload(file, $"s3://{Bucket}/{Key}", s3Environment, "--endpoint", endpoint, "--s3-unsigned-payload"), S3Check));
            cases.Add(new("peer-tu", "peer", "TransferUtility (AWSSDK.S3 4.1.0)", (file, _) => Self("tu", file, Bucket, Key, PartSize, Threads), S3Check));
            cases.Add(new("peer-rclone", "peer", "rclone copyto (1.60)", (file, _) => Rclone(file, endpoint), S3Check));
            cases.Add(new("peer-aws", "peer", "aws s3 cp (awscli v2, /usr/bin/aws)", (file, _) => Aws(file, endpoint, s3Environment), S3Check));
        }
        else
        {
            Skipped.Add("S3 cases (rupload-s3, rupload-s3-unsigned, peer-tu, peer-rclone, peer-aws): RUPLOAD_S3_ENDPOINT is not set");
        }

        if (AzureAdmin.ConnectionString is { } connectionString)
        {
            var azureEnvironment = new Dictionary<string, string?> { ["AZURE_STORAGE_CONNECTION_STRING"] = connectionString };
            cases.Add(new("rupload-azurite", "rupload", "rupload → Azure Blob (Azurite)", (file, _) => Rupload(file, $"az://{Container}/{Key}", azureEnvironment), length => AzureAdmin.CheckAndDeleteAsync(Container, Key, length)));
            cases.Add(new("peer-azure-sdk", "peer", "BlobClient.UploadAsync (Azure.Storage.Blobs)", (file, _) => Self("az", file, Container, Key, PartSize, Threads), length => AzureAdmin.CheckAndDeleteAsync(Container, Key, length)));
        }
        else
        {
            Skipped.Add("rupload-azurite, peer-azure-sdk: RUPLOAD_AZURE_CONNECTION_STRING is not set");
        }

        return options.Only.Count == 0 ? cases : [.. cases.Where(c => options.Only.Contains(c.Name))];
    }

    internal static IReadOnlyDictionary<string, string?> NoEnvironment { get; } = new Dictionary<string, string?>();

    /// <summary>The S3 server's credentials for the CLIs (rupload, aws).</summary>
    internal static Dictionary<string, string?> S3Environment => new()
    {
        ["AWS_ACCESS_KEY_ID"] = S3Admin.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = S3Admin.SecretKey,
        ["AWS_REGION"] = S3Admin.Region,
    };

    private static Task<string?> S3Check(long length) => S3Admin.CheckAndDeleteAsync(Bucket, Key, length);

    /// <summary>This runner as a child process (the ceiling and the TransferUtility peers), timed like every other case.</summary>
    internal static Command Self(params string[] arguments)
    {
        var dll = typeof(CaseCatalog).Assembly.Location;
        var host = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? new Command(host, [dll, .. arguments], NoEnvironment)
            : new Command(host, arguments, NoEnvironment);
    }

    private Command Rupload(string file, string destination, IReadOnlyDictionary<string, string?> environment, params string[] extra)
    {
        ResetCheckpoints();
        return new Command(options.Rupload, ["upload", file, destination, "--part-size", PartSize, "--threads", Threads, "--checkpoint", "dir:" + Checkpoints, "--progress", "none", .. extra], environment);
    }

    private Command Rclone(string file, string endpoint)
    {
        var config = Path.Combine(work, "rclone.conf");
        File.WriteAllText(config, string.Empty);
        return new Command("/usr/bin/rclone", ["copyto", file, $"e2e:{Bucket}/{Key}", "--config", config, "--s3-chunk-size", PartSize + "B", "--s3-upload-concurrency", Threads], RcloneEnvironment(endpoint));
    }

    /// <summary>The rclone remote <c>e2e:</c> for the S3 server, configured by environment only.</summary>
    internal static Dictionary<string, string?> RcloneEnvironment(string endpoint) => new()
    {
        // rclone 1.60 fails to load a CA bundle that this machine's environment points at; the server is http.
        ["AWS_CA_BUNDLE"] = null,
        ["RCLONE_CONFIG_E2E_TYPE"] = "s3",
        ["RCLONE_CONFIG_E2E_PROVIDER"] = "Ceph",
        ["RCLONE_CONFIG_E2E_ENDPOINT"] = endpoint,
        ["RCLONE_CONFIG_E2E_ACCESS_KEY_ID"] = S3Admin.AccessKey,
        ["RCLONE_CONFIG_E2E_SECRET_ACCESS_KEY"] = S3Admin.SecretKey,
        ["RCLONE_CONFIG_E2E_REGION"] = S3Admin.Region,
    };

    private Command Aws(string file, string endpoint, Dictionary<string, string?> s3Environment)
    {
        return new Command("/usr/bin/aws", ["s3", "cp", file, $"s3://{Bucket}/{Key}", "--endpoint-url", endpoint, "--no-progress", "--only-show-errors"], AwsEnvironment(work, options.PartSize, options.Threads, s3Environment));
    }

    /// <summary>A private AWS_CONFIG_FILE with the multipart settings (awscli reads them from its config file only).</summary>
    internal static Dictionary<string, string?> AwsEnvironment(string work, long partSize, int concurrency, IReadOnlyDictionary<string, string?> s3Environment)
    {
        var config = Path.Combine(work, "aws.config");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"[default]\nregion = {S3Admin.Region}\ns3 =\n  multipart_threshold = {partSize}\n  multipart_chunksize = {partSize}\n  max_concurrent_requests = {concurrency}\n"));
        return new Dictionary<string, string?>(s3Environment)
        {
            ["AWS_CONFIG_FILE"] = config,
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(work, "aws.credentials-none"),
            ["AWS_PAGER"] = string.Empty,
            ["AWS_CA_BUNDLE"] = null,
        };
    }

    private void ResetCheckpoints()
    {
        if (Directory.Exists(Checkpoints))
        {
            Directory.Delete(Checkpoints, recursive: true);
        }

        Directory.CreateDirectory(Checkpoints);
    }

    /// <summary>Empties the output folder (before the first run and after each local case).</summary>
    public void CleanOutput()
    {
        if (Directory.Exists(Output))
        {
            Directory.Delete(Output, recursive: true);
        }

        Directory.CreateDirectory(Output);
    }

    private Task<string?> CheckAndCleanOutput(string name, long length)
    {
        var written = new FileInfo(Path.Combine(Output, name));
        var problem = !written.Exists ? $"{written.FullName} is missing" : written.Length != length ? $"{written.FullName} has {written.Length} bytes, not {length}" : null;
        CleanOutput();
        return Task.FromResult(problem);
    }
}
