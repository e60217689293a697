using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Transfer;

namespace ResumableUpload.E2E;

/// <summary>
/// The AWS SDK's own uploader as a peer: TransferUtility (AWSSDK.S3, the package our S3 target uses) with the same part
/// size and parallelism, and the client settings Ceph RGW 16 needs (path style, checksums only when required).
/// </summary>
internal static class TransferUtilityPeer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (file, bucket, key) = (args[0], args[1], args[2]);
        var partSize = long.Parse(args[3], CultureInfo.InvariantCulture);
        var threads = int.Parse(args[4], CultureInfo.InvariantCulture);
        using var client = S3Admin.CreateClient();
        using var transfer = new TransferUtility(client, new TransferUtilityConfig { ConcurrentServiceRequests = threads });
        await transfer.UploadAsync(new TransferUtilityUploadRequest { FilePath = file, BucketName = bucket, Key = key, PartSize = partSize });
        return 0;
    }

    /// <summary>
    /// A stream of unknown length: stdin (a pipe, so not seekable) as the request's <c>InputStream</c>; TransferUtility
    /// then uploads it in parts of <c>PartSize</c> as it reads them.
    /// </summary>
    public static async Task<int> RunStreamAsync(string[] args)
    {
        var (bucket, key) = (args[1], args[2]);
        var partSize = long.Parse(args[3], CultureInfo.InvariantCulture);
        var threads = int.Parse(args[4], CultureInfo.InvariantCulture);
        using var client = S3Admin.CreateClient();
        using var transfer = new TransferUtility(client, new TransferUtilityConfig { ConcurrentServiceRequests = threads });
        await using var input = Console.OpenStandardInput();
        if (input.CanSeek)
        {
            throw new InvalidOperationException("tu-stream reads a pipe: give it stdin from cat, not a file");
        }

        await transfer.UploadAsync(new TransferUtilityUploadRequest { InputStream = input, BucketName = bucket, Key = key, PartSize = partSize, AutoCloseStream = false });
        return 0;
    }

    /// <summary>
    /// <c>UploadDirectoryAsync</c>, recursive, files uploaded concurrently: <c>ConcurrentServiceRequests</c> bounds both
    /// the files in flight and the HTTP requests of all of them together; multipart from one part size up, as ours.
    /// </summary>
    public static async Task<int> RunDirectoryAsync(string[] args)
    {
        var (directory, bucket, prefix) = (args[0], args[1], args[2]);
        var partSize = long.Parse(args[3], CultureInfo.InvariantCulture);
        var concurrency = int.Parse(args[4], CultureInfo.InvariantCulture);
        using var client = S3Admin.CreateClient();
        using var transfer = new TransferUtility(client, new TransferUtilityConfig { ConcurrentServiceRequests = concurrency, MinSizeBeforePartUpload = partSize });
        var request = new TransferUtilityUploadDirectoryRequest
        {
            Directory = directory,
            BucketName = bucket,
            KeyPrefix = prefix,
            SearchPattern = "*",
            SearchOption = SearchOption.AllDirectories,
            UploadFilesConcurrently = true,
        };
        request.UploadDirectoryFileRequestEvent += (_, e) => e.UploadRequest.PartSize = partSize;
        await transfer.UploadDirectoryAsync(request);
        return 0;
    }
}
