namespace ResumableUpload.Cli.Output.Json;

/// <summary>
/// Progress as <c>{"event":"progress",…}</c> lines on stdout, at most once per interval and always the last: for an
/// upload, bytes recorded, bytes sent (in flight included) and in flight, parts, resumed bytes, rate and ETA; for a
/// batch, files and bytes.
/// </summary>
internal sealed class JsonProgress(TextWriter output, TimeSpan interval, TimeProvider? time = null) : IProgress<UploadProgress>, IProgress<BatchProgress>
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly long started = (time ?? TimeProvider.System).GetTimestamp();
    private readonly Lock gate = new();
    private TimeSpan? lastLine;
    private BatchProgress? lastBatch;
    private BatchProgress? writtenBatch;

    public void Report(UploadProgress value)
    {
        var now = clock.GetElapsedTime(started);
        if (!Due(now, ProgressText.IsFinal(value)))
        {
            return;
        }

        JsonLine.Write(output, "progress", json =>
        {
            json.WriteNumber("bytes", value.TransferredBytes);
            json.WriteNumber("sentBytes", value.SentBytes);
            json.WriteNumber("inFlightBytes", value.InFlightBytes);
            json.WriteNumber("totalBytes", value.TotalBytes);
            json.WriteNumber("parts", value.CompletedParts);
            json.WriteNumber("totalParts", value.TotalParts);
            json.WriteNumber("resumedBytes", value.ResumedBytes);
            json.WriteNumber("bytesPerSecond", Math.Round(ProgressText.Rate(value, now)));
            json.WriteSeconds("etaSeconds", ProgressText.Remaining(value, now));
        });
    }

    public void Report(BatchProgress value)
    {
        lock (gate)
        {
            lastBatch = value;
        }

        if (Due(clock.GetElapsedTime(started), final: false))
        {
            Write(value);
        }
    }

    /// <summary>Writes the batch's last report if a throttled line left it behind.</summary>
    public void Finish()
    {
        if (lastBatch is { } last && last != writtenBatch)
        {
            Write(last);
        }
    }

    private void Write(BatchProgress value)
    {
        writtenBatch = value;
        JsonLine.Write(output, "progress", json =>
        {
            json.WriteNumber("filesFinished", value.FilesFinished);
            json.WriteNumber("filesFound", value.FilesFound);
            json.WriteBoolean("listingComplete", value.ListingComplete);
            json.WriteNumber("filesUploaded", value.FilesUploaded);
            json.WriteNumber("filesSkipped", value.FilesSkipped);
            json.WriteNumber("filesFailed", value.FilesFailed);
            json.WriteNumber("bytes", value.BytesDone);
            json.WriteNumber("bytesFound", value.BytesFound);
            json.WriteNumber("bytesPerSecond", Math.Round(value.BytesPerSecond));
            json.WriteSeconds("etaSeconds", value.EstimatedRemaining);
        });
    }

    private bool Due(TimeSpan now, bool final)
    {
        lock (gate)
        {
            if (!final && lastLine is { } previous && now - previous < interval)
            {
                return false;
            }

            lastLine = now;
            return true;
        }
    }
}
