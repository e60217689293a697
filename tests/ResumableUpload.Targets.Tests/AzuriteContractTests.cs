using Azure;
using Azure.Storage.Blobs;
using ResumableUpload.AzureBlob;
using ResumableUpload.Testing;

namespace ResumableUpload.Targets.Tests;

/// <summary>
/// The target contract against Azurite (scripts/servers/azurite.sh). Azure verifies Content-MD5 only and has no
/// minimum block size, which the target's capabilities declare; listings page by 2.
/// </summary>
public sealed class AzuriteContractTests : MultipartTargetContractTests
{
    private BlobServiceClient? service;

    protected override IMultipartTarget CreateTarget()
    {
        service = new BlobServiceClient(TestServers.AzureConnectionString);
        return new AzureBlobMultipartTarget(service, new AzureBlobTargetOptions { ListPageSize = 2 });
    }

    protected override Task<string> CreateBucketAsync()
    {
        var name = TestServers.NewBucketName("rupload-contract");
        return TestServers.FirstCallAsync("azurite", service!.Uri.ToString(), async () =>
        {
            await service.CreateBlobContainerAsync(name);
            return name;
        });
    }

    protected override async Task<byte[]?> TryReadObjectAsync(ObjectLocation location)
    {
        try
        {
            var content = await service!.GetBlobContainerClient(location.Bucket).GetBlobClient(location.Key).DownloadContentAsync();
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    protected override async Task<ObjectProperties> ReadPropertiesAsync(ObjectLocation location)
    {
        var properties = (await service!.GetBlobContainerClient(location.Bucket).GetBlobClient(location.Key).GetPropertiesAsync()).Value;
        return new ObjectProperties { ContentType = properties.ContentType, Metadata = new Dictionary<string, string>(properties.Metadata) };
    }
}
