using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ResumableUpload.Telemetry;

/// <summary>The one <see cref="Meter"/> and one <see cref="ActivitySource"/> of the library, both named <c>ResumableUpload</c>.</summary>
internal static class UploadTelemetry
{
    public const string Name = "ResumableUpload";

    private static readonly string? Version = typeof(UploadTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    public static readonly Counter<long> PartsUploaded = Meter.CreateCounter<long>("resumableupload.parts.uploaded", "{part}", "Parts sent and accepted by the target.");

    public static readonly Counter<long> PartsResumed = Meter.CreateCounter<long>("resumableupload.parts.resumed", "{part}", "Parts a resume found already uploaded.");

    public static readonly Counter<long> BytesUploaded = Meter.CreateCounter<long>("resumableupload.bytes.uploaded", "By", "Bytes sent and accepted by the target.");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("resumableupload.retries", "{retry}", "Requests retried after a transient error.");

    public static readonly Histogram<double> PartDuration = Meter.CreateHistogram<double>("resumableupload.part.duration", "s", "Time to send one part, retries included.");

    public static readonly Histogram<double> UploadDuration = Meter.CreateHistogram<double>("resumableupload.upload.duration", "s", "Time of a whole upload call.");

    /// <summary>Tags the <c>Upload</c> activity of a call that completed the object.</summary>
    public static void UploadCompleted(Activity? activity, UploadResult result)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("resumableupload.upload_id", result.UploadId);
        activity.SetTag("resumableupload.bytes", result.Length);
        activity.SetTag("resumableupload.part_count", result.PartCount);
        activity.SetTag("resumableupload.resumed_parts", result.ResumedParts);
        activity.SetTag("resumableupload.outcome", "completed");
    }

    /// <summary>Tags the <c>Upload</c> activity of a call that ended without the object: an error status, unless cancelled.</summary>
    public static void UploadFailed(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        if (exception is OperationCanceledException)
        {
            activity.SetTag("resumableupload.outcome", "cancelled");
            return;
        }

        activity.SetTag("resumableupload.outcome", "failed");
        activity.SetTag("error.type", exception.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
    }
}
