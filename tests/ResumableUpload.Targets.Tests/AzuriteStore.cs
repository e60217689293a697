using Azure;
using Azure.Storage.Blobs;
using ResumableUpload.AzureBlob;

namespace ResumableUpload.Targets.Tests;

/// <summary>Azurite as the tests use it: a target, fresh containers, and reads straight from the emulator.</summary>
internal static class AzuriteStore
{
    public static BlobServiceClient CreateClient() => new(TestServers.AzureConnectionString);

    public static AzureBlobMultipartTarget CreateTarget(BlobServiceClient service, int listPageSize = AzureBlobTargetOptions.MaxListPageSize)
        => new(service, new AzureBlobTargetOptions { ListPageSize = listPageSize });

    public static Task<string> CreateContainerAsync(BlobServiceClient service)
    {
        var name = TestServers.NewBucketName("rupload-test");
        return TestServers.FirstCallAsync("azurite", service.Uri.ToString(), async () =>
        {
            await service.CreateBlobContainerAsync(name);
            return name;
        });
    }

    public static async Task<byte[]?> TryReadAsync(BlobServiceClient service, ObjectLocation location)
    {
        try
        {
            var content = await service.GetBlobContainerClient(location.Bucket).GetBlobClient(location.Key).DownloadContentAsync();
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public static async Task<ObjectProperties> ReadPropertiesAsync(BlobServiceClient service, ObjectLocation location)
    {
        var properties = (await service.GetBlobContainerClient(location.Bucket).GetBlobClient(location.Key).GetPropertiesAsync()).Value;
        return new ObjectProperties { ContentType = properties.ContentType, Metadata = new Dictionary<string, string>(properties.Metadata) };
    }
}
