using System.Globalization;

namespace ResumableUpload.E2E;

/// <summary>
/// One thing to time on one source tree: a command writing under a prefix of its own, and the check after each run
/// (every object arrived, whole; then the bucket is emptied). <paramref name="Workload"/> is the tree: small, mixed, many.
/// </summary>
internal sealed record BatchCase(string Name, string Workload, string Group, string Description, Func<string, Command> Command, Func<string, Task<string?>>? AfterRun = null);

/// <summary>
/// The batch cases: rupload on a directory against <c>aws s3 cp --recursive</c>, <c>rclone copy</c> and
/// TransferUtility <c>UploadDirectoryAsync</c>, all with the same concurrency (rupload's files in flight) and the
/// same part size and multipart threshold; and rupload on a million small files to the null target, for memory.
/// </summary>
internal sealed class BatchCatalog(HarnessOptions options, string work, IReadOnlyDictionary<string, SourceTree> trees)
{
    /// <summary>Everything the batch cases write is under this prefix; it is emptied before and after each case.</summary>
    public const string Root = "batch/";

    public List<string> Skipped { get; } = [];

    private string Concurrency => options.FilesInFlight.ToString(CultureInfo.InvariantCulture);

    private string PartSize => options.PartSize.ToString(CultureInfo.InvariantCulture);

    private string Threads => options.Threads.ToString(CultureInfo.InvariantCulture);

    private string Checkpoints => Path.Combine(work, "ckpt-batch");

    public List<BatchCase> All()
    {
        var cases = new List<BatchCase>();
        if (S3Admin.Endpoint is { } endpoint)
        {
            foreach (var workload in (string[])["small", "mixed"])
            {
                if (!trees.TryGetValue(workload, out var tree))
                {
                    continue; // no case of this workload was asked for, so its tree was not made
                }

                Func<string, Task<string?>> check = prefix => S3Admin.CheckTreeAndDeleteAsync(CaseCatalog.Bucket, prefix, tree, Root);
                cases.Add(new($"batch-{workload}-rupload", workload, "rupload", "rupload upload <dir> s3://…/", prefix => Rupload(tree, $"s3://{CaseCatalog.Bucket}/{prefix}", CaseCatalog.S3Environment, "--endpoint", endpoint), check));
                cases.Add(new($"batch-{workload}-rupload-unsigned", workload, "rupload", "rupload upload <dir> s3://…/ --s3-unsigned-payload (opt-in: no SHA-256 of the body on either side)", prefix => Rupload(tree, $"s3://{CaseCatalog.Bucket}/{prefix}", CaseCatalog.S3Environment, "--endpoint", endpoint, "--s3-unsigned-payload"), check));
                cases.Add(new($"batch-{workload}-library", workload, "library", "ResumableUploader.UploadDirectoryAsync (our library, no CLI)", prefix => CaseCatalog.Self("lib-dir", tree.Root, CaseCatalog.Bucket, prefix, FreshCheckpoints(), PartSize, Concurrency, Threads), check));
                cases.Add(new($"batch-{workload}-tu", workload, "peer", "TransferUtility.UploadDirectoryAsync (AWSSDK.S3 4.1.0)", prefix => CaseCatalog.Self("tu-dir", tree.Root, CaseCatalog.Bucket, prefix, PartSize, Concurrency), check));
                cases.Add(new($"batch-{workload}-rclone", workload, "peer", "rclone copy --transfers N (1.60)", prefix => Rclone(tree, endpoint, prefix), check));
                cases.Add(new($"batch-{workload}-aws", workload, "peer", "aws s3 cp --recursive (awscli v2)", prefix => Aws("/usr/bin/aws", tree, endpoint, prefix), check));
                if (MachineInfo.PathAws is { } pathAws)
                {
                    cases.Add(new($"batch-{workload}-aws-path", workload, "peer", $"aws s3 cp --recursive ({pathAws}, the aws on PATH)", prefix => Aws(pathAws, tree, endpoint, prefix), check));
                }
            }
        }
        else
        {
            Skipped.Add("batch-small-*, batch-mixed-*: RUPLOAD_S3_ENDPOINT is not set");
        }

        if (trees.TryGetValue("many", out var many))
        {
            cases.Add(new("batch-many-null", "many", "rupload", $"rupload upload <dir> null://p/ ({many.Files} files)", _ => Rupload(many, "null://p/", CaseCatalog.NoEnvironment)));
        }

        return options.Only.Count == 0 ? cases : [.. cases.Where(c => options.Only.Contains(c.Name))];
    }

    private Command Rupload(SourceTree tree, string destination, IReadOnlyDictionary<string, string?> environment, params string[] extra)
        => new(options.Rupload, ["upload", tree.Root, destination, "--files-in-flight", Concurrency, "--threads", Threads, "--part-size", PartSize, "--checkpoint", "dir:" + FreshCheckpoints(), "--progress", "none", .. extra], environment);

    private string FreshCheckpoints()
    {
        if (Directory.Exists(Checkpoints))
        {
            Directory.Delete(Checkpoints, recursive: true);
        }

        Directory.CreateDirectory(Checkpoints);
        return Checkpoints;
    }

    // rclone's default multipart cut-off is 200 MiB; it is set to the part size here as for every other tool.
    // --s3-upload-concurrency stays at rclone's default (4 parts per file).
    private Command Rclone(SourceTree tree, string endpoint, string prefix)
    {
        var config = Path.Combine(work, "rclone.conf");
        File.WriteAllText(config, string.Empty);
        return new Command("/usr/bin/rclone", ["copy", tree.Root, $"e2e:{CaseCatalog.Bucket}/{prefix.TrimEnd('/')}", "--config", config, "--transfers", Concurrency, "--s3-chunk-size", PartSize + "B", "--s3-upload-cutoff", PartSize + "B"], CaseCatalog.RcloneEnvironment(endpoint));
    }

    private Command Aws(string aws, SourceTree tree, string endpoint, string prefix)
        => new(aws, ["s3", "cp", tree.Root, $"s3://{CaseCatalog.Bucket}/{prefix}", "--recursive", "--endpoint-url", endpoint, "--no-progress", "--only-show-errors"], CaseCatalog.AwsEnvironment(work, options.PartSize, options.FilesInFlight, CaseCatalog.S3Environment));
}
