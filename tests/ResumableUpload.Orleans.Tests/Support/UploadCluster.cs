using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Persistence;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using ResumableUpload.TestSupport;
using StackExchange.Redis;
using Xunit;

namespace ResumableUpload.Orleans.Tests.Support;

/// <summary>
/// An in-process Orleans cluster (TestingHost's in-memory membership and transport) whose job grains keep their state
/// and reminders on the test run's Redis, with fast failure detection so a killed silo is declared dead in seconds.
/// Every silo is an upload worker on the given target.
/// </summary>
internal static class UploadCluster
{
    public const long PartSize = 5L << 20; // S3's smallest part (RGW refuses smaller ones but the last)

    public static async Task<InProcessTestCluster> StartAsync(short silos, Func<IMultipartTarget> target, Action<UploadWorkerOptions> worker)
    {
        var redis = ConfigurationOptions.Parse(ServerEnvironment.Redis);
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = Environment.GetEnvironmentVariable("RUPLOAD_ORLEANS_LOGS") is not null;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddRedisGrainStorage(UploadJobConstants.StorageName, o =>
            {
                o.ConfigurationOptions = redis.Clone();
                o.EntryExpiry = TimeSpan.FromHours(1); // a fresh ServiceId per cluster: nothing to share, nothing to keep
            });
            silo.Services.AddOptions<RedisStorageOptions>(UploadJobConstants.StorageName).Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)); // as the CLI
            silo.UseRedisReminderService(o => o.ConfigurationOptions = redis.Clone());
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1)); // the re-drive test's 2 s reminder
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 1;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            silo.AddResumableUploadWorker(o => { o.PartSize = PartSize; o.PartsInFlight = 2; }, worker);
            silo.Services.AddSingleton(_ => target());
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Waits (polling, no fixed sleep) until <paramref name="condition"/> holds, failing after <paramref name="limit"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan limit, string what)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {limit} for {what}; last seen: {value}");
            }
        }
    }
}

[CollectionDefinition(nameof(OrleansClusters), DisableParallelization = true)]
public sealed class OrleansClusters;
