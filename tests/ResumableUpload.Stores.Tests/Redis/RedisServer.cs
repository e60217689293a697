using StackExchange.Redis;

namespace ResumableUpload.Stores.Tests.Redis;

/// <summary>
/// The Redis server of the test run, named by <c>RUPLOAD_REDIS</c> (host:port; test.sh starts one through
/// scripts/servers/redis.sh). A missing or unreachable server fails the test with a clear message; nothing is skipped.
/// </summary>
internal static class RedisServer
{
    private static readonly Lazy<Task<ConnectionMultiplexer>> Shared = new(ConnectAsync);

    public static string Endpoint => Environment.GetEnvironmentVariable("RUPLOAD_REDIS") is { Length: > 0 } endpoint
        ? endpoint
        : throw new InvalidOperationException(
            "RUPLOAD_REDIS is not set. The Redis store tests need a Redis server: run ./test.sh, or start one with "
            + "'bash scripts/servers/redis.sh start <dir>' and export the RUPLOAD_REDIS=host:port line it prints.");

    /// <summary>Gets a connection shared by the tests, for inspecting and damaging what the stores wrote.</summary>
    public static Task<ConnectionMultiplexer> ConnectionAsync() => Shared.Value;

    /// <summary>Gets a key prefix no other test uses.</summary>
    public static string NewPrefix() => "rupload-test:" + Guid.NewGuid().ToString("N")[..12] + ":";

    /// <summary>Deletes every key under a prefix.</summary>
    public static async Task DeletePrefixAsync(string prefix)
    {
        var connection = await ConnectionAsync();
        var database = connection.GetDatabase();
        foreach (var server in connection.GetServers())
        {
            await foreach (var key in server.KeysAsync(database.Database, prefix + "*"))
            {
                await database.KeyDeleteAsync(key);
            }
        }
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var endpoint = Endpoint;
        try
        {
            var options = ConfigurationOptions.Parse(endpoint);
            options.ConnectTimeout = 2000;
            var connection = await ConnectionMultiplexer.ConnectAsync(options);
            await connection.GetDatabase().PingAsync();
            return connection;
        }
        catch (RedisConnectionException ex)
        {
            throw new InvalidOperationException(
                $"The Redis server RUPLOAD_REDIS={endpoint} is unreachable ({ex.Message}). Start one with 'bash scripts/servers/redis.sh start <dir>'.", ex);
        }
    }
}
