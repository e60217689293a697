namespace ResumableUpload.Cli.Output;

/// <summary>
/// A batch's progress as plain lines on stderr, <c>progress files …</c> at most once per interval, and the last report
/// at the end. Reports arrive one at a time (the batch serializes them). A failure to write turns it off.
/// </summary>
internal sealed class BatchProgressLines(TextWriter output, TimeSpan interval, TimeProvider? time = null) : IProgress<BatchProgress>
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly long started = (time ?? TimeProvider.System).GetTimestamp();
    private readonly Lock gate = new();
    private TimeSpan? lastLine;
    private BatchProgress last;
    private BatchProgress written;
    private bool stopped;

    public void Report(BatchProgress value)
    {
        lock (gate)
        {
            last = value;
            var now = clock.GetElapsedTime(started);
            if (lastLine is { } previous && now - previous < interval)
            {
                return;
            }

            Write(value);
            lastLine = now;
        }
    }

    /// <summary>Writes the last report if a throttled line left it behind.</summary>
    public void Finish()
    {
        lock (gate)
        {
            if (lastLine is not null && last != written)
            {
                Write(last);
            }
        }
    }

    private void Write(BatchProgress value)
    {
        if (stopped)
        {
            return;
        }

        try
        {
            output.WriteLine("progress " + ProgressText.Describe(value));
            written = value;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stopped = true;
            DisplayFailure.Warn(output, ex);
        }
    }
}
