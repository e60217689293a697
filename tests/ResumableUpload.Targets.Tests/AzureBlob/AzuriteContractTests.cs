using Azure.Storage.Blobs;
using ResumableUpload.Testing;

namespace ResumableUpload.Targets.Tests.AzureBlob;

/// <summary>
/// The target contract against Azurite (scripts/servers/azurite.sh). Azure verifies Content-MD5 only and has no
/// minimum block size, which the target's capabilities declare; listings page by 2.
/// </summary>
public sealed class AzuriteContractTests : MultipartTargetContractTests
{
    private BlobServiceClient? service;

    protected override IMultipartTarget CreateTarget() => AzuriteStore.CreateTarget(service = AzuriteStore.CreateClient(), listPageSize: 2);

    protected override Task<string> CreateBucketAsync() => AzuriteStore.CreateContainerAsync(service!);

    protected override Task<byte[]?> TryReadObjectAsync(ObjectLocation location) => AzuriteStore.TryReadAsync(service!, location);

    protected override Task<ObjectProperties> ReadPropertiesAsync(ObjectLocation location) => AzuriteStore.ReadPropertiesAsync(service!, location);
}
