using System.Diagnostics.Metrics;

namespace ResumableUpload.Tests.Pipeline;

public class TelemetryTests : IDisposable
{
    private readonly UploaderFixture f = new();

    [Fact]
    public async Task UploadAsync_EmitsPartAndByteCountersOnTheResumableUploadMeter()
    {
        var measurements = new System.Collections.Concurrent.ConcurrentBag<(string Name, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ResumableUpload")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => measurements.Add((i.Name, v)));
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => measurements.Add((i.Name, v)));
        listener.Start();

        var path = f.Temp.RandomFile("src", 5 * UploaderFixture.PartSize);
        f.Target.Faults.FailPart(2, 1);
        await f.Uploader().UploadAsync(UploaderFixture.Request(path, key: "telemetry.bin"));

        Assert.True(measurements.Where(m => m.Name == "resumableupload.parts.uploaded").Sum(m => m.Value) >= 5);
        Assert.True(measurements.Where(m => m.Name == "resumableupload.bytes.uploaded").Sum(m => m.Value) >= 5 * UploaderFixture.PartSize);
        Assert.Contains(measurements, m => m.Name == "resumableupload.retries");
        Assert.Contains(measurements, m => m.Name == "resumableupload.part.duration");
    }

    public void Dispose() => f.Dispose();
}
