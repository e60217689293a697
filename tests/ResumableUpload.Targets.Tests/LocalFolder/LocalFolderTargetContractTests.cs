using ResumableUpload.Testing;

namespace ResumableUpload.Targets.Tests.LocalFolder;

/// <summary>The target contract against <see cref="LocalFolderTarget"/> in a temporary folder.</summary>
public sealed class LocalFolderTargetContractTests : MultipartTargetContractTests, IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("rupload-contract-").FullName;
    private LocalFolderTarget? local;

    public void Dispose() => Directory.Delete(root, recursive: true);

    protected override IMultipartTarget CreateTarget() => local = new LocalFolderTarget(root);

    protected override Task<string> CreateBucketAsync() => Task.FromResult("b" + Guid.NewGuid().ToString("N")[..12]);

    protected override Task<byte[]?> TryReadObjectAsync(ObjectLocation location)
    {
        var path = local!.ResolveObjectPath(location);
        return Task.FromResult(File.Exists(path) ? File.ReadAllBytes(path) : null);
    }

    protected override Task<ObjectProperties> ReadPropertiesAsync(ObjectLocation location)
        => Task.FromResult(local!.GetProperties(location) ?? new ObjectProperties());
}
