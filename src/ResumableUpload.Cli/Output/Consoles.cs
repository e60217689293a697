using Spectre.Console;

namespace ResumableUpload.Cli.Output;

/// <summary>
/// Spectre.Console consoles on the CLI's writers. ANSI, live redraws and tables with borders only on a terminal (or
/// when <c>--progress bar</c> asks for them); no colour when <c>NO_COLOR</c> is set to anything (no-color.org) or the
/// writer is not a terminal.
/// </summary>
internal static class Consoles
{
    private static readonly string[] ColourVariables = ["TERM", "COLORTERM", "NO_COLOR"];

    public static IAnsiConsole Create(TextWriter writer, bool terminal, Func<string, string?> environment, int? width = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = terminal && string.IsNullOrEmpty(environment("NO_COLOR")) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,

            // Colour depth is detected from these (and only these), read through the CLI's environment.
            EnvironmentVariables = ColourVariables
                .Select(name => (Name: name, Value: environment(name)))
                .Where(v => v.Value is not null)
                .ToDictionary(v => v.Name, v => v.Value!, StringComparer.Ordinal),
        });
        console.Profile.Width = width ?? (terminal ? TerminalWidth.Columns() : int.MaxValue / 2);
        return console;
    }
}
