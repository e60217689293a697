using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using ResumableUpload.Redis;
using ResumableUpload.Sqlite;
using ResumableUpload.Targets;
using StackExchange.Redis;

namespace ResumableUpload.Benchmarks;

/// <summary>
/// Issue 15's "cost flat as work grows": one upload of a file to the null target through the library, with the
/// checkpoint store timed (<see cref="TimedCheckpointStore"/>), printed as one Markdown row. Run by
/// benchmarks/e2e/flat-cost.sh under GNU time, which adds the process's CPU and peak RSS.
/// usage: flat --header, or flat &lt;file&gt; &lt;file|sqlite|redis&gt; &lt;part size bytes, 0 for the default&gt; &lt;work dir&gt;
/// </summary>
internal static class FlatCost
{
    public const string Header =
        "| store | size | parts × part size | upload s | MB/s | MB/s of the first / last window | commit µs, median of all | first window: median / mean µs | last window: median / mean µs | last / first (median) | final checkpoint bytes | load ms: first / best of 5 | managed heap MiB at end / committed at the last GC MiB | allocated MB in all |";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--header"])
        {
            Console.WriteLine(Header);
            return 0;
        }

        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: ResumableUpload.Benchmarks flat <file> <file|sqlite|redis> <part size bytes, 0 = default> <work dir>");
            return 2;
        }

        var (source, storeKind, partSize, work) = (args[0], args[1], long.Parse(args[2], CultureInfo.InvariantCulture), args[3]);
        Directory.CreateDirectory(work);
        var (inner, measure, cleanup) = OpenStore(storeKind, work);
        try
        {
            var store = new TimedCheckpointStore(inner, measure);
            var options = new UploadOptions();
            if (partSize > 0)
            {
                options.PartSize = partSize;
            }

            var uploader = new ResumableUploader(new NullMultipartTarget(), store, options);
            var start = Stopwatch.GetTimestamp();
            var result = await uploader.UploadAsync(new UploadRequest { SourcePath = source, Key = "flat-cost" }).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Console.WriteLine(Row(storeKind, new FileInfo(source).Length, result, seconds, store));
            return 0;
        }
        finally
        {
            await cleanup().ConfigureAwait(false);
        }
    }

    private static string Row(string storeKind, long length, UploadResult result, double seconds, TimedCheckpointStore store)
    {
        var commits = store.CommitTicks.Select(t => t * 1e6 / Stopwatch.Frequency).ToArray();
        var window = Math.Clamp(commits.Length / 10, 1, 1000); // 1,000 parts, or a tenth of a smaller upload
        var first = commits[..window];
        var last = commits[^window..];
        var loads = store.LoadTicks.Select(t => t * 1e3 / Stopwatch.Frequency).ToArray();
        var partSize = result.PartSize;
        var gc = GC.GetGCMemoryInfo(GCKind.Any);
        return string.Create(CultureInfo.InvariantCulture, $"| {storeKind} | {Sizes(length)} | {commits.Length:N0} × {Sizes(partSize)} | {seconds:F1} | {length / seconds / 1e6:F0} | {Rate(store.CommitEnds, 0, window):F0} / {Rate(store.CommitEnds, commits.Length - window, window):F0} | {Median(commits):F1} | {Median(first):F1} / {first.Average():F1} (n={window}) | {Median(last):F1} / {last.Average():F1} | {Median(last) / Median(first):F2} | {store.CheckpointBytes:N0} ({store.LoadedParts:N0} parts) | {loads[0]:F1} / {loads.Min():F1} | {GC.GetTotalMemory(false) / 1048576.0:F1} / {gc.TotalCommittedBytes / 1048576.0:F1} | {GC.GetTotalAllocatedBytes() / 1e6:F0} |");
    }

    // MB/s over commits [from, from + count): the bytes of those parts over the time from the commit before the first
    // (or the first, for the upload's first window) to the last.
    private static double Rate(IReadOnlyList<(long At, long Bytes)> ends, int from, int count)
    {
        var start = from > 0 ? ends[from - 1].At : ends[0].At;
        var bytes = ends.Skip(from > 0 ? from : 1).Take(from > 0 ? count : count - 1).Sum(e => e.Bytes);
        var seconds = (ends[from + count - 1].At - start) / (double)Stopwatch.Frequency;
        return seconds > 0 ? bytes / seconds / 1e6 : double.NaN;
    }

    private static string Sizes(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => (bytes >> 30).ToString(CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => (bytes >> 20).ToString(CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes >> 10).ToString(CultureInfo.InvariantCulture) + " KiB",
    };

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    // The store, how to measure one checkpoint's size in it, and how to clean up after it.
    private static (ICheckpointStore Store, Func<CheckpointKey, Task<long>> Measure, Func<Task> Cleanup) OpenStore(string kind, string work)
    {
        switch (kind)
        {
            case "file":
                var files = new FileCheckpointStore(Directory.CreateDirectory(Path.Combine(work, "checkpoints")).FullName);
                return (files, key => Task.FromResult(new FileInfo(files.CheckpointPath(key)).Length), () => Task.CompletedTask);
            case "sqlite":
                var database = Path.Combine(work, "checkpoints.db");
                var sqlite = new SqliteCheckpointStore(database);
                return (sqlite, key => Task.FromResult(SqliteBytes(database, key)), () =>
                {
                    SqliteConnection.ClearAllPools();
                    return Task.CompletedTask;
                });
            case "redis":
                var endpoint = Environment.GetEnvironmentVariable("RUPLOAD_REDIS") is { Length: > 0 } value
                    ? value
                    : throw new InvalidOperationException("Set RUPLOAD_REDIS=host:port for the Redis store.");
                var prefix = "rupload-flat:" + Guid.NewGuid().ToString("N")[..12] + ":";
                var connection = ConnectionMultiplexer.Connect(endpoint);
                var redis = new RedisCheckpointStore(connection, new RedisCheckpointStoreOptions { KeyPrefix = prefix });
                return (redis, async key => (long)await connection.GetDatabase().ExecuteAsync("MEMORY", "USAGE", prefix + "{" + key.Value + "}", "SAMPLES", "0").ConfigureAwait(false), async () =>
                {
                    redis.Dispose();
                    await connection.DisposeAsync().ConfigureAwait(false);
                });
            default:
                throw new ArgumentException("store must be file, sqlite or redis, not " + kind, nameof(kind));
        }
    }

    // Bytes of the checkpoint's own rows (header and part records), not the database file's pages.
    private static long SqliteBytes(string database, CheckpointKey key)
    {
        using var connection = new SqliteConnection("Data Source=" + database);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT length(header) FROM checkpoints WHERE key = $k) + (SELECT coalesce(sum(length(record)), 0) FROM parts WHERE key = $k)";
        command.Parameters.AddWithValue("$k", key.Value);
        return (long)command.ExecuteScalar()!;
    }
}
