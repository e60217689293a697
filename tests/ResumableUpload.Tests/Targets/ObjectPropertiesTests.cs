using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Targets;

/// <summary>The one check of object properties (ObjectProperties.Validate), in pure code, and the local folder's sidecar.</summary>
public class ObjectPropertiesTests : IDisposable
{
    private static readonly TargetCapabilities Everything = new() { MinPartSize = 1, MaxPartSize = 1, MaxPartCount = 1, CanListParts = true, SupportedProperties = ObjectPropertyFeatures.All };

    private readonly TempDirectory temp = new();

    public static TheoryData<string, string> Invalid => new()
    {
        { "tag-amp", "Tags" },
        { "tag-long-key", "Tags" },
        { "eleven-tags", "Tags" },
        { "acl", "CannedAcl" },
        { "storage-class", "StorageClass" },
        { "header-newline", "CacheControl" },
        { "meta-name", "Metadata" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_Malformed_ThrowsNamingTheProperty(string kind, string property)
    {
        var properties = kind switch
        {
            "tag-amp" => new ObjectProperties { Tags = new Dictionary<string, string> { ["a"] = "x&y=z" } },
            "tag-long-key" => new ObjectProperties { Tags = new Dictionary<string, string> { [new string('k', 129)] = "v" } },
            "eleven-tags" => new ObjectProperties { Tags = Enumerable.Range(0, 11).ToDictionary(i => "k" + i, i => "v") },
            "acl" => new ObjectProperties { CannedAcl = "public" },
            "storage-class" => new ObjectProperties { StorageClass = "standard ia" },
            "header-newline" => new ObjectProperties { CacheControl = "no-cache\r\nx-amz-acl: public-read" },
            _ => new ObjectProperties { Metadata = new Dictionary<string, string> { ["a b"] = "v" } },
        };

        var error = Assert.Throws<InvalidObjectPropertyException>(() => properties.Validate(Everything));

        Assert.Equal(property, error.Property);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void CustomerKey_NotThirtyTwoBytes_Throws(int length)
    {
        var error = Assert.Throws<InvalidObjectPropertyException>(() => ServerSideEncryption.CustomerKey(new byte[length]));

        Assert.Equal($"An SSE-C key is 32 bytes (AES-256), not {length}.", error.Message);
    }

    [Fact]
    public void CustomerKey_ToString_ShowsTheMd5NotTheKey()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var encryption = ServerSideEncryption.CustomerKey(key);
        var text = new ObjectProperties { Encryption = encryption }.ToString();

        Assert.DoesNotContain(Convert.ToBase64String(key), text, StringComparison.Ordinal);
        Assert.Contains(encryption.CustomerKeyMd5Base64!, text, StringComparison.Ordinal);
        Assert.Equal(Convert.ToBase64String(key), encryption.GetCustomerKeyBase64());
    }

    [Theory]
    [InlineData("Headers")]
    [InlineData("Tags")]
    [InlineData("StorageClass")]
    [InlineData("CannedAcl")]
    [InlineData("ServiceManagedEncryption")]
    [InlineData("KmsEncryption")]
    [InlineData("CustomerKeyEncryption")]
    public void Validate_TargetWithoutTheFeature_ThrowsNamingIt(string feature)
    {
        var properties = feature switch
        {
            "Headers" => new ObjectProperties { ContentDisposition = "inline" },
            "Tags" => new ObjectProperties { Tags = new Dictionary<string, string> { ["k"] = "v" } },
            "StorageClass" => new ObjectProperties { StorageClass = "STANDARD" },
            "CannedAcl" => new ObjectProperties { CannedAcl = "private" },
            "ServiceManagedEncryption" => new ObjectProperties { Encryption = ServerSideEncryption.ServiceManaged },
            "KmsEncryption" => new ObjectProperties { Encryption = ServerSideEncryption.Kms() },
            _ => new ObjectProperties { Encryption = ServerSideEncryption.CustomerKey(new byte[32]) },
        };
        var without = new TargetCapabilities { MinPartSize = 1, MaxPartSize = 1, MaxPartCount = 1, CanListParts = true, SupportedProperties = ObjectPropertyFeatures.All & ~Enum.Parse<ObjectPropertyFeatures>(feature) };

        properties.Validate(Everything);
        var error = Assert.Throws<InvalidObjectPropertyException>(() => properties.Validate(without));

        Assert.Equal(feature, error.Property);
    }

    [Fact]
    public async Task LocalFolder_HeadersAndTags_KeptInTheSidecar_StorageClassRefused()
    {
        var target = new LocalFolderTarget(temp.Path);
        var source = temp.RandomFile("f.bin", 300_000, seed: 5);
        var properties = new ObjectProperties
        {
            ContentType = "text/plain",
            CacheControl = "no-cache",
            ContentEncoding = "gzip",
            ContentDisposition = "inline",
            Tags = new Dictionary<string, string> { ["k"] = "v" },
        };
        var uploader = new ResumableUploader(target, null, new UploadOptions { PartSize = 100 * 1024 });

        await uploader.UploadAsync(new UploadRequest { SourcePath = source, Bucket = string.Empty, Key = "out/f.bin", Properties = properties });
        var error = await Assert.ThrowsAsync<InvalidObjectPropertyException>(() => uploader.UploadAsync(new UploadRequest { SourcePath = source, Bucket = string.Empty, Key = "out/g.bin", Properties = new ObjectProperties { StorageClass = "COLD" } }));

        var stored = target.GetProperties(new ObjectLocation(string.Empty, "out/f.bin"))!;
        Assert.Equal(("text/plain", "no-cache", "gzip", "inline"), (stored.ContentType, stored.CacheControl, stored.ContentEncoding, stored.ContentDisposition));
        Assert.Equal("v", stored.Tags["k"]);
        Assert.Equal("StorageClass", error.Property);
        Assert.False(File.Exists(Path.Combine(temp.Path, "out", "g.bin")));
    }

    public void Dispose()
    {
        temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
