using System.Globalization;
using Amazon.Runtime;
using ResumableUpload;
using ResumableUpload.AzureBlob;
using ResumableUpload.Redis;
using ResumableUpload.S3;
using ResumableUpload.Sqlite;

// rupload-batch-child <source-dir> <target> <key-prefix> <checkpoint> <part-size-bytes> <files-in-flight>
//   target:     local:<root> | s3:<bucket> (RUPLOAD_S3_* environment) | az:<container> (RUPLOAD_AZURE_CONNECTION_STRING)
//   checkpoint: dir:<folder> | sqlite:<file> | redis:<StackExchange.Redis configuration>
// Prints one line per file on stdout as UploadDirectoryAsync yields its outcome (so after the batch ledger recorded it):
//   uploaded <key> <length> <resumed-parts>/<parts> | skipped <key> <length> | failed <key> <error>
// then "summary uploaded=U skipped=S failed=F". Exit 0 when every file is done, 1 when any failed, 2 on bad usage.
if (args.Length != 6)
{
    Console.Error.WriteLine("usage: rupload-batch-child <source-dir> <target> <key-prefix> <checkpoint> <part-size-bytes> <files-in-flight>");
    return 2;
}

var (source, targetSpec, prefix, checkpointSpec) = (args[0], args[1], args[2], args[3]);
var partSize = long.Parse(args[4], CultureInfo.InvariantCulture);
var filesInFlight = int.Parse(args[5], CultureInfo.InvariantCulture);

var (target, bucket) = CreateTarget(targetSpec);
var store = CreateStore(checkpointSpec);
try
{
    var uploader = new ResumableUploader(target, store, new UploadOptions { PartSize = partSize, Threads = 2 });
    var request = new DirectoryUploadRequest { Directory = source, Bucket = bucket, KeyPrefix = prefix };
    var summary = await BatchSummary.CollectAsync(
        uploader.UploadDirectoryAsync(request, new BatchOptions { FilesInFlight = filesInFlight }),
        outcome => Console.Out.WriteLine(Describe(outcome)));
    Console.Out.WriteLine($"summary uploaded={summary.Uploaded} skipped={summary.Skipped} failed={summary.Failed}");
    return summary.Failed == 0 ? 0 : 1;
}
finally
{
    (target as IDisposable)?.Dispose();
    if (store is IAsyncDisposable disposable)
    {
        await disposable.DisposeAsync();
    }
}

static string Describe(UploadOutcome outcome) => outcome.Status switch
{
    UploadOutcomeStatus.Uploaded => FormattableString.Invariant($"uploaded {outcome.Request.Key} {outcome.Length} {outcome.Result!.ResumedParts}/{outcome.Result.PartCount}"),
    UploadOutcomeStatus.Skipped => FormattableString.Invariant($"skipped {outcome.Request.Key} {outcome.Length}"),
    _ => $"failed {outcome.Request.Key} {outcome.Error?.GetType().Name}: {outcome.Error?.Message.ReplaceLineEndings(" ")}",
};

static (IMultipartTarget Target, string Bucket) CreateTarget(string spec)
{
    var (kind, value) = Split(spec);
    return kind switch
    {
        "local" => (new LocalFolderTarget(value), string.Empty),
        "s3" => (S3MultipartTarget.Create(new S3TargetOptions
        {
            ServiceUrl = Require("RUPLOAD_S3_ENDPOINT"),
            Region = Environment.GetEnvironmentVariable("RUPLOAD_S3_REGION") is { Length: > 0 } region ? region : "us-east-1",
            ForcePathStyle = true,
            Credentials = new BasicAWSCredentials(Require("RUPLOAD_S3_ACCESS_KEY"), Require("RUPLOAD_S3_SECRET_KEY")),
            ChecksumCompatibility = S3ChecksumCompatibility.WhenRequired,
        }), value),
        "az" => (AzureBlobMultipartTarget.Create(Require("RUPLOAD_AZURE_CONNECTION_STRING")), value),
        _ => throw new ArgumentException($"unknown target '{spec}'"),
    };
}

static ICheckpointStore CreateStore(string spec)
{
    var (kind, value) = Split(spec);
    return kind switch
    {
        "dir" => new FileCheckpointStore(value),
        "sqlite" => new SqliteCheckpointStore(new SqliteCheckpointStoreOptions { Path = value }),
        "redis" => new RedisCheckpointStore(new RedisCheckpointStoreOptions { Configuration = value }),
        _ => throw new ArgumentException($"unknown checkpoint store '{spec}'"),
    };
}

static (string Kind, string Value) Split(string spec)
{
    var colon = spec.IndexOf(':', StringComparison.Ordinal);
    return colon < 0 ? (spec, string.Empty) : (spec[..colon], spec[(colon + 1)..]);
}

static string Require(string name)
    => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException(name + " is not set");
