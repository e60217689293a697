using System.Globalization;

namespace ResumableUpload.Cli.Output;

/// <summary>
/// The text of a progress report, the same in the live display and in the lines scripts parse (README, "Progress
/// lines"): <c>  42.0% 3.4 MiB of 8.0 MiB, parts 3/8, 1.1 MiB/s, ETA 0:04</c> and
/// <c>files 3/10+ (1 skipped), 1.2 MiB of 4.0 MiB+, 1.1 MiB/s, ETA ?</c>. The percentage and the bytes are what the
/// target has read (<see cref="UploadProgress.SentBytes"/>: they move inside a part in flight); the parts are the
/// recorded ones. The rate counts only the bytes sent by this run (not what a resume found done), so the ETA is
/// honest after a resume.
/// </summary>
internal static class ProgressText
{
    private static readonly TimeSpan MaxEta = TimeSpan.FromDays(100);

    public static string Describe(UploadProgress p, TimeSpan elapsed)
    {
        var rate = Rate(p, elapsed);
        if (!p.IsTotalKnown)
        {
            // A stream without a size hint: bytes and rate only, no percentage or ETA.
            var verified = p.ResumedBytes > 0 ? $" ({ByteFormat.Size(p.ResumedBytes)} verified, not sent)" : string.Empty;
            return string.Create(CultureInfo.InvariantCulture, $"{ByteFormat.Size(p.SentBytes)}{verified}, parts {p.CompletedParts}, {ByteFormat.Rate(rate)}");
        }

        var remaining = p.TotalBytes - p.SentBytes;
        var seconds = rate > 0 ? remaining / rate : double.PositiveInfinity;
        var eta = remaining <= 0 ? "0:00" : seconds < MaxEta.TotalSeconds ? ByteFormat.Duration(TimeSpan.FromSeconds(seconds)) : "?";
        var percent = (p.SentFraction * 100).ToString("0.0", CultureInfo.InvariantCulture);
        return $"{percent,5}% {ByteFormat.Size(p.SentBytes)} of {ByteFormat.Size(p.TotalBytes)}, parts {p.CompletedParts}/{p.TotalParts}, {ByteFormat.Rate(rate)}, ETA {eta}";
    }

    /// <summary>The bytes per second this run sent (resumed bytes excluded).</summary>
    public static double Rate(UploadProgress p, TimeSpan elapsed)
        => elapsed.TotalSeconds > 0 ? (p.SentBytes - p.ResumedBytes) / elapsed.TotalSeconds : 0;

    /// <summary>Whether the report is the last of an upload (a stream's part count is known only at its end: 0 until then).</summary>
    public static bool IsFinal(UploadProgress p) => p.TotalParts > 0 && p.CompletedParts >= p.TotalParts;

    /// <summary>The estimated time left, or <see langword="null"/> while nothing moves.</summary>
    public static TimeSpan? Remaining(UploadProgress p, TimeSpan elapsed)
    {
        var rate = Rate(p, elapsed);
        var remaining = p.TotalBytes - p.SentBytes;
        if (!p.IsTotalKnown)
        {
            return null;
        }

        return remaining <= 0 ? TimeSpan.Zero : rate > 0 && remaining / rate < MaxEta.TotalSeconds ? TimeSpan.FromSeconds(remaining / rate) : null;
    }

    public static string Resuming(UploadProgress p) => string.Create(
        CultureInfo.InvariantCulture,
        $"rupload: resuming: {p.CompletedParts} of {p.TotalParts} parts ({ByteFormat.Size(p.ResumedBytes)}) were uploaded by an earlier run");

    public static string Describe(BatchProgress p)
    {
        var found = p.FilesFound.ToString(CultureInfo.InvariantCulture) + (p.ListingComplete ? string.Empty : "+");
        var extra = new List<string>(2);
        if (p.FilesSkipped > 0)
        {
            extra.Add(string.Create(CultureInfo.InvariantCulture, $"{p.FilesSkipped} skipped"));
        }

        if (p.FilesFailed > 0)
        {
            extra.Add(string.Create(CultureInfo.InvariantCulture, $"{p.FilesFailed} failed"));
        }

        var eta = p.EstimatedRemaining is { } remaining
            ? (remaining < MaxEta ? ByteFormat.Duration(remaining) : "?")
            : (IsDone(p) ? "0:00" : "?");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"files {p.FilesFinished}/{found}{(extra.Count > 0 ? " (" + string.Join(", ", extra) + ")" : string.Empty)}, {ByteFormat.Size(p.BytesDone)} of {ByteFormat.Size(p.BytesFound)}{(p.ListingComplete ? string.Empty : "+")}, {ByteFormat.Rate(p.BytesPerSecond)}, ETA {eta}");
    }

    /// <summary>The batch's fraction done; full only once files were found and all finished (they count as found when they start).</summary>
    public static double Fraction(BatchProgress p)
        => IsDone(p) ? 1 : p.ListingComplete && p.BytesFound > 0 ? Math.Clamp((double)p.BytesDone / p.BytesFound, 0, 1) : 0;

    private static bool IsDone(BatchProgress p) => p.ListingComplete && p.FilesFound > 0 && p.FilesFinished >= p.FilesFound;
}
