using System.Globalization;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ResumableUpload.E2E;

/// <summary>
/// The Azure SDK's own uploader as a peer: <c>BlobClient.UploadAsync</c> of the file (Azure.Storage.Blobs, the package
/// our Azure target uses) with the same block size and concurrency (<see cref="StorageTransferOptions"/>) and, like
/// rupload without --md5, no transactional checksum per block.
/// </summary>
internal static class AzureSdkPeer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (file, container, blob) = (args[0], args[1], args[2]);
        var blockSize = long.Parse(args[3], CultureInfo.InvariantCulture);
        var threads = int.Parse(args[4], CultureInfo.InvariantCulture);
        var client = new BlobServiceClient(AzureAdmin.ConnectionString).GetBlobContainerClient(container).GetBlobClient(blob);
        await client.UploadAsync(file, new BlobUploadOptions
        {
            TransferOptions = new StorageTransferOptions { InitialTransferSize = blockSize, MaximumTransferSize = blockSize, MaximumConcurrency = threads },
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.None },
        });
        return 0;
    }
}
