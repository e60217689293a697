using System.Globalization;

namespace ResumableUpload.Cli.Output.Json;

/// <summary>The <c>result</c> objects of <c>upload</c> (one file, a batch) under <c>--json</c>.</summary>
internal static class JsonResults
{
    public static void Upload(TextWriter output, string source, string destination, UploadResult result)
        => JsonLine.Result(output, "upload", json =>
        {
            json.WriteString("source", source);
            json.WriteString("destination", destination);
            json.WriteNumber("bytes", result.Length);
            json.WriteNumber("parts", result.PartCount);
            json.WriteNumber("partSize", result.PartSize);
            json.WriteNumber("resumedParts", result.ResumedParts);
            json.WriteBoolean("completed", result.Completed);
            json.WriteString("checksumAlgorithm", result.Algorithm.ToString());
            json.WriteString("checksum", result.Crc.ToString("x16", CultureInfo.InvariantCulture));
            json.WriteBoolean("checksumVerifiedByTarget", result.CrcVerifiedByTarget);
            json.WriteString("etag", result.ETag);
        });

    public static void Batch(TextWriter output, BatchSummary summary, string destination, TimeSpan elapsed, bool interrupted, Func<UploadOutcome, string> reason)
        => JsonLine.Result(output, "upload", json =>
        {
            json.WriteString("destination", destination);
            json.WriteNumber("uploaded", summary.Uploaded);
            json.WriteNumber("skipped", summary.Skipped);
            json.WriteNumber("failed", summary.Failed);
            json.WriteNumber("bytes", summary.UploadedBytes);
            json.WriteSeconds("seconds", elapsed);
            json.WriteBoolean("interrupted", interrupted);
            json.WriteArray("failures", summary.Failures, (j, failure) =>
            {
                j.WriteString("source", failure.Request.SourcePath);
                j.WriteString("key", failure.Request.Key);
                j.WriteString("reason", reason(failure));
                j.WriteBoolean("resumable", failure.IsResumable);
            });
        });
}
