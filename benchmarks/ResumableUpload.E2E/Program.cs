using ResumableUpload.E2E;

// rupload's end-to-end harness. benchmarks/e2e/run.sh starts the servers and calls "run"; "crc", "tu" and "az" are the
// ceiling, the TransferUtility peer and the Azure SDK peer, run as child processes so that they are timed like every other case.
return args.FirstOrDefault() switch
{
    "run" when HarnessOptions.Parse(args[1..]) is { Batch: true } batch => await BatchHarness.RunAsync(batch),
    "run" when HarnessOptions.Parse(args[1..]) is { Stream: true } stream => await StreamHarness.RunAsync(stream),
    "run" when HarnessOptions.Parse(args[1..]) is { Bandwidth: true } bandwidth => await BandwidthHarness.RunAsync(bandwidth),
    "run" => await Harness.RunAsync(HarnessOptions.Parse(args[1..])),
    "crc" => ReadCrcCeiling.Run(args[1..]),
    "tu" => await TransferUtilityPeer.RunAsync(args[1..]),
    "tu-stream" => await TransferUtilityPeer.RunStreamAsync(args[1..]),
    "az" => await AzureSdkPeer.RunAsync(args[1..]),
    "tu-dir" => await TransferUtilityPeer.RunDirectoryAsync(args[1..]),
    "lib-dir" => await LibraryDirectoryUpload.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ResumableUpload.E2E run --size 2GiB --rupload <path> [--runs 3] [--part-size 8MiB] [--threads 3] [--sweep 256MiB,1GiB,4GiB] [--cases a,b] [--dir /tmp/rupload-e2e] [--out table.md]");
    Console.Error.WriteLine("       ResumableUpload.E2E run --batch --rupload <path> [--runs 3] [--files-in-flight 16] [--threads 16] [--part-size 8MiB] [--small-files 10000] [--mixed-size 2GiB] [--many-files 1000000] [--keep-trees] [--cases batch-small-rupload,...] [--dir ...] [--out ...]");
    Console.Error.WriteLine("       ResumableUpload.E2E run --stream --rupload <path> [--size 2GiB] [--runs 1] [--part-size 8MiB] [--threads 3] [--cases stream-rupload,...] [--dir ...] [--out ...]");
    Console.Error.WriteLine("       ResumableUpload.E2E run --bandwidth --rupload <path> [--size 256MiB] [--caps 10MiB,25MiB,50MiB] [--runs 1] [--part-size 8MiB] [--threads 3] [--dir ...] [--out ...]");
    Console.Error.WriteLine("       ResumableUpload.E2E crc <file> <part size bytes>");
    Console.Error.WriteLine("       ResumableUpload.E2E tu <file> <bucket> <key> <part size bytes> <threads>   (RUPLOAD_S3_* environment)");
    Console.Error.WriteLine("       ResumableUpload.E2E az <file> <container> <blob> <block size bytes> <threads>   (RUPLOAD_AZURE_CONNECTION_STRING environment)");
    Console.Error.WriteLine("       ResumableUpload.E2E tu-stream - <bucket> <key> <part size bytes> <threads>   (stdin a pipe; RUPLOAD_S3_* environment)");
    Console.Error.WriteLine("       ResumableUpload.E2E tu-dir <directory> <bucket> <key prefix> <part size bytes> <concurrency>   (RUPLOAD_S3_* environment)");
    Console.Error.WriteLine("       ResumableUpload.E2E lib-dir <directory> <bucket> <key prefix> <checkpoint dir> <part size bytes> <files in flight> <threads>   (RUPLOAD_S3_* environment)");
    return 2;
}
