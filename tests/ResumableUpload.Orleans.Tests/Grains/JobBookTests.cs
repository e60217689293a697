using ResumableUpload.Orleans.Grains;
using ResumableUpload.Orleans.Planning;
using Xunit;

namespace ResumableUpload.Orleans.Tests.Grains;

/// <summary>The job's decisions without a server: plan, lease with epochs, stale holders, re-lease, reconcile.</summary>
public sealed class JobBookTests
{
    private const long MiB = 1 << 20;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TargetCapabilities S3Like = new() { MinPartSize = 5 * MiB, MaxPartSize = 5L << 30, MaxPartCount = 10_000, CanListParts = true };

    [Fact]
    public void Plan_BigAndSmallFiles_RangesOfPartsAndGroupsOfFiles()
    {
        var book = Book(Spec(partsPerItem: 2, filesPerItem: 2, 23 * MiB, 1, 2, 3));

        // 23 MiB in 5 MiB parts: 5 parts in ranges 1-2, 3-4, 5; three small files in groups of two.
        Assert.Equal(5, book.State.Files[0].PartCount);
        Assert.All(book.State.Files.Skip(1), f => Assert.Equal(0, f.PartCount));
        Assert.Equal([(1, 2), (3, 4), (5, 5)], book.State.Items.Where(i => i.IsPartRange).Select(i => (i.FirstPart, i.LastPart)));
        Assert.Equal([[1, 2], [3]], book.State.Items.Where(i => !i.IsPartRange).Select(i => i.FileIndexes));
    }

    [Fact]
    public void TryLease_LeaseRunsOut_ReleasedToAnotherWithHigherEpochAndOldHolderStale()
    {
        var book = Book(Spec(partsPerItem: 10, filesPerItem: 1, 12 * MiB));
        var a = book.TryLease("A", T0)!;
        var epochA = a.Epoch;
        Assert.Null(book.TryLease("B", T0 + TimeSpan.FromSeconds(29)));

        var b = book.TryLease("B", T0 + TimeSpan.FromSeconds(30))!;

        Assert.Same(a, b);
        Assert.Equal(epochA + 1, b.Epoch);
        Assert.Equal(RecordOutcome.StaleEpoch, book.Check(b.Id, epochA, out _));
        Assert.Equal(RecordOutcome.Recorded, book.Check(b.Id, b.Epoch, out _));
    }

    [Fact]
    public void RecordPart_SamePartTwice_OneRecordAndReLeaseSkipsIt()
    {
        var book = Book(Spec(partsPerItem: 3, filesPerItem: 1, 12 * MiB));
        var item = book.TryLease("A", T0)!;
        book.RecordPart(item, new PartEntry(2, 5 * MiB, 5 * MiB, "\"e1\"", 1));
        book.RecordPart(item, new PartEntry(2, 5 * MiB, 5 * MiB, "\"e2\"", 1));

        Assert.Single(book.State.Files[0].Parts);
        Assert.Equal("\"e2\"", book.State.Files[0].Parts[2].ETag);
        Assert.Equal([1, 3], book.PartsToSend(item, 0));
    }

    [Fact]
    public void ResetParts_ListingLacksARecord_ItsItemReturnsToThePool()
    {
        var book = Book(Spec(partsPerItem: 1, filesPerItem: 1, 12 * MiB));
        book.State.Files[0].UploadId = "u";
        foreach (var n in new[] { 1, 2, 3 })
        {
            var item = book.TryLease("A", T0)!;
            book.RecordPart(item, new PartEntry(n, (n - 1) * 5 * MiB, n == 3 ? 2 * MiB : 5 * MiB, $"e{n}", (ulong)n));
            JobBook.FinishItem(item);
        }

        Assert.True(book.IsReadyToComplete(0));
        var missing = PartReconciler.Unconfirmed(book.State.Files[0].Parts.Values, [new UploadedPart(1, 5 * MiB, "e1"), new UploadedPart(2, 5 * MiB, "other"), new UploadedPart(3, 2 * MiB, "e3")]);
        book.ResetParts(0, missing);

        Assert.Equal([2], missing);
        Assert.False(book.IsReadyToComplete(0));
        var again = book.TryLease("B", T0)!;
        Assert.Equal(2, again.FirstPart);
        Assert.Equal([2], book.PartsToSend(again, 0));
    }

    [Fact]
    public void Release_TooManyFailures_FileFailsAndJobEndsFailed()
    {
        var book = Book(Spec(partsPerItem: 1, filesPerItem: 1, 1));
        for (var i = 0; i < 2; i++)
        {
            book.Release(book.TryLease("A", T0)!, "boom");
        }

        Assert.Null(book.TryLease("A", T0));
        Assert.True(book.TryFinish(T0));
        Assert.Equal(UploadJobState.Failed, book.State.State);
        Assert.Contains("boom", book.ToStatus("j").Errors.Single(), StringComparison.Ordinal);
    }

    private static JobSpec Spec(int partsPerItem, int filesPerItem, params long[] lengths)
        => new("j", [.. lengths.Select((l, i) => new FileSpec($"/f{i}", "b", $"k{i}", l, 0, Math.Min(l, 5 * MiB), 0))], TimeSpan.FromSeconds(30), partsPerItem, filesPerItem, MaxAttempts: 2);

    private static JobBook Book(JobSpec spec) => new(JobBook.Plan(spec, S3Like, 5 * MiB, "s3://test", ChecksumAlgorithm.Crc64Nvme, T0));
}
