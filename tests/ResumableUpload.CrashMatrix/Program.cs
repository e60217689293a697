using ResumableUpload.CrashMatrix;

// The crash matrix as a command: see MatrixSettings.Usage and tests/crash/run.sh.
// Exit 0 when every run verified; 1 on any mismatch, orphan, leftover checkpoint or failure; 2 on bad usage.
MatrixSettings settings;
try
{
    settings = MatrixSettings.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine("crash matrix: " + ex.Message);
    return 2;
}

var servers = ServerSettings.FromEnvironment();
if (servers.Missing(settings.Combinations) is { } missing)
{
    Console.Error.WriteLine("crash matrix: " + missing);
    return 2;
}

var report = await MatrixRunner.RunAsync(settings, servers, Console.Out, Console.Error);
return report.Clean ? 0 : 1;
