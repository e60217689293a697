namespace ResumableUpload.Cli.Output;

/// <summary>The terminal's width in columns, for a bar that must fit on one row.</summary>
internal static class TerminalWidth
{
    /// <summary>What is assumed when the terminal does not say (a redirected console, a pseudo-terminal never sized).</summary>
    public const int Default = 80;

    public static int Columns()
    {
        try
        {
            var width = Console.WindowWidth;
            return width > 0 ? width : Default;
        }
        catch (IOException)
        {
            return Default;
        }
        catch (PlatformNotSupportedException)
        {
            return Default;
        }
    }
}
