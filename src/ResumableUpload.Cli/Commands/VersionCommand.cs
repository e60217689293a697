using System.Reflection;
using ResumableUpload.Cli.CommandLine;

namespace ResumableUpload.Cli.Commands;

/// <summary><c>rupload --version</c>: prints <c>rupload &lt;informational version&gt;</c> (the package version, then <c>+commit</c> when built from git).</summary>
internal static class VersionCommand
{
    public const string Usage = "rupload --version";

    /// <summary>The informational version of this build, e.g. <c>0.1.0+9a1e64e…</c>.</summary>
    public static string Version { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionCommand).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static Task<int> RunAsync(IEnumerable<string> tokens, CliContext cli)
    {
        // Nothing may follow: "rupload --version upload ..." is a mistake, not a request to print the version.
        var args = Arguments.Parse(tokens, [], []);
        args.ExpectPositionals(0, Usage);
        cli.Out.WriteLine("rupload " + Version);
        return Task.FromResult(ExitCodes.Success);
    }
}
