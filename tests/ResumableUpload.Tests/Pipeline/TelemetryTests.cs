using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Pipeline;

/// <summary>
/// The library's instruments are static: every upload in the process feeds them. These tests run alone (a collection
/// that is never parallelised), so exact sums prove there is no double counting, and they keep only the activities
/// of their own trace.
/// </summary>
[CollectionDefinition(nameof(TelemetryRunsAlone), DisableParallelization = true)]
public sealed class TelemetryRunsAlone;

[Collection(nameof(TelemetryRunsAlone))]
public sealed class TelemetryTests : IDisposable
{
    private const long P = UploaderFixture.PartSize;
    private readonly UploaderFixture f = new();

    [Fact]
    public async Task UploadAsync_PartsWithRetries_CountsEachPartByteAndRetryExactlyOnce()
    {
        var path = f.Temp.RandomFile("src", (5 * P) + 7); // 6 parts
        f.Target.Faults.FailPart(2, times: 1);
        f.Target.Faults.FailPart(4, times: 2);
        using var metrics = new Measurements();

        await f.Uploader().UploadAsync(UploaderFixture.Request(path, key: "telemetry.bin"));

        Assert.Equal(6, metrics.Sum("resumableupload.parts.uploaded"));
        Assert.Equal((5 * P) + 7, metrics.Sum("resumableupload.bytes.uploaded"));
        Assert.Equal(3, f.Target.Faults.InjectedFaults);
        Assert.Equal(3, metrics.Sum("resumableupload.retries"));
        Assert.Equal(0, metrics.Count("resumableupload.parts.resumed"));
        Assert.Equal(6, metrics.Count("resumableupload.part.duration"));
        Assert.Equal(1, metrics.Count("resumableupload.upload.duration"));
    }

    [Fact]
    public async Task UploadAsync_Resumed_CountsTheResumedPartsAndOnlyTheRestAsUploaded()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        await InterruptAfterAsync(path, parts: 4);
        var checkpointed = await CheckpointedPartsAsync(path);
        Assert.InRange(checkpointed, 4, 9);
        using var metrics = new Measurements();

        var result = await f.Uploader().UploadAsync(UploaderFixture.Request(path));

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

        var result = await activities.InOwnTraceAsync(() => f.Uploader().UploadAsync(UploaderFixture.Request(path, key: "traced.bin")));

        var upload = Assert.Single(activities.Stopped, a => a.OperationName == "Upload");
        Assert.Contains(upload, activities.Started);
        Assert.Equal("ResumableUpload", upload.Source.Name);
        Assert.Equal(ActivityStatusCode.Unset, upload.Status);
        Assert.Equal("traced.bin", upload.GetTagItem("resumableupload.key"));
        Assert.Equal("completed", upload.GetTagItem("resumableupload.outcome"));
        Assert.NotNull(result.UploadId);
        Assert.Equal(result.UploadId, upload.GetTagItem("resumableupload.upload_id"));
        Assert.Equal((5 * P) + 7, upload.GetTagItem("resumableupload.bytes"));
        Assert.Equal(6, upload.GetTagItem("resumableupload.part_count"));
        Assert.Equal(0, upload.GetTagItem("resumableupload.resumed_parts"));
        var parts = activities.Stopped.Where(a => a.OperationName == "UploadPart").ToList();
        Assert.All(parts, p => Assert.Equal(upload.SpanId, p.ParentSpanId));
        Assert.Equal([1, 2, 3, 4, 5, 6], parts.Select(p => (int)p.GetTagItem("resumableupload.part.number")!).Order());
    }

    [Fact]
    public async Task UploadAsync_Failed_UploadActivityStopsWithAnErrorStatus()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        f.Target.Faults.FailPart(4, times: 100, TargetErrorKind.AccessDenied);
        using var activities = new Activities();

        await Assert.ThrowsAsync<TargetException>(() => activities.InOwnTraceAsync(() => f.Uploader().UploadAsync(UploaderFixture.Request(path))));

        var upload = Assert.Single(activities.Stopped, a => a.OperationName == "Upload");
        Assert.Equal(ActivityStatusCode.Error, upload.Status);
        Assert.Equal("failed", upload.GetTagItem("resumableupload.outcome"));
        Assert.Equal(typeof(TargetException).FullName, upload.GetTagItem("error.type"));
        Assert.Null(upload.GetTagItem("resumableupload.bytes"));
    }

    public void Dispose() => f.Dispose();

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
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => f.Uploader(UploaderFixture.FastOptions(threads: 1)).UploadAsync(UploaderFixture.Request(path, progress: progress), cts.Token));
    }

    private async Task<int> CheckpointedPartsAsync(string path)
    {
        var lease = await f.Store.AcquireAsync(CheckpointKey.For(path, f.Target.Identity, new ObjectLocation("b", "obj.bin")));
        await using (lease)
        {
            var checkpoint = await lease.LoadAsync() ?? throw new InvalidOperationException("no checkpoint");
            return checkpoint.Parts.Count;
        }
    }

    /// <summary>Every measurement of the ResumableUpload meter from construction to disposal.</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly ConcurrentQueue<(string Name, double Value)> recorded = new();
        private readonly MeterListener listener = new();

        public Measurements()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "ResumableUpload")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((i, v, _, _) => recorded.Enqueue((i.Name, v)));
            listener.SetMeasurementEventCallback<double>((i, v, _, _) => recorded.Enqueue((i.Name, v)));
            listener.Start();
        }

        public long Sum(string name) => (long)recorded.Where(m => m.Name == name).Sum(m => m.Value);

        public int Count(string name) => recorded.Count(m => m.Name == name);

        public void Dispose() => listener.Dispose();
    }

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
