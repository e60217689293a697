using System.Globalization;
using ResumableUpload.TestSupport;
using ResumableUpload.Testing;
using Xunit.Abstractions;

namespace ResumableUpload.Reliability.Tests.Corruption;

/// <summary>
/// Damages a mid-upload checkpoint in 1,000 seeded ways (bit flips, truncation at every record boundary and inside
/// records, garbage, zeroed ranges, a future schema version, another file's checkpoint) and resumes. Required every
/// time: no exception, a byte-identical object, no incomplete upload left on the target, no checkpoint left, and,
/// whenever the damage forced a fresh start, a logged reason. A damage that leaves a valid shorter ledger (an append
/// log cut at a record boundary) may resume: the object comparison proves the resumed parts were right.
/// </summary>
public abstract class CheckpointCorruptionFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Iterations = 1000;
    private const int PartSize = 100 * 1024;
    private const int PartCount = 11; // (10 × PartSize) + 17 bytes

    protected TempDirectory Scratch { get; } = new();

    protected abstract ICheckpointStore Store { get; }

    protected abstract IRawCheckpointAccess Raw { get; }

    protected virtual int Seed => 20261125;

    [Fact]
    public async Task UploadAsync_ThousandSeededCorruptions_NeverCrashNeverWrongObjectAlwaysCleanUp()
    {
        var target = new InMemoryMultipartTarget();
        var logs = new ListLoggerFactory();
        var options = new UploadOptions { PartSize = PartSize, PartsInFlight = 1, Retry = new UploadRetryOptions { MaxRetryAttempts = 0 } };
        var uploader = new ResumableUploader(target, Store, options, logs);
        var source = Scratch.RandomFile("a.bin", (10L * PartSize) + 17, seed: 1);
        var expected = await File.ReadAllBytesAsync(source);
        var otherSource = Scratch.RandomFile("b.bin", 8L * PartSize, seed: 2);
        var other = await InterruptAsync(uploader, otherSource, "other", parts: 3);
        var otherRaw = await Raw.ReadAsync(other);

        var fresh = new Dictionary<MutationKind, int>();
        var resumed = new Dictionary<MutationKind, int>();
        for (var i = 0; i < Iterations; i++)
        {
            var random = new Random(Seed + i);
            var kind = Mutation.All[i % Mutation.All.Length];
            var key = "fuzz/" + i.ToString(CultureInfo.InvariantCulture);
            var checkpointKey = await InterruptAsync(uploader, source, key, parts: random.Next(1, 10));
            var original = await LoadAsync(checkpointKey) ?? throw new InvalidOperationException($"iteration {i}: the interrupted upload left no readable checkpoint");
            var raw = await Raw.ReadAsync(checkpointKey);
            Mutation.Apply(kind, raw, Raw.IsSingleBlob, otherRaw, random);
            await Raw.WriteAsync(checkpointKey, raw);

            // What the damage left, as the store reads it: resumable only if it is still our header and a subset of
            // our parts (each record carries a CRC, so a damaged record is dropped or rejected, never changed).
            var damaged = await LoadAsync(checkpointKey);
            var stillOurs = damaged is not null && damaged.Header == original.Header && damaged.Parts.All(original.Parts.Contains);
            var initiatedBefore = target.InitiatedUploads;
            var attemptsBefore = target.PartAttempts.ToDictionary();
            var logsBefore = logs.Entries.Count;
            UploadResult result;
            try
            {
                result = await uploader.UploadAsync(new UploadRequest { SourcePath = source, Key = key });
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"iteration {i} ({kind}, seed {Seed + i}) crashed: {ex}");
            }

            var location = new ObjectLocation(string.Empty, key);
            Assert.True(expected.AsSpan().SequenceEqual(target.GetObject(location)), $"iteration {i} ({kind}): wrong object");
            Assert.False(await target.ListUploadsAsync(string.Empty, key).AnyAsync(u => u.Location == location), $"iteration {i} ({kind}): an incomplete upload was left behind");
            Assert.False(await Store.ListAsync().AnyAsync(e => e.Key == checkpointKey), $"iteration {i} ({kind}): the checkpoint was left behind");
            var sent = target.PartAttempts.Sum(a => a.Value - attemptsBefore.GetValueOrDefault(a.Key));
            Assert.False(target.PendingUploadIds.Contains(original.Header.UploadId), $"iteration {i} ({kind}): the interrupted upload {original.Header.UploadId} was left on the target");
            if (target.InitiatedUploads > initiatedBefore)
            {
                fresh[kind] = fresh.GetValueOrDefault(kind) + 1;
                Assert.True(logs.Messages.Skip(logsBefore).Any(m => m.Contains("cannot be resumed", StringComparison.Ordinal)), $"iteration {i} ({kind}): started fresh without logging why");
                Assert.False(stillOurs, $"iteration {i} ({kind}): started fresh although the checkpoint still held our header and {damaged?.Parts.Count} of our parts");
                Assert.Equal(0, result.ResumedParts);
                Assert.Equal(PartCount, sent);
            }
            else
            {
                resumed[kind] = resumed.GetValueOrDefault(kind) + 1;
                Assert.True(stillOurs, $"iteration {i} ({kind}): resumed a checkpoint the store reads as {(damaged is null ? "unreadable" : "another upload's or with foreign parts")}");
                Assert.Equal(damaged!.Parts.Count, result.ResumedParts);
                Assert.Equal(PartCount - result.ResumedParts, sent);
            }
        }

        Assert.Empty(target.PendingUploadIds.Except(await target.ListUploadsAsync(string.Empty, "other").Select(u => u.UploadId).ToListAsync()));
        foreach (var kind in Mutation.All)
        {
            output.WriteLine($"{kind}: {fresh.GetValueOrDefault(kind)} fresh starts, {resumed.GetValueOrDefault(kind)} valid resumes");
        }

        output.WriteLine($"{Iterations} corruptions: {fresh.Values.Sum()} fresh starts, {resumed.Values.Sum()} resumes, 0 crashes, 0 wrong objects, 0 orphans");
    }

    public void Dispose()
    {
        Scratch.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads a checkpoint through the store, as a resume would: <see langword="null"/> when it is missing or unreadable.</summary>
    private async Task<UploadCheckpoint?> LoadAsync(CheckpointKey key)
    {
        var lease = await Store.AcquireAsync(key);
        await using (lease)
        {
            try
            {
                return await lease.LoadAsync();
            }
            catch (CheckpointCorruptException)
            {
                return null;
            }
        }
    }

    private static async Task<CheckpointKey> InterruptAsync(ResumableUploader uploader, string source, string key, int parts)
    {
        using var cts = new CancellationTokenSource();
        var progress = new CancelAfter(parts, cts);
        try
        {
            await uploader.UploadAsync(new UploadRequest { SourcePath = source, Key = key, Progress = progress }, cts.Token);
            throw new InvalidOperationException("the upload was meant to be interrupted");
        }
        catch (OperationCanceledException)
        {
        }

        return CheckpointKey.For(source, uploader.Target.Identity, new ObjectLocation(string.Empty, key));
    }

    private sealed class CancelAfter(int parts, CancellationTokenSource cts) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value)
        {
            if (value.CompletedParts >= parts)
            {
                cts.Cancel();
            }
        }
    }
}

public sealed class FileStoreCorruptionFuzzTests : CheckpointCorruptionFuzzTests
{
    private readonly string directory;

    public FileStoreCorruptionFuzzTests(ITestOutputHelper output)
        : base(output)
    {
        directory = Scratch.SubDirectory("ckpt");
        Store = new FileCheckpointStore(directory);
        Raw = new FileRawCheckpointAccess(directory);
    }

    protected override ICheckpointStore Store { get; }

    protected override IRawCheckpointAccess Raw { get; }
}
