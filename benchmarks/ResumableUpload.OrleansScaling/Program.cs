using System.Globalization;
using System.Text;
using ResumableUpload.OrleansScaling;

// The Orleans coordination benchmark (issue 13). SIMULATED bandwidth: each silo's target is a sink behind a token
// bucket of --card MB/s standing for its own network card; all silos share this box's cores and one Redis.
//   scaling      1, 2 and 4 silos, --per-silo MiB each: aggregate MB/s, grain calls per part and per second
//   record-rate  one job grain, 1 and 8 callers recording --parts parts: records per second
// Usage: RUPLOAD_REDIS=host:port dotnet run -c Release -- scaling|record-rate [--card 50] [--per-silo 512] [--parts 2000] [--out file.md]
var mode = args.FirstOrDefault() ?? "scaling";
string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var card = long.Parse(Arg("--card", "50"), CultureInfo.InvariantCulture) * 1_000_000;
var perSilo = long.Parse(Arg("--per-silo", "512"), CultureInfo.InvariantCulture) << 20;
var parts = int.Parse(Arg("--parts", "2000"), CultureInfo.InvariantCulture);
var work = Directory.CreateTempSubdirectory("rupload-orleans-bench").FullName;
var report = new StringBuilder();
void Line(string text)
{
    Console.WriteLine(text);
    report.AppendLine(text);
}

var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
try
{
    if (mode == "scaling")
    {
        Line($"| silos | bytes | parts | wall s | aggregate MB/s | vs N x one silo | process CPU s | job + registry grain calls (no status polls) | calls per part | calls/s |");
        Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        ScalingResult? one = null;
        var results = new List<ScalingResult>();
        foreach (short n in new short[] { 1, 2, 4 })
        {
            var r = await ScalingResult.RunAsync(n, perSilo, card, work);
            one ??= r;
            results.Add(r);
            Line(string.Create(CultureInfo.InvariantCulture, $"| {n} | {r.Bytes >> 20} MiB | {r.Parts} | {r.Elapsed.TotalSeconds:0.0} | {r.MegabytesPerSecond:0.0} | {r.MegabytesPerSecond / (n * one.MegabytesPerSecond):0.00} | {r.Cpu.TotalSeconds:0.0} | {r.CoordinationCalls} | {(double)r.CoordinationCalls / r.Parts:0.00} | {r.CoordinationCalls / r.Elapsed.TotalSeconds:0} |"));
        }

        Line(string.Empty);
        Line("Grain calls by method at N = 4 (each is a request and a response message):");
        Line(string.Empty);
        foreach (var (method, count) in results[^1].Calls.OrderByDescending(c => c.Value))
        {
            Line($"- {method}: {count}");
        }
    }
    else
    {
        Line("| callers | records | wall s | records/s | first tenth records/s | last tenth records/s |");
        Line("|---:|---:|---:|---:|---:|---:|");
        foreach (var callers in new[] { 1, 8 })
        {
            var r = await RecordRateResult.RunAsync(callers, parts, work);
            Line(string.Create(CultureInfo.InvariantCulture, $"| {callers} | {r.Records} | {r.Elapsed.TotalSeconds:0.0} | {r.PerSecond:0} | {r.FirstTenthPerSecond:0} | {r.LastTenthPerSecond:0} |"));
        }
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

Line(string.Empty);
Line($"Load average (/proc/loadavg) before: {loadBefore}; after: {File.ReadAllText("/proc/loadavg").Trim()}");
if (Arg("--out", string.Empty) is { Length: > 0 } output)
{
    File.WriteAllText(output, report.ToString());
}
