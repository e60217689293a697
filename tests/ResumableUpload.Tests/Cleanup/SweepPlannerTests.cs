using ResumableUpload.Cleanup;

namespace ResumableUpload.Tests.Cleanup;

public class SweepPlannerTests
{
    private static readonly DateTimeOffset Cutoff = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Plan_UploadsAroundTheCutoff_TakesThoseAtOrBeforeIt()
    {
        var before = Upload("a", Cutoff.AddDays(-1));
        var at = Upload("b", Cutoff);
        var after = Upload("c", Cutoff.AddTicks(1));

        var plan = SweepPlanner.Plan([before, at, after], Cutoff, CheckpointedUploads.None);

        Assert.Equal([before, at], plan.ToAbort);
        Assert.Empty(plan.Protected);
    }

    [Fact]
    public void Plan_OldUploadRecordedByIdOrByIntent_ProtectsItAndKeepsNewOnesOut()
    {
        var byId = Upload("a", Cutoff.AddDays(-2));
        var byIntent = Upload("b", Cutoff.AddDays(-2));
        var orphan = Upload("c", Cutoff.AddDays(-2));
        var recordedButNew = Upload("d", Cutoff.AddMinutes(1));
        var checkpointed = CheckpointedUploads.Of(["a", "d"], [byIntent.Location]);

        var plan = SweepPlanner.Plan([byId, byIntent, orphan, recordedButNew], Cutoff, checkpointed);

        Assert.Equal([orphan], plan.ToAbort);
        Assert.Equal([byId, byIntent], plan.Protected);
    }

    private static PendingUpload Upload(string id, DateTimeOffset initiatedAt) => new(new ObjectLocation("bucket", "key-" + id), id, initiatedAt);
}
