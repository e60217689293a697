using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using ResumableUpload.Orleans.Worker;
using Xunit;

namespace ResumableUpload.Orleans.Tests.Support;

/// <summary>
/// One silo that hosts the job grains but runs no worker (<see cref="UploadWorkerOptions.Enabled"/> false), on RGW: the
/// tests play the workers themselves, with the silo's own engine, so who holds which epoch is theirs to decide.
/// </summary>
public sealed class CoordinatorCluster : IAsyncLifetime
{
    private InProcessTestCluster? cluster;

    internal InProcessTestCluster Cluster => cluster ?? throw new InvalidOperationException("Not started.");

    internal Rgw Rgw { get; private set; } = null!;

    internal UploadWorkerRuntime Runtime => Cluster.GetSiloServiceProvider().GetRequiredService<UploadWorkerRuntime>();

    public async Task InitializeAsync()
    {
        Rgw = await Rgw.CreateAsync("orleans-fence");
        cluster = await UploadCluster.StartAsync(1, () => S3.S3MultipartTarget.Create(Rgw.Options()), w => w.Enabled = false);
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}
