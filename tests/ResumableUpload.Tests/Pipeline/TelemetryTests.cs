using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ResumableUpload.Testing;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Pipeline;

/// <summary>
/// Exact telemetry, with tests running in parallel: each test's uploader records on its own meter (an
/// <see cref="IMeterFactory"/>, as DI hands in) and uploads to a target whose kind (its identity's scheme) is unique
/// to the test, so a listener keeps only that test's measurements; activities are kept by the test's own trace.
/// </summary>
public sealed class TelemetryTests : IDisposable
{
    private const long P = UploaderFixture.PartSize;
    private readonly UploaderFixture f = new();
    private readonly string kind = "mem" + Guid.NewGuid().ToString("N")[..10];
    private readonly InMemoryMultipartTarget target;
    private readonly TestMeterFactory meters = new();

    public TelemetryTests() => target = new InMemoryMultipartTarget(identity: kind + ":");

    [Fact]
    public async Task UploadAsync_PartsWithRetries_CountsEachPartByteAndRetryExactlyOnceTaggedWithTheTargetKind()
    {
        var path = f.Temp.RandomFile("src", (5 * P) + 7); // 6 parts
        target.Faults.FailPart(2, times: 1);
        target.Faults.FailPart(4, times: 2);
        using var metrics = new Measurements(i => i.Meter.Scope == meters);

        await Uploader().UploadAsync(UploaderFixture.Request(path, key: "telemetry.bin"));

        Assert.Equal(6, metrics.Sum("resumableupload.parts.uploaded"));
        Assert.Equal((5 * P) + 7, metrics.Sum("resumableupload.bytes.uploaded"));
        Assert.Equal(3, target.Faults.InjectedFaults);
        Assert.Equal(3, metrics.Sum("resumableupload.retries"));
        Assert.Equal(0, metrics.Count("resumableupload.parts.resumed"));
        Assert.Equal(6, metrics.Count("resumableupload.part.duration"));
        Assert.All(metrics.All, m => Assert.Equal(kind, m.Tags["resumableupload.target.kind"]));
        var upload = Assert.Single(metrics.Of("resumableupload.upload.duration"));
        Assert.Equal("completed", upload.Tags["resumableupload.outcome"]);
        Assert.Equal(2, upload.Tags.Count);
    }

    [Fact]
    public async Task UploadAsync_Resumed_CountsTheResumedPartsAndOnlyTheRestAsUploaded()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        await InterruptAfterAsync(path, parts: 4);
        var checkpointed = (await CheckpointAsync(path)).Parts.Count;
        Assert.InRange(checkpointed, 4, 9);
        using var metrics = new Measurements(i => i.Meter.Scope == meters);

        var result = await Uploader().UploadAsync(UploaderFixture.Request(path));

