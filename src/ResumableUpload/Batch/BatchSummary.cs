namespace ResumableUpload;

/// <summary>The totals of a batch: what was uploaded, skipped as already done, and failed (each failure with its path and reason).</summary>
public sealed class BatchSummary
{
    private readonly List<UploadOutcome> failures = [];

    /// <summary>Gets the files uploaded.</summary>
    public long Uploaded { get; private set; }

    /// <summary>Gets the files skipped as already done.</summary>
    public long Skipped { get; private set; }

    /// <summary>Gets the files that failed.</summary>
    public long Failed => failures.Count;

    /// <summary>Gets the bytes of the files uploaded.</summary>
    public long UploadedBytes { get; private set; }

    /// <summary>Gets the bytes of the files skipped.</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>Gets the failures, in the order they happened.</summary>
    public IReadOnlyList<UploadOutcome> Failures => failures;

    /// <summary>Reads every outcome of a batch and totals them.</summary>
    /// <param name="outcomes">The outcomes, as a batch method yields them.</param>
    /// <param name="onOutcome">Called with each outcome as it arrives, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the batch.</param>
    /// <returns>The totals.</returns>
    public static async Task<BatchSummary> CollectAsync(IAsyncEnumerable<UploadOutcome> outcomes, Action<UploadOutcome>? onOutcome = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var summary = new BatchSummary();
        await foreach (var outcome in outcomes.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            summary.Add(outcome);
            onOutcome?.Invoke(outcome);
        }

        return summary;
    }

    /// <summary>Adds one outcome to the totals.</summary>
    /// <param name="outcome">The outcome.</param>
    public void Add(UploadOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        switch (outcome.Status)
        {
            case UploadOutcomeStatus.Uploaded:
                Uploaded++;
                UploadedBytes += Math.Max(0, outcome.Length);
                break;
            case UploadOutcomeStatus.Skipped:
                Skipped++;
                SkippedBytes += Math.Max(0, outcome.Length);
                break;
            default:
                failures.Add(outcome);
                break;
        }
    }
}
