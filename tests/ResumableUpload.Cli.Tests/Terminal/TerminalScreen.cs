using System.Text.RegularExpressions;

namespace ResumableUpload.Cli.Tests.Terminal;

/// <summary>What a terminal was sent, read the way it shows it: a bar line's frames overwrite each other at each <c>\r</c>.</summary>
public sealed partial class TerminalScreen(string raw)
{
    /// <summary>Everything sent, escape sequences and carriage returns included.</summary>
    public string Raw { get; } = raw;

    /// <summary>The lines as the terminal leaves them: each is what follows its last <c>\r</c>, without escape sequences.</summary>
    public IReadOnlyList<string> Lines => Raw.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(Visible).ToList();

    /// <summary>The last line the bar was drawn on: the last one redrawn in place (holding a <c>\r</c> before its end).</summary>
    public int BarLineIndex
    {
        get
        {
            var lines = Raw.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            for (var i = lines.Length - 1; i >= 0; i--)
            {
                if (lines[i].Contains('\r', StringComparison.Ordinal) && lines[i].Contains("parts ", StringComparison.Ordinal))
                {
                    return i;
                }
            }

            throw new Xunit.Sdk.XunitException("no bar line (a line redrawn with \\r) on the screen:\n" + Raw);
        }
    }

    /// <summary>The bar's last frame: the text after the last <c>\r</c> on the bar line.</summary>
    public string LastFrame => Lines[BarLineIndex];

    /// <summary>How many frames were drawn on the bar line.</summary>
    public int FrameCount => Raw.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')[BarLineIndex].Count(c => c == '\r');

    public bool Shows(string text) => Lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    public override string ToString() => string.Join('\n', Lines);

    private static string Visible(string line) => Escape().Replace(line.Split('\r')[^1], string.Empty).TrimEnd();

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex Escape();
}
