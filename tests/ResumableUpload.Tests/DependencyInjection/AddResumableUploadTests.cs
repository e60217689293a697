using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.DependencyInjection;

public class AddResumableUploadTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task AddResumableUpload_WithFileCheckpointsAndLocalFolder_UploadsThroughTheContainer()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload(o => o.PartSize = 128 * 1024)
            .UseFileCheckpoints(temp.SubDirectory("ckpt"))
            .UseLocalFolderTarget(temp.SubDirectory("out"));
        await using var provider = services.BuildServiceProvider();
        var uploader = provider.GetRequiredService<ResumableUploader>();
        Assert.IsType<FileCheckpointStore>(uploader.CheckpointStore);
        Assert.IsType<LocalFolderTarget>(uploader.Target);

        var source = temp.RandomFile("src", 600_000);
        var result = await uploader.UploadAsync(new UploadRequest { SourcePath = source, Key = "o.bin" });
        Assert.Equal(5, result.PartCount);
        Assert.True(TestData.FilesEqual(source, Path.Combine(temp.Path, "out", "o.bin")));
    }

    [Fact]
    public void AddResumableUpload_InvalidOptions_FailValidationListingEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload(o =>
        {
            o.PartSize = 1;
            o.PartsInFlight = 0;
        }).UseLocalFolderTarget(temp.Path);
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<UploadOptions>>().Value);
        Assert.Equal(2, ex.Failures.Count());
    }

    [Fact]
    public async Task AddResumableUpload_ValidateOnStart_IsRegistered()
    {
        // What a host runs at start (IAsyncStartupValidator): it must reject a bad part size before the first upload.
        var services = new ServiceCollection();
        services.AddResumableUpload(o => o.PartSize = 1);
        await using var provider = services.BuildServiceProvider();
        var validator = provider.GetService<IAsyncStartupValidator>();
        Assert.NotNull(validator);
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(async () => await validator.ValidateAsync(CancellationToken.None));
        Assert.Equal(typeof(UploadOptions), ex.OptionsType);
        Assert.Contains(ex.Failures, m => m.StartsWith("PartSize:", StringComparison.Ordinal));
    }

    [Fact]
    public void AddResumableUpload_NoTarget_ExplainsWhatToCall()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload();
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ResumableUploader>());
        Assert.Contains("UseLocalFolderTarget", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseLocalFolderTarget_CalledTwice_LastWins()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload().UseLocalFolderTarget(temp.SubDirectory("a")).UseLocalFolderTarget(temp.SubDirectory("b"));
        Assert.Single(services, d => d.ServiceType == typeof(IMultipartTarget));
        using var provider = services.BuildServiceProvider();
        Assert.EndsWith("/b", provider.GetRequiredService<IMultipartTarget>().Identity, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
