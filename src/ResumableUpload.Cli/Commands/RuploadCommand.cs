using System.CommandLine;
using ResumableUpload.Cli.CommandLine;

namespace ResumableUpload.Cli.Commands;

/// <summary>
/// The command tree: <c>rupload upload|status|abort|list|sweep|worker</c>, <c>--help</c>, <c>--version</c>. A new command is
/// one file with a <c>Create(CliContext)</c>, added to <see cref="Subcommands"/>.
/// </summary>
internal static class RuploadCommand
{
    public static RuploadCommandLine Create(CliContext cli)
    {
        // Named for help whatever hosts it (dotnet rupload.dll, the installed tool, a test process).
        var root = new RootCommand("rupload: upload large files to object storage in parts, in parallel, resumably.") { HelpName = "rupload" };
        foreach (var command in Subcommands(cli))
        {
            root.Subcommands.Add(command);
        }

        // System.CommandLine's --version prints the bare version; ours says whose it is.
        foreach (var builtIn in root.Options.OfType<VersionOption>().ToList())
        {
            root.Options.Remove(builtIn);
        }

        var versionOption = VersionCommand.Option();
        root.Options.Add(versionOption);

        // On every command (recursive): stdout then carries one JSON object per line, nothing else.
        var json = new Option<bool>("--json") { Description = "Machine-readable output: one JSON object per line on stdout (progress events, then the result).", Recursive = true };
        root.Options.Add(json);

        HelpSections.Install(root);

        // "rupload help" as well as "rupload --help"; "rupload" alone shows the help and fails (exit 2), as a mistake.
        var helpCommand = new Command("help", "Show this help.") { Hidden = true };
        helpCommand.SetAction(parse => WriteHelp(root, parse, ExitCodes.Success));
        root.Subcommands.Add(helpCommand);
        root.SetAction(parse => parse.GetValue(versionOption) ? VersionCommand.Run(cli) : WriteHelp(root, parse, ExitCodes.BadInput));
        return new RuploadCommandLine(root, versionOption, json);
    }

    private static IEnumerable<Command> Subcommands(CliContext cli) =>
    [
        UploadCommand.Create(cli),
        StatusCommand.Create(cli),
        AbortCommand.Create(cli),
        ListCommand.Create(cli),
        SweepCommand.Create(cli),
        Cluster.WorkerCommand.Create(cli),
    ];

    private static int WriteHelp(RootCommand root, ParseResult parse, int exitCode)
    {
        root.Parse(["--help"]).Invoke(parse.InvocationConfiguration);
        return exitCode;
    }
}

/// <summary>The command tree and the root options the runner reads before any command runs.</summary>
internal sealed record RuploadCommandLine(RootCommand Root, Option<bool> Version, Option<bool> Json);
