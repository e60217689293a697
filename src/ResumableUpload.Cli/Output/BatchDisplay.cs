using System.Collections.Concurrent;
using ResumableUpload.Cli.Output.Json;
using ResumableUpload.Cli.Output.Live;

namespace ResumableUpload.Cli.Output;

/// <summary>
/// A batch's progress display: the batch's progress, and, in the live display, a row per file in flight (through
/// <see cref="BatchOptions.FileProgress"/>, for a directory's files as for a list's).
/// </summary>
internal sealed class BatchDisplay
{
    private readonly ConcurrentDictionary<UploadRequestKey, UploadRow> rows = new();
    private readonly LiveDisplay? live;

    private BatchDisplay(IProgress<BatchProgress>? batch, LiveDisplay? live)
    {
        Batch = batch;
        this.live = live;
    }

    public IProgress<BatchProgress>? Batch { get; }

    public static async Task<T> RunAsync<T>(CliContext cli, ProgressMode mode, TimeSpan interval, Func<BatchDisplay, Task<T>> run)
    {
        switch (mode)
        {
            case ProgressMode.Bar:
                return await LiveDisplay.RunAsync(cli.LiveConsole(), cli.Stderr, display => run(new BatchDisplay(display.AddBatch(), display))).ConfigureAwait(false);
            case ProgressMode.Lines:
                var lines = new BatchProgressLines(cli.Error, interval);
                return await RunThenFinishAsync(lines, lines.Finish).ConfigureAwait(false);
            case ProgressMode.Json:
                var json = new JsonProgress(cli.Out, interval);
                return await RunThenFinishAsync(json, json.Finish).ConfigureAwait(false);
            default:
                return await run(new BatchDisplay(null, null)).ConfigureAwait(false);
        }

        // A throttled last report is written when the batch ends, however it ends.
        async Task<T> RunThenFinishAsync(IProgress<BatchProgress> progress, Action finish)
        {
            try
            {
                return await run(new BatchDisplay(progress, null)).ConfigureAwait(false);
            }
            finally
            {
                finish();
            }
        }
    }

    /// <summary>The progress of one file of the batch, shown as a row while it is in flight (live display only).</summary>
    public IProgress<UploadProgress>? File(UploadRequest request)
    {
        var key = request.Key;
        if (live is null)
        {
            return null;
        }

        return new FirstReportAddsRow(this, key);
    }

    /// <summary>Takes a finished file's row away.</summary>
    public void FileDone(UploadRequest request)
    {
        if (live is not null && rows.TryRemove(new UploadRequestKey(request.Key), out var row))
        {
            live.Remove(row);
        }
    }

    private readonly record struct UploadRequestKey(string Key);

    /// <summary>A file gets its row when it starts (its first report), not when the list names it.</summary>
    private sealed class FirstReportAddsRow(BatchDisplay display, string key) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value)
            => display.rows.GetOrAdd(new UploadRequestKey(key), k => display.live!.AddUpload(k.Key)).Report(value);
    }
}
