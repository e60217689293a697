using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Persistence;
using Orleans.Serialization;
using Orleans.Storage;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Orleans;
using StackExchange.Redis;

namespace ResumableUpload.Cli.Cluster;

/// <summary>
/// <c>--cluster redis:&lt;host:port&gt;</c>: the Redis that holds the cluster's membership, the job grains' state and their
/// reminders. Workers and clients of one Redis form one cluster (cluster and service id <c>rupload</c>).
/// </summary>
internal sealed class ClusterSpec
{
    public const string DefaultId = "rupload";

    private ClusterSpec(ConfigurationOptions redis, string id)
    {
        Redis = redis;
        Id = id;
    }

    public ConfigurationOptions Redis { get; }

    /// <summary>Gets the cluster and service id (<c>--cluster-id</c>): several clusters can share one Redis.</summary>
    public string Id { get; }

    public static ClusterSpec Parse(string? text, string? id = null)
    {
        id ??= DefaultId;
        if (id.Length == 0 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new UsageException($"--cluster-id: '{id}' must be letters, digits, '-' or '_'.");
        }

        if (text is null || !text.StartsWith("redis:", StringComparison.Ordinal) || text.Length == "redis:".Length)
        {
            throw new UsageException($"--cluster: '{text}' is not redis:<host:port>.");
        }

        try
        {
            var redis = ConfigurationOptions.Parse(text["redis:".Length..]);
            redis.AbortOnConnectFail = false;
            return new ClusterSpec(redis, id);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--cluster: '{text}' is not redis:<host:port> ({ex.Message}).");
        }
    }

    /// <summary>A silo: Redis membership, grain state and reminders, on free ports of <paramref name="advertise"/>.</summary>
    public void ConfigureSilo(ISiloBuilder silo, IPAddress advertise)
    {
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (Id, Id));
        silo.UseRedisClustering(o => o.ConfigurationOptions = Redis.Clone());
        silo.AddRedisGrainStorage(UploadJobConstants.StorageName, o => o.ConfigurationOptions = Redis.Clone());
        // Job state in Orleans' binary format, not its default JSON with type names: every record rewrites the whole state (DECISIONS 33).
        silo.Services.AddOptions<RedisStorageOptions>(UploadJobConstants.StorageName).Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        silo.UseRedisReminderService(o => o.ConfigurationOptions = Redis.Clone());
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = advertise;
            o.SiloPort = FreePort();
            o.GatewayPort = FreePort();
        });
    }

    public void ConfigureClient(IClientBuilder client)
    {
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (Id, Id));
        client.UseRedisClustering(o => o.ConfigurationOptions = Redis.Clone());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
