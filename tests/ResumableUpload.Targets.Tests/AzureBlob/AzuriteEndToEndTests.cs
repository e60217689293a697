using Azure.Storage.Blobs;

namespace ResumableUpload.Targets.Tests.AzureBlob;

/// <summary>Resume and damaged-checkpoint recovery against Azurite, with the default CRC-64/XZ.</summary>
public sealed class AzuriteEndToEndTests : ResumableUploaderEndToEndTests
{
    private BlobServiceClient? service;

    protected override ChecksumAlgorithm Algorithm => ChecksumAlgorithm.Crc64Xz;

    protected override IMultipartTarget CreateTarget() => AzuriteStore.CreateTarget(service = AzuriteStore.CreateClient());

    protected override Task<string> CreateBucketAsync() => AzuriteStore.CreateContainerAsync(service!);

    protected override Task<byte[]?> TryReadObjectAsync(ObjectLocation location) => AzuriteStore.TryReadAsync(service!, location);
}
