using System.Globalization;
using Amazon.Runtime;
using ResumableUpload.S3;

namespace ResumableUpload.E2E;

/// <summary>
/// Our library without the CLI: <c>ResumableUploader.UploadDirectoryAsync</c> to the S3 server, with a file
/// checkpoint store, the S3 target as the CLI builds it for a custom endpoint (checksums when required), files in
/// flight = the peers' concurrency, and the library's defaults otherwise (requests in flight, memory budget).
/// </summary>
internal static class LibraryDirectoryUpload
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (directory, bucket, prefix, checkpoints) = (args[0], args[1], args[2], args[3]);
        var partSize = long.Parse(args[4], CultureInfo.InvariantCulture);
        var filesInFlight = int.Parse(args[5], CultureInfo.InvariantCulture);
        var threads = int.Parse(args[6], CultureInfo.InvariantCulture);
        using var target = S3MultipartTarget.Create(new S3TargetOptions
        {
            ServiceUrl = S3Admin.Endpoint,
            Region = S3Admin.Region,
            Addressing = S3Addressing.Path,
            Credentials = new BasicAWSCredentials(S3Admin.AccessKey, S3Admin.SecretKey),
            ChecksumCompatibility = S3ChecksumCompatibility.WhenRequired,
        });
        var uploader = new ResumableUploader(target, new FileCheckpointStore(checkpoints), new UploadOptions { PartSize = partSize, PartsInFlight = threads });
        var summary = await BatchSummary.CollectAsync(uploader.UploadDirectoryAsync(
            new DirectoryUploadRequest { Directory = directory, Bucket = bucket, KeyPrefix = prefix },
            new BatchOptions { FilesInFlight = filesInFlight }));
        foreach (var failure in summary.Failures)
        {
            Console.Error.WriteLine($"{failure.Request.SourcePath}: {failure.Error?.Message}");
        }

        return summary.Failed == 0 ? 0 : 1;
    }
}
