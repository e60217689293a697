using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ResumableUpload.Telemetry;

/// <summary>
/// The library's instruments, on one <see cref="Meter"/> named <c>ResumableUpload</c>: the process-wide one when the
/// uploader is built without an <see cref="IMeterFactory"/>, else the factory's (DI's <c>AddMetrics</c>), so a host
/// or a test can tell its uploaders' measurements apart. Every measurement carries the target kind
/// (<see cref="TargetKindTag"/>); a whole upload's also its outcome (<see cref="OutcomeTag"/>).
/// </summary>
internal sealed class UploadMetrics
{
    public const string TargetKindTag = "resumableupload.target.kind";

    public const string OutcomeTag = "resumableupload.outcome";

    public UploadMetrics(Meter meter)
    {
        Meter = meter;
        PartsUploaded = meter.CreateCounter<long>("resumableupload.parts.uploaded", "{part}", "Parts sent and accepted by the target.");
        PartsResumed = meter.CreateCounter<long>("resumableupload.parts.resumed", "{part}", "Parts a resume found already uploaded.");
        BytesUploaded = meter.CreateCounter<long>("resumableupload.bytes.uploaded", "By", "Bytes sent and accepted by the target.");
        Retries = meter.CreateCounter<long>("resumableupload.retries", "{retry}", "Requests retried after a transient error.");
        PartDuration = meter.CreateHistogram<double>("resumableupload.part.duration", "s", "Time to send one part, retries included.");
        UploadDuration = meter.CreateHistogram<double>("resumableupload.upload.duration", "s", "Time of a whole upload call, by outcome.");
    }

    /// <summary>Gets the instruments on the process-wide meter, for uploaders built without a meter factory.</summary>
    public static UploadMetrics Shared { get; } = new(new Meter(UploadTelemetry.Name, UploadTelemetry.Version));

    public Meter Meter { get; }

    public Counter<long> PartsUploaded { get; }

    public Counter<long> PartsResumed { get; }

    public Counter<long> BytesUploaded { get; }

    public Counter<long> Retries { get; }

    public Histogram<double> PartDuration { get; }

    public Histogram<double> UploadDuration { get; }

    /// <summary>The instruments on <paramref name="factory"/>'s meter, or the shared ones.</summary>
    public static UploadMetrics For(IMeterFactory? factory)
        => factory is null ? Shared : new UploadMetrics(factory.Create(new MeterOptions(UploadTelemetry.Name) { Version = UploadTelemetry.Version }));

    /// <summary>
    /// The kind of a target, from its identity's scheme: <c>s3</c>, <c>azblob</c>, <c>file</c>, <c>memory</c>…
    /// (a handful of values, so a fine metric tag; never the endpoint, bucket or anything else of the identity).
    /// </summary>
    public static string TargetKind(string identity)
    {
        var colon = identity.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? identity[..colon] : "unknown";
    }

    public static KeyValuePair<string, object?> Kind(string targetKind) => new(TargetKindTag, targetKind);

    public static TagList KindAndOutcome(string targetKind, string outcome) => new() { { TargetKindTag, targetKind }, { OutcomeTag, outcome } };
}
