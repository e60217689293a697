namespace ResumableUpload.Cli.Output;

/// <summary>
/// Upload progress as plain lines on stderr, <c>progress &lt;text&gt;</c> at most once per interval (and always the last),
/// for a stderr that is not a terminal. Reports arrive one at a time (the library serialises them), from the committer
/// or, for bytes in flight, from the thread reading a part. Showing progress is a
/// courtesy: a failure to write it turns it off and never fails the upload.
/// </summary>
internal sealed class ProgressLines : IProgress<UploadProgress>
{
    private readonly TextWriter output;
    private readonly TimeSpan interval;
    private readonly TimeProvider time;
    private readonly long started;
    private readonly Lock gate = new();
    private bool stopped;
    private bool sawFirstReport;

    // Null until the first line: "never written" is a state, not a sentinel time to subtract from.
    private TimeSpan? lastLine;

    public ProgressLines(TextWriter output, TimeSpan interval, TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        started = this.time.GetTimestamp();
        this.output = output;
        this.interval = interval;
    }

    public void Report(UploadProgress value)
    {
        lock (gate)
        {
            if (stopped)
            {
                return;
            }

            try
            {
                var now = time.GetElapsedTime(started);
                if (!sawFirstReport && value.ResumedBytes > 0)
                {
                    // Said once, on its own line, so whoever reran the command sees at once that nothing is sent twice.
                    output.WriteLine(ProgressText.Resuming(value));
                }

                sawFirstReport = true;
                if (ProgressText.IsFinal(value) || lastLine is not { } previous || now - previous >= interval)
                {
                    output.WriteLine("progress " + ProgressText.Describe(value, now));
                    lastLine = now;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                stopped = true;
                DisplayFailure.Warn(output, ex);
            }
        }
    }
}
