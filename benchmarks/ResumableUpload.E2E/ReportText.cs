using System.Text;

namespace ResumableUpload.E2E;

/// <summary>What every end-to-end report shares: its header (command, commit, machine, load), Markdown lines, medians.</summary>
internal static class ReportText
{
    public static void Header(StringBuilder text, string title, HarnessOptions options, string machine, string versions, string loadBefore, string loadAfter)
    {
        var command = Environment.GetEnvironmentVariable("RUPLOAD_E2E_COMMAND") ?? "ResumableUpload.E2E run " + options.CommandLine;
        Line(text, title);
        Line(text);
        Line(text, $"- Command: `{command}`");
        Line(text, $"- Commit: {Environment.GetEnvironmentVariable("RUPLOAD_E2E_COMMIT") ?? "unknown"}; date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}");
        Line(text, $"- Machine: {machine}");
        Line(text, $"- Peers and server: {versions}");
        Line(text, $"- Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter}");
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}
