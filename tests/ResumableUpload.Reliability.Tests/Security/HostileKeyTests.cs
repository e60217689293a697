using ResumableUpload.Redis;
using ResumableUpload.Sqlite;
using ResumableUpload.Testing;
using ResumableUpload.TestSupport;
using StackExchange.Redis;

namespace ResumableUpload.Reliability.Tests.Security;

/// <summary>
/// Object keys chosen to break a careless store: quotes, SQL and Lua metacharacters, newlines, unicode, glob
/// characters and a 1,024-byte key. Each is interrupted and resumed through the SQLite and Redis stores; the object
/// must be right, and no object key may reach a Redis key name.
/// </summary>
public class HostileKeyTests : IDisposable
{
    private const int P = 100 * 1024;
    private readonly TempDirectory temp = new();

    public static TheoryData<string> HostileKeys => new()
    {
        "it's \"quoted\"; DROP TABLE parts; --",
        "line\nbreak\r\nand\ttab",
        "ünïcødé/日本語/emoji-🚀.bin",
        "glob*?[x]{y}\\z",
        "lua ') redis.call('FLUSHALL') --",
        new string('k', 1000) + "/" + new string('é', 11), // 1,024 bytes of UTF-8
    };

    [Theory]
    [MemberData(nameof(HostileKeys))]
    public async Task UploadAsync_HostileKeyThroughSqlite_ResumesToCorrectObject(string key)
    {
        var store = new SqliteCheckpointStore(temp.File("c.db"));
        await InterruptThenResumeAsync(store, key);
    }

    [Theory]
    [MemberData(nameof(HostileKeys))]
    public async Task UploadAsync_HostileKeyThroughRedis_ResumesAndNoObjectKeyReachesRedis(string key)
    {
        var prefix = $"hostile-{Guid.NewGuid():N}:";
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ServerEnvironment.Redis);
        await using var store = new RedisCheckpointStore(connection, new RedisCheckpointStoreOptions { KeyPrefix = prefix });
        await InterruptThenResumeAsync(store, key, async () =>
        {
            var server = connection.GetServers()[0];
            var names = server.Keys(pattern: prefix + "*").Select(k => (string)k!).ToList();
            Assert.NotEmpty(names);
            Assert.All(names, n => Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(prefix) + @"\{[0-9a-f]{32}\}(:lease)?$", n));
            await Task.CompletedTask;
        });
    }

    public void Dispose() => temp.Dispose();

    private async Task InterruptThenResumeAsync(ICheckpointStore store, string key, Func<Task>? whileInterrupted = null)
    {
        var target = new InMemoryMultipartTarget();
        var source = temp.RandomFile("s-" + Guid.NewGuid().ToString("N")[..6], 8L * P, seed: key.Length);
        using var cts = new CancellationTokenSource();
        var uploader = new ResumableUploader(target, store, new UploadOptions { PartSize = P, PartsInFlight = 1 });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => uploader.UploadAsync(
            new UploadRequest { SourcePath = source, Bucket = "b", Key = key, Progress = new RecordingProgress(p => { if (p.CompletedParts >= 3) { cts.Cancel(); } }) },
            cts.Token));

        var listed = Assert.Single(await store.ListAsync().ToListAsync());
        Assert.Equal(key, listed.Checkpoint!.Header.Location.Key);
        if (whileInterrupted is not null)
        {
            await whileInterrupted();
        }

        var result = await uploader.UploadAsync(new UploadRequest { SourcePath = source, Bucket = "b", Key = key });
        Assert.True(result.ResumedParts >= 3);
        Assert.Equal(await File.ReadAllBytesAsync(source), target.GetObject(new ObjectLocation("b", key)));
        Assert.Empty(await store.ListAsync().ToListAsync());
    }
}
