using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using ResumableUpload.AzureBlob;
using Xunit;

namespace ResumableUpload.Targets.Tests.AzureBlob;

/// <summary>What the Azure Blob target does beyond the shared contract: identity, block ids, manifests, abort, errors, DI; against Azurite.</summary>
public sealed class AzureBlobMultipartTargetTests
{
    private readonly BlobServiceClient service = AzuriteStore.CreateClient();
    private readonly AzureBlobMultipartTarget target;

    public AzureBlobMultipartTargetTests() => target = AzuriteStore.CreateTarget(service);

    [Fact]
    public void Identity_AccountEndpoint_HasNoKey()
    {
        Assert.Equal("azblob:" + service.Uri.ToString().TrimEnd('/'), target.Identity);
        Assert.DoesNotContain("AccountKey", target.Identity, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Eby8", target.Identity, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadPartAsync_TwoUploadsOfOneBlob_KeepTheirBlocksApart()
    {
        var container = await AzuriteStore.CreateContainerAsync(service);
        var location = new ObjectLocation(container, "shared.bin");
        var first = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var second = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var a = await target.UploadPartAsync(Part(location, first, 1, 100));
        var b = await target.UploadPartAsync(Part(location, second, 1, 200));

        var firstParts = await ToListAsync(target.ListPartsAsync(location, first));
        var secondParts = await ToListAsync(target.ListPartsAsync(location, second));

        Assert.Equal([a], firstParts);
        Assert.Equal([b], secondParts);
        Assert.Equal(a.ETag.Length, b.ETag.Length);
        Assert.NotEqual(a.ETag, b.ETag);
    }

    [Fact]
    public async Task AbortAsync_CommittedBlobWithStagedBlocks_LeavesBlobAndItsPropertiesUntouched()
    {
        var container = await AzuriteStore.CreateContainerAsync(service);
        var location = new ObjectLocation(container, "kept.bin");
        await target.PutAsync(location, new MemoryStream(new byte[300]), 300, default, new ObjectProperties { ContentType = "text/x-kept", Metadata = new Dictionary<string, string> { ["keep"] = "yes" } });
        var blob = service.GetBlobContainerClient(container).GetBlockBlobClient(location.Key);
        var before = (await blob.GetPropertiesAsync()).Value;
        var uploadId = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        await target.UploadPartAsync(Part(location, uploadId, 1, 100));

        await target.AbortAsync(location, uploadId);

        var after = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal("text/x-kept", after.ContentType);
        Assert.Equal("yes", after.Metadata["keep"]);
        Assert.Equal(300, after.ContentLength);
    }

    [Fact]
    public async Task CompleteAsync_Committed_RemovesManifestAndCommitsOnlyItsBlocks()
    {
        var container = await AzuriteStore.CreateContainerAsync(service);
        var location = new ObjectLocation(container, "commit.bin");
        var uploadId = await target.InitiateAsync(location, ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);
        var one = await target.UploadPartAsync(Part(location, uploadId, 1, 100));
        var two = await target.UploadPartAsync(Part(location, uploadId, 2, 50));

        await target.CompleteAsync(location, uploadId, [new PartRecord(1, 0, 100, one.ETag, 0), new PartRecord(2, 100, 50, two.ETag, 0)], default);

        var blocks = (await service.GetBlobContainerClient(container).GetBlockBlobClient(location.Key).GetBlockListAsync(BlockListTypes.All)).Value;
        Assert.Equal([one.ETag, two.ETag], blocks.CommittedBlocks.Select(b => b.Name));
        Assert.Empty(blocks.UncommittedBlocks);
        Assert.Empty(await ToListAsync(service.GetBlobContainerClient(container).GetBlobsAsync(new GetBlobsOptions { Prefix = ".rupload-uploads/" })));
    }

    [Fact]
    public async Task InitiateAsync_KeyInManifestFolder_ThrowsInvalidRequest()
    {
        var container = await AzuriteStore.CreateContainerAsync(service);

        var error = await Assert.ThrowsAsync<TargetException>(() => target.InitiateAsync(new ObjectLocation(container, ".rupload-uploads/x"), ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz));

        Assert.Equal(TargetErrorKind.InvalidRequest, error.Kind);
    }

    [Fact]
    public async Task InitiateAsync_ContainerMissing_ThrowsBucketNotFoundWithServerDetails()
    {
        var error = await Assert.ThrowsAsync<TargetException>(() => target.InitiateAsync(new ObjectLocation("rupload-no-such-container", "k"), ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz));

        Assert.Equal(TargetErrorKind.BucketNotFound, error.Kind);
        Assert.Equal("ContainerNotFound", error.ErrorCode);
        Assert.Equal(404, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public async Task InitiateAsync_WrongAccountKey_ThrowsAccessDenied()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var connectionString = string.Join(';', TestServers.AzureConnectionString.Split(';').Select(p => p.StartsWith("AccountKey=", StringComparison.Ordinal) ? "AccountKey=" + wrongKey : p));
        var wrong = AzureBlobMultipartTarget.Create(connectionString);
        var container = await AzuriteStore.CreateContainerAsync(service);

        var error = await Assert.ThrowsAsync<TargetException>(() => wrong.InitiateAsync(new ObjectLocation(container, "k"), ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz));

        Assert.Equal(TargetErrorKind.AccessDenied, error.Kind);
        Assert.DoesNotContain(wrongKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPartsAsync_OtherKeysUploadId_ThrowsUploadNotFound()
    {
        var container = await AzuriteStore.CreateContainerAsync(service);
        var uploadId = await target.InitiateAsync(new ObjectLocation(container, "a.bin"), ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);

        var error = await Assert.ThrowsAsync<TargetException>(() => ToListAsync(target.ListPartsAsync(new ObjectLocation(container, "b.bin"), uploadId)));

        Assert.Equal(TargetErrorKind.UploadNotFound, error.Kind);
    }

    [Fact]
    public async Task PutAsync_EmptyBucketWithDefaultContainer_WritesThere()
    {
        var container = await AzuriteStore.CreateContainerAsync(service);
        var scoped = new AzureBlobMultipartTarget(service.GetBlobContainerClient(container));

        await scoped.PutAsync(new ObjectLocation(string.Empty, "default.bin"), new MemoryStream(new byte[7]), 7, default, ObjectProperties.Empty);

        Assert.Equal(new byte[7], await AzuriteStore.TryReadAsync(service, new ObjectLocation(container, "default.bin")));
        Assert.Equal(target.Identity, scoped.Identity);
        await Assert.ThrowsAsync<TargetException>(() => scoped.PutAsync(new ObjectLocation("other", "x"), new MemoryStream(), 0, default, ObjectProperties.Empty));
    }

    [Fact]
    public void UseAzureBlobTarget_ConnectionStringAndContainer_RegistersTarget()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload().UseAzureBlobTarget(TestServers.AzureConnectionString, "uploads");
        using var provider = services.BuildServiceProvider();

        var registered = Assert.IsType<AzureBlobMultipartTarget>(provider.GetRequiredService<IMultipartTarget>());
        Assert.Equal(target.Identity, registered.Identity);
    }

    [Fact]
    public void UseAzureBlobTarget_ClientFromServices_UsesIt()
    {
        var services = new ServiceCollection();
        services.AddSingleton(service);
        services.AddResumableUpload().UseAzureBlobTarget(o => o.ListPageSize = 10);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(target.Identity, provider.GetRequiredService<IMultipartTarget>().Identity);
    }

    [Fact]
    public async Task UseAzureBlobTarget_InvalidOptions_FailStartValidationListingEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddSingleton(service);
        services.AddResumableUpload().UseAzureBlobTarget(o =>
        {
            o.ListPageSize = 0;
            o.DefaultContainer = string.Empty;
        });
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IAsyncStartupValidator>().ValidateAsync(CancellationToken.None));

        Assert.Contains("ListPageSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultContainer", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7200)]
    public void Create_NetworkTimeoutOutOfRange_ThrowsValidationNamingIt(int seconds)
    {
        var connectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;";

        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => AzureBlobMultipartTarget.Create(connectionString, new AzureBlobTargetOptions { NetworkTimeout = TimeSpan.FromSeconds(seconds) }));

        Assert.Contains("NetworkTimeout", error.Message, StringComparison.Ordinal);
    }

    private static PartUploadRequest Part(ObjectLocation location, string uploadId, int number, int length)
        => new(location, uploadId, number, length, default, () => new MemoryStream(new byte[length]));

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
