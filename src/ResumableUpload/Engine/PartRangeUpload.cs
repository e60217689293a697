using ResumableUpload.Pipeline;
using ResumableUpload.Sources;

namespace ResumableUpload.Engine;

/// <summary>
/// The hook a distributed worker (ResumableUpload.Orleans) uses: sends some parts of a multipart upload that someone
/// else initiated and will complete, through the same graph, budget, request limit and retry layer as a single-host
/// upload, recording each part through the caller's lease (the job grain's, fenced by its epoch). It neither
/// initiates, completes nor aborts: the caller owns those.
/// </summary>
internal static class PartRangeUpload
{
    /// <summary>Sends the parts numbered <paramref name="partNumbers"/> of the upload <paramref name="header"/> describes.</summary>
    /// <exception cref="SourceChangedException">The source ended before a part was read whole.</exception>
    /// <exception cref="CheckpointLockedException">The lease refused a record (a stale epoch).</exception>
    public static async Task RunAsync(TransferEngine engine, CheckpointHeader header, ICheckpointLease lease, IReadOnlyCollection<int> partNumbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(partNumbers);
        var layout = new PartLayout(header.Source.Length, header.PartSize, header.PartCount);
        var parts = new List<PartSpec>(partNumbers.Count);
        foreach (var number in partNumbers)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(number, 1, nameof(partNumbers));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(number, header.PartCount, nameof(partNumbers));
            parts.Add(layout.Part(number));
        }

        using var source = SourceFile.Open(header.Source.Path);
        var threads = engine.Options.PartsInFlight;
        using var pool = new PartArrayPool(header.PartSize, threads + 2, engine.StreamsParts(header.PartSize), engine.Memory);
        var progress = engine.Progress(null, header.Source.Length, header.PartCount);
        var graph = new UploadGraph(engine, lease, header, source, pool, new PartLedger(header.PartCount), progress, threads);
        try
        {
            await graph.RunAsync(parts, cancellationToken).ConfigureAwait(false);
        }
        catch (SourceEndedException ex)
        {
            throw ex.ToSourceChanged(header.Source.Path);
        }
    }
}
