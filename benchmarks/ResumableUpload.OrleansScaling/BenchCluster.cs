using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using ResumableUpload.Orleans;
using StackExchange.Redis;

namespace ResumableUpload.OrleansScaling;

/// <summary>N in-process silos (TestingHost: in-memory membership and transport), job state and reminders on Redis, each silo with its own target.</summary>
internal static class BenchCluster
{
    public const long PartSize = 8L << 20;

    public static async Task<InProcessTestCluster> StartAsync(short silos, Func<IMultipartTarget> target, CallCounter counter, bool workers)
    {
        var redis = ConfigurationOptions.Parse(Environment.GetEnvironmentVariable("RUPLOAD_REDIS") is { Length: > 0 } r ? r : throw new InvalidOperationException("Set RUPLOAD_REDIS=<host:port> (job state and reminders live there)."));
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddRedisGrainStorage(UploadJobConstants.StorageName, o =>
            {
                o.ConfigurationOptions = redis.Clone();
                o.EntryExpiry = TimeSpan.FromHours(1); // a fresh ServiceId per cluster: nothing to keep
            }); // Orleans' default grain-storage serializer (JSON), as in the committed results; the CLI now writes binary (DECISIONS 33)
            silo.UseRedisReminderService(o => o.ConfigurationOptions = redis.Clone());
            silo.AddIncomingGrainCallFilter(counter);
            silo.AddResumableUploadWorker(o => (o.PartSize, o.PartsInFlight) = (PartSize, 3), w =>
            {
                w.Enabled = workers;
                w.ItemsInFlight = 2;
                w.PollInterval = TimeSpan.FromMilliseconds(250);
            });
            silo.Services.AddSingleton(_ => target());
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>A sparse file (holes read as zeros, instantly): the benchmark measures coordination, not a disk.</summary>
    public static string SparseFile(string directory, string name, long length)
    {
        var path = Path.Combine(directory, name);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.SetLength(length);
        return path;
    }
}
