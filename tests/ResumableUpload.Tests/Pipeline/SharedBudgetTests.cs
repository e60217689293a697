using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace ResumableUpload.Tests.Pipeline;

/// <summary>Concurrent single uploads on one uploader share the engine's one memory budget.</summary>
public class SharedBudgetTests(ITestOutputHelper output) : IDisposable
{
    private const int Uploads = 4;
    private const int Threads = 2;
    private readonly UploaderFixture f = new();

    [Fact]
    public async Task UploadAsync_ConcurrentCalls_ShareOneBudgetAndNeverExceedIt()
    {
        var options = UploaderFixture.FastOptions(threads: Threads);
        options.MaxRequestsInFlight = 8;
        var uploader = f.Uploader(options);
        var budget = uploader.Engine.Memory.Budget;
        var oneUpload = UploaderFixture.PartSize * (Threads + 2);
        Assert.True(budget.Capacity > oneUpload, $"the budget ({budget.Capacity}) must leave room for more than one upload ({oneUpload})");

        // Each part request is held a while, so parts (and their buffers) pile up while the uploads run side by side.
        var inFlightByKey = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var maxUploadsInFlight = 0;
        f.Target.OnPartRequest = async (request, cancellationToken) =>
        {
            inFlightByKey.AddOrUpdate(request.Location.Key, 1, (_, n) => n + 1);
            InterlockedMax(ref maxUploadsInFlight, inFlightByKey.Count(kv => kv.Value > 0));
            try
            {
                await Task.Delay(30, cancellationToken);
            }
            finally
            {
                inFlightByKey.AddOrUpdate(request.Location.Key, 0, (_, n) => n - 1);
            }
        };

        var files = Enumerable.Range(0, Uploads).Select(i => f.Temp.RandomFile($"src{i}.bin", 20 * UploaderFixture.PartSize + 7, seed: i)).ToList();
        var results = await Task.WhenAll(files.Select((path, i) => uploader.UploadAsync(UploaderFixture.Request(path, $"obj{i}.bin"))));

        Assert.All(results, r => Assert.Equal(21, r.PartCount));
        for (var i = 0; i < Uploads; i++)
        {
            Assert.Equal(File.ReadAllBytes(files[i]), f.Target.GetObject(new ObjectLocation("b", $"obj{i}.bin")));
        }

        output.WriteLine($"capacity {budget.Capacity} B, high-water mark {budget.HighWaterMark} B, one upload's worth {oneUpload} B, uploads with parts in flight at once: {maxUploadsInFlight}");
        Assert.True(maxUploadsInFlight > 1, $"at most {maxUploadsInFlight} upload had parts in flight at once");
        Assert.True(budget.HighWaterMark <= budget.Capacity, $"high-water mark {budget.HighWaterMark} > capacity {budget.Capacity}");
        Assert.True(budget.HighWaterMark > oneUpload, $"high-water mark {budget.HighWaterMark} is no more than one upload's worth ({oneUpload}): the budget was not shared");
        Assert.Equal(0, budget.Used);
    }

    [Fact]
    public async Task SinglePuts_OfABatch_TakeTheirBuffersFromTheOneBudget()
    {
        var options = UploaderFixture.FastOptions();
        options.MaxRequestsInFlight = 4; // capacity = part size x 6 = 600 KiB: room for 9 buffers of 64 KiB
        var uploader = f.Uploader(options);
        var memory = uploader.Engine.Memory;
        f.Target.Faults.PartDelay = TimeSpan.FromMilliseconds(20); // puts are held, so buffers pile up
        var root = f.Temp.SubDirectory("small");
        for (var i = 0; i < 40; i++)
        {
            File.WriteAllBytes(Path.Combine(root, $"f{i:D2}"), new byte[50_000 + i]); // each in the 64 KiB size class
        }

        var summary = await BatchSummary.CollectAsync(uploader.UploadDirectoryAsync(new DirectoryUploadRequest { Directory = root, Bucket = "b" }, new BatchOptions { FilesInFlight = 16 }));

        Assert.Equal(40, summary.Uploaded);
        output.WriteLine($"capacity {memory.Budget.Capacity} B, high-water mark {memory.Budget.HighWaterMark} B, arrays kept {memory.FreeBytes} B");
        Assert.True(memory.Budget.HighWaterMark >= 2 * 65536, $"high-water mark {memory.Budget.HighWaterMark}: the puts' buffers were not reserved in the budget");
        Assert.True(memory.Budget.HighWaterMark <= memory.Budget.Capacity);
        Assert.True(memory.FreeBytes <= memory.Budget.Capacity, "the arrays kept for reuse exceed the budget");
        Assert.Equal(0, memory.Budget.Used);
    }

    public void Dispose() => f.Dispose();

    private static void InterlockedMax(ref int location, int value)
    {
        int current;
        while ((current = Volatile.Read(ref location)) < value && Interlocked.CompareExchange(ref location, value, current) != current)
        {
        }
    }
}
