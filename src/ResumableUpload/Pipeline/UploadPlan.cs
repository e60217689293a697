using ResumableUpload.Cleanup;

namespace ResumableUpload.Pipeline;

/// <summary>What the <see cref="ResumePlanner"/> decided for one upload: a value, executed by the session.</summary>
internal abstract record UploadPlan
{
    private UploadPlan()
    {
    }

    /// <summary>No checkpoint: start a new upload.</summary>
    internal sealed record Fresh : UploadPlan;

    /// <summary>Resume the checkpoint, its ledger reduced to the parts that are really done.</summary>
    internal sealed record Resume(UploadCheckpoint Checkpoint) : UploadPlan;

    /// <summary>The checkpoint cannot be resumed: abort <paramref name="Abort"/>, delete the checkpoint, start a new upload.</summary>
    internal sealed record DiscardThenFresh(string Reason, UploadsToAbort Abort) : UploadPlan;
}
