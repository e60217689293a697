using System.CommandLine;
using ResumableUpload.Cli.CommandLine;

namespace ResumableUpload.Cli.Commands;

/// <summary>
/// The command tree: <c>rupload upload|status|abort|list|sweep</c>, <c>--help</c>, <c>--version</c>. A new command is
/// one file with a <c>Create(CliContext)</c>, added to <see cref="Subcommands"/>.
/// </summary>
internal static class RuploadCommand
{
    public static RootCommand Create(CliContext cli, out Option<bool> version)
    {
        var root = new RootCommand("rupload: upload large files to object storage in parts, in parallel, resumably.");
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
        version = versionOption;
        root.Options.Add(versionOption);

        HelpSections.Install(root);

        // "rupload help" as well as "rupload --help"; "rupload" alone shows the help and fails (exit 2), as a mistake.
        var helpCommand = new Command("help", "Show this help.") { Hidden = true };
        helpCommand.SetAction(parse => WriteHelp(root, parse, ExitCodes.Success));
        root.Subcommands.Add(helpCommand);
        root.SetAction(parse => parse.GetValue(versionOption) ? VersionCommand.Run(cli) : WriteHelp(root, parse, ExitCodes.BadInput));
        return root;
    }

    private static IEnumerable<Command> Subcommands(CliContext cli) =>
    [
        UploadCommand.Create(cli),
        StatusCommand.Create(cli),
        AbortCommand.Create(cli),
        ListCommand.Create(cli),
        SweepCommand.Create(cli),
    ];

    private static int WriteHelp(RootCommand root, ParseResult parse, int exitCode)
    {
        root.Parse(["--help"]).Invoke(parse.InvocationConfiguration);
        return exitCode;
    }
}
