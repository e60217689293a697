using System.CommandLine;

namespace ResumableUpload.Cli.CommandLine;

/// <summary>The one-line usage of a command, from its definition (so it cannot drift from the parser).</summary>
internal static class Usage
{
    public static string Of(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command c; symbol = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? "rupload" : c.Name);
        }

        var arguments = command.Arguments.Where(a => !a.Hidden).Select(a => $"<{a.HelpName ?? a.Name}>");
        return string.Join(' ', [.. names, .. arguments, "[options]"]);
    }
}
