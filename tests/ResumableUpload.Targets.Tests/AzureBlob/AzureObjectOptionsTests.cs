using ResumableUpload.TestSupport;
using Xunit;

namespace ResumableUpload.Targets.Tests.AzureBlob;

/// <summary>
/// Headers, metadata, index tags and the access tier through the uploader to Azurite, as a single put and as a
/// multipart upload (staged blocks, one commit), read back with GetProperties and GetTags; what Azure has no
/// equivalent for is refused before anything is sent.
/// </summary>
public class AzureObjectOptionsTests : IDisposable
{
    private const int PartSize = 1 << 20;
    private readonly TempDirectory temp = new();

    [Theory]
    [InlineData(1000)]
    [InlineData((2 * PartSize) + 100)]
    public async Task UploadAsync_HeadersTagsTier_StoredAndReportedByAzurite(int size)
    {
        var service = AzuriteStore.CreateClient();
        var target = AzuriteStore.CreateTarget(service);
        var container = await AzuriteStore.CreateContainerAsync(service);
        var source = temp.RandomFile("all.bin", size, seed: 61);
        var properties = ObjectOptionsData.All("cool", ServerSideEncryption.ServiceManaged);

        var result = await new ResumableUploader(target, null, new UploadOptions { PartSize = PartSize }).UploadAsync(new UploadRequest { SourcePath = source, Bucket = container, Key = "all.bin", Properties = properties });

        var blob = service.GetBlobContainerClient(container).GetBlobClient("all.bin");
        var stored = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(size > PartSize ? 3 : 1, result.PartCount);
        Assert.Equal(ObjectOptionsData.Headers, (stored.ContentType, stored.CacheControl, stored.ContentEncoding, stored.ContentDisposition));
        Assert.Equal("objopts", stored.Metadata["origin"]);
        Assert.Equal("Cool", stored.AccessTier);
        var tags = (await blob.GetTagsAsync()).Value.Tags;
        Assert.Equal(ObjectOptionsData.Tags, tags.Select(t => t.Key + "=" + t.Value).Order(StringComparer.Ordinal));
        Assert.Equal(await File.ReadAllBytesAsync(source), await AzuriteStore.TryReadAsync(service, new ObjectLocation(container, "all.bin")));
    }

    [Theory]
    [InlineData("CannedAcl")]
    [InlineData("KmsEncryption")]
    [InlineData("CustomerKeyEncryption")]
    public async Task UploadAsync_OptionAzureHasNot_RefusedBeforeAnythingIsSent(string property)
    {
        var service = AzuriteStore.CreateClient();
        var target = AzuriteStore.CreateTarget(service);
        var container = await AzuriteStore.CreateContainerAsync(service);
        var source = temp.RandomFile("refused.bin", 1000, seed: 62);
        var properties = property switch
        {
            "CannedAcl" => new ObjectProperties { CannedAcl = "public-read" },
            "KmsEncryption" => new ObjectProperties { Encryption = ServerSideEncryption.Kms("key") },
            _ => new ObjectProperties { Encryption = ServerSideEncryption.CustomerKey(new byte[32]) },
        };

        var error = await Assert.ThrowsAsync<InvalidObjectPropertyException>(() => new ResumableUploader(target).UploadAsync(new UploadRequest { SourcePath = source, Bucket = container, Key = "refused.bin", Properties = properties }));

        Assert.Equal(property, error.Property);
        Assert.Empty(await target.ListUploadsAsync(container, string.Empty).ToListAsync());
        Assert.Null(await AzuriteStore.TryReadAsync(service, new ObjectLocation(container, "refused.bin")));
    }

    [Fact]
    public async Task UploadAsync_UnknownTier_RefusedWithTheTiers()
    {
        var service = AzuriteStore.CreateClient();
        var target = AzuriteStore.CreateTarget(service);
        var source = temp.RandomFile("tier.bin", 10, seed: 63);

        var error = await Assert.ThrowsAsync<InvalidObjectPropertyException>(() => new ResumableUploader(target).UploadAsync(new UploadRequest { SourcePath = source, Bucket = "any", Key = "tier.bin", Properties = new ObjectProperties { StorageClass = "STANDARD_IA" } }));

        Assert.Equal("'STANDARD_IA' is not one of Hot, Cool, Cold, Archive.", error.Message);
    }

    public void Dispose()
    {
        temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
