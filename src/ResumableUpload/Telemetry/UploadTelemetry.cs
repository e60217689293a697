using System.Diagnostics;

namespace ResumableUpload.Telemetry;

/// <summary>
/// The one <see cref="ActivitySource"/> of the library, named <c>ResumableUpload</c> (the meter, of the same name, is
/// in <see cref="UploadMetrics"/>), and the tags of its <c>Upload</c> activity: target kind at the start, upload id and
/// part count once the upload exists, then the outcome, with the object's bytes, or an error status and the exception.
/// </summary>
internal static class UploadTelemetry
{
    public const string Name = "ResumableUpload";

    public const string UploadActivity = "Upload";

    public const string Completed = "completed";

    public const string Failed = "failed";

    public const string Cancelled = "cancelled";

    public static readonly string? Version = typeof(UploadTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    /// <summary>The outcome tag value of an upload that ended with <paramref name="exception"/>.</summary>
    public static string OutcomeOf(Exception exception) => exception is OperationCanceledException ? Cancelled : Failed;

    /// <summary>Tags the current <c>Upload</c> activity with the multipart upload it started or resumed.</summary>
    public static void UploadStarted(CheckpointHeader header)
    {
        if (Activity.Current is { OperationName: UploadActivity } activity && activity.Source == ActivitySource)
        {
            activity.SetTag("resumableupload.upload_id", header.UploadId);
            if (header.PartCount > 0)
            {
                activity.SetTag("resumableupload.part_count", header.PartCount);
            }
        }
    }

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
        activity.SetTag(UploadMetrics.OutcomeTag, Completed);
    }

    /// <summary>Tags the <c>Upload</c> activity of a call that ended without the object: an error status with the exception, unless cancelled.</summary>
    public static void UploadFailed(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(UploadMetrics.OutcomeTag, OutcomeOf(exception));
        if (exception is OperationCanceledException)
        {
            return;
        }

        activity.SetTag("error.type", exception.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.AddException(exception);
    }
}
