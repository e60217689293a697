using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ResumableUpload;

// dotnet run --project samples/TelemetryConsole -- <file> <output directory>: uploads the file to a local folder at
// most 50 MiB/s and prints the ResumableUpload activities and metrics with OpenTelemetry's console exporter.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: TelemetryConsole <file> <output directory>");
    return 2;
}

var (source, outDir) = (args[0], args[1]);
using var tracing = Sdk.CreateTracerProviderBuilder()
    .AddSource("ResumableUpload")
    .AddConsoleExporter()
    .Build();
using var metrics = Sdk.CreateMeterProviderBuilder()
    .AddMeter("ResumableUpload")
    .AddConsoleExporter()
    .Build();

var uploader = new ResumableUploader(new LocalFolderTarget(outDir), options: new UploadOptions { MaxBytesPerSecond = 50L << 20 });
var result = await uploader.UploadAsync(new UploadRequest { SourcePath = source, Key = "big.bin" });
Console.WriteLine($"uploaded {result.Length} bytes in {result.PartCount} parts");
return 0;