        Assert.Equal(checkpointed, result.ResumedParts);
        Assert.Equal(checkpointed, metrics.Sum("resumableupload.parts.resumed"));
        Assert.Equal(10 - checkpointed, metrics.Sum("resumableupload.parts.uploaded"));
        Assert.Equal((10 - checkpointed) * P, metrics.Sum("resumableupload.bytes.uploaded"));
        Assert.Equal(0, metrics.Sum("resumableupload.retries"));
    }

    [Fact]
    public async Task UploadAsync_Completed_UploadActivityCarriesItsTagsAndParentsOnePartActivityPerPart()
    {
        var path = f.Temp.RandomFile("src", (5 * P) + 7);
        using var activities = new Activities();

        var result = await activities.InOwnTraceAsync(() => Uploader().UploadAsync(UploaderFixture.Request(path, key: "traced.bin")));

        var upload = Assert.Single(activities.Stopped, a => a.OperationName == "Upload");
        Assert.Contains(upload, activities.Started);
        Assert.Equal("ResumableUpload", upload.Source.Name);
        Assert.Equal(ActivityStatusCode.Unset, upload.Status);
        Assert.Equal("traced.bin", upload.GetTagItem("resumableupload.key"));
        Assert.Equal(kind, upload.GetTagItem("resumableupload.target.kind"));
        Assert.Equal("completed", upload.GetTagItem("resumableupload.outcome"));
        Assert.NotNull(result.UploadId);
        Assert.Equal(result.UploadId, upload.GetTagItem("resumableupload.upload_id"));
        Assert.Equal((5 * P) + 7, upload.GetTagItem("resumableupload.bytes"));
        Assert.Equal(6, upload.GetTagItem("resumableupload.part_count"));
        Assert.Equal(0, upload.GetTagItem("resumableupload.resumed_parts"));
        Assert.Empty(upload.Events);
        var parts = activities.Stopped.Where(a => a.OperationName == "UploadPart").ToList();
        Assert.All(parts, p => Assert.Equal(upload.SpanId, p.ParentSpanId));
        Assert.Equal([1, 2, 3, 4, 5, 6], parts.Select(p => (int)p.GetTagItem("resumableupload.part.number")!).Order());
    }

    [Fact]
    public async Task UploadAsync_Failed_ActivityHasAnErrorStatusTheExceptionAndTheUploadAndMetricsTheOutcome()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        target.Faults.FailPart(4, times: 100, TargetErrorKind.AccessDenied);
        using var activities = new Activities();
        using var metrics = new Measurements(i => i.Meter.Scope == meters);

        var ex = await Assert.ThrowsAsync<TargetException>(() => activities.InOwnTraceAsync(() => Uploader().UploadAsync(UploaderFixture.Request(path))));

        var upload = Assert.Single(activities.Stopped, a => a.OperationName == "Upload");
        Assert.Equal(ActivityStatusCode.Error, upload.Status);
        Assert.Equal(ex.Message, upload.StatusDescription);
        Assert.Equal("failed", upload.GetTagItem("resumableupload.outcome"));
        Assert.Equal(typeof(TargetException).FullName, upload.GetTagItem("error.type"));
        Assert.Equal((await CheckpointAsync(path)).Header.UploadId, upload.GetTagItem("resumableupload.upload_id"));
        Assert.Equal(10, upload.GetTagItem("resumableupload.part_count"));
        Assert.Null(upload.GetTagItem("resumableupload.bytes"));
        var thrown = Assert.Single(upload.Events);
        Assert.Equal("exception", thrown.Name);
        Assert.Equal(typeof(TargetException).FullName, thrown.Tags.Single(t => t.Key == "exception.type").Value);
        Assert.Equal(ex.Message, thrown.Tags.Single(t => t.Key == "exception.message").Value);
        var duration = Assert.Single(metrics.Of("resumableupload.upload.duration"));
        Assert.Equal("failed", duration.Tags["resumableupload.outcome"]);
        Assert.Equal(kind, duration.Tags["resumableupload.target.kind"]);
    }

    [Fact]
    public async Task UploadAsync_Cancelled_OutcomeCancelledWithoutAnErrorStatus()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        using var activities = new Activities();
        using var metrics = new Measurements(i => i.Meter.Scope == meters);

        using var cts = new CancellationTokenSource();
        var progress = new RecordingProgress(p =>
        {
            if (p.CompletedParts >= 2)
            {
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => activities.InOwnTraceAsync(() => Uploader(UploaderFixture.FastOptions(threads: 1)).UploadAsync(UploaderFixture.Request(path, progress: progress), cts.Token)));

        var upload = Assert.Single(activities.Stopped, a => a.OperationName == "Upload");
        Assert.Equal(ActivityStatusCode.Unset, upload.Status);
        Assert.Equal("cancelled", upload.GetTagItem("resumableupload.outcome"));
        Assert.Empty(upload.Events);
        Assert.Equal("cancelled", Assert.Single(metrics.Of("resumableupload.upload.duration")).Tags["resumableupload.outcome"]);
    }

    [Fact]
    public async Task UploadAsync_NoMeterFactory_RecordsOnTheSharedMeterOfTheSameName()
    {
        var path = f.Temp.RandomFile("src", (2 * P) + 1); // 3 parts
        using var metrics = new Measurements(i => i.Meter.Name == "ResumableUpload" && i.Meter.Scope is null, kind);

        await new ResumableUploader(target, f.Store, UploaderFixture.FastOptions(), f.Logs).UploadAsync(UploaderFixture.Request(path));

        Assert.Equal(3, metrics.Sum("resumableupload.parts.uploaded"));
        Assert.Equal((2 * P) + 1, metrics.Sum("resumableupload.bytes.uploaded"));
        Assert.Equal("completed", Assert.Single(metrics.Of("resumableupload.upload.duration")).Tags["resumableupload.outcome"]);
    }

    public void Dispose()
    {
        meters.Dispose();
        f.Dispose();
    }

    private ResumableUploader Uploader(UploadOptions? options = null)
        => new(target, f.Store, options ?? UploaderFixture.FastOptions(), f.Logs, meterFactory: meters);

    private async Task InterruptAfterAsync(string path, int parts)
    {
        using var cts = new CancellationTokenSource();
        var progress = new RecordingProgress(p =>
        {
            if (p.CompletedParts >= parts)
            {
                cts.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Uploader(UploaderFixture.FastOptions(threads: 1)).UploadAsync(UploaderFixture.Request(path, progress: progress), cts.Token));
    }

    private async Task<UploadCheckpoint> CheckpointAsync(string path)
    {
        var lease = await f.Store.AcquireAsync(CheckpointKey.For(path, target.Identity, new ObjectLocation("b", "obj.bin")));
        await using (lease)
        {
            return await lease.LoadAsync() ?? throw new InvalidOperationException("no checkpoint");
        }
    }

    /// <summary>Meters of its own, as DI's <c>AddMetrics</c> gives: their scope is the factory.</summary>
    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly ConcurrentBag<Meter> created = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in created)
            {
                meter.Dispose();
            }
        }
    }

    /// <summary>The measurements of the instruments <c>enable</c> picks (and, if given, of one target kind), from construction to disposal.</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly ConcurrentQueue<Measured> recorded = new();
        private readonly MeterListener listener = new();
        private readonly string? onlyKind;

        public Measurements(Func<Instrument, bool> enable, string? onlyKind = null)
        {
            this.onlyKind = onlyKind;
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (enable(instrument))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Keep(i, v, tags));
            listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Keep(i, v, tags));
            listener.Start();
        }

        public IReadOnlyCollection<Measured> All => recorded;

        public IEnumerable<Measured> Of(string name) => recorded.Where(m => m.Name == name);

        public long Sum(string name) => (long)Of(name).Sum(m => m.Value);

        public int Count(string name) => Of(name).Count();

        public void Dispose() => listener.Dispose();

        private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var kept = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                kept[tag.Key] = tag.Value;
            }

            if (onlyKind is null || Equals(kept.GetValueOrDefault("resumableupload.target.kind"), onlyKind))
            {
                recorded.Enqueue(new Measured(instrument.Name, value, kept));
            }
        }
    }

    private sealed record Measured(string Name, double Value, Dictionary<string, object?> Tags);

    /// <summary>The ResumableUpload activities of one trace, started under a parent of the test's own.</summary>
    private sealed class Activities : IDisposable
    {
        private readonly ActivityListener listener;
        private readonly ConcurrentQueue<Activity> started = new();
        private readonly ConcurrentQueue<Activity> stopped = new();
        private ActivityTraceId trace;

        public Activities()
        {
            listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "ResumableUpload",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStarted = a => Keep(started, a),
                ActivityStopped = a => Keep(stopped, a),
            };
            ActivitySource.AddActivityListener(listener);
        }

        public IReadOnlyCollection<Activity> Started => started;

        public IReadOnlyCollection<Activity> Stopped => stopped;

        public async Task<T> InOwnTraceAsync<T>(Func<Task<T>> action)
        {
            using var parent = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
            trace = parent.TraceId;
            return await action();
        }

        public void Dispose() => listener.Dispose();

        private void Keep(ConcurrentQueue<Activity> into, Activity activity)
        {
            if (activity.TraceId == trace)
            {
                into.Enqueue(activity);
            }
        }
    }
}
