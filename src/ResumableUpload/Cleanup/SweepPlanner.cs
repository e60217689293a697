namespace ResumableUpload.Cleanup;

/// <summary>
/// Decides, without side effects, which listed uploads a sweep aborts: those initiated at or before the cut-off that
/// no checkpoint of the uploader's store records.
/// </summary>
internal static class SweepPlanner
{
    public static SweepPlan Plan(IReadOnlyList<PendingUpload> uploads, DateTimeOffset cutoff, CheckpointedUploads checkpointed)
    {
        var toAbort = new List<PendingUpload>();
        var protectedUploads = new List<PendingUpload>();
        foreach (var upload in uploads)
        {
            if (upload.InitiatedAt > cutoff)
            {
                continue;
            }

            (checkpointed.Protects(upload) ? protectedUploads : toAbort).Add(upload);
        }

        return new SweepPlan(toAbort, protectedUploads);
    }
}

/// <summary>The uploads a sweep aborts, and the old ones it leaves because a checkpoint records them.</summary>
internal sealed record SweepPlan(IReadOnlyList<PendingUpload> ToAbort, IReadOnlyList<PendingUpload> Protected);
