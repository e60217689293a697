using Azure.Storage.Blobs;

namespace ResumableUpload.Targets.Tests.Sources;

/// <summary>Stream cancel and replay against Azurite (1 MiB blocks).</summary>
public sealed class AzuriteStreamEndToEndTests : StreamEndToEndTests
{
    private BlobServiceClient? service;

    protected override long PartSize => 1L << 20;

    protected override IMultipartTarget CreateTarget() => AzuriteStore.CreateTarget(service = AzuriteStore.CreateClient());

    protected override Task<string> CreateBucketAsync() => AzuriteStore.CreateContainerAsync(service!);

    protected override Task<byte[]?> TryReadObjectAsync(ObjectLocation location) => AzuriteStore.TryReadAsync(service!, location);
}
