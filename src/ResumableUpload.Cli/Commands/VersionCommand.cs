using System.CommandLine;
using System.Reflection;

namespace ResumableUpload.Cli.Commands;

/// <summary><c>rupload --version</c>: prints <c>rupload &lt;informational version&gt;</c> (the package version, then <c>+commit</c> when built from git).</summary>
internal static class VersionCommand
{
    /// <summary>The informational version of this build, e.g. <c>0.1.0+9a1e64e…</c>.</summary>
    public static string Version { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionCommand).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>
    /// The option replaces System.CommandLine's own <c>--version</c>, which prints the bare version: ours prints the
    /// program's name too, and nothing may follow it ("rupload --version upload ..." is a mistake, see <see cref="CommandLine.UsageErrors"/>).
    /// </summary>
    public static Option<bool> Option() => new("--version") { Description = "Show the version and exit." };

    public static int Run(CliContext cli)
    {
        cli.Out.WriteLine("rupload " + Version);
        return ExitCodes.Success;
    }
}
