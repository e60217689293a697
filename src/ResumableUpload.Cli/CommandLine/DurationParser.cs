using System.Globalization;

namespace ResumableUpload.Cli.CommandLine;

/// <summary>Parses durations such as <c>0s</c>, <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>, or <c>hh:mm:ss</c>.</summary>
internal static class DurationParser
{
    public static TimeSpan Parse(string text, string option)
    {
        var t = text.Trim();
        if (t.Length > 1 && char.IsAsciiLetter(t[^1]))
        {
            var unit = t[^1];
            if (double.TryParse(t[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n >= 0)
            {
                switch (char.ToLowerInvariant(unit))
                {
                    case 's': return TimeSpan.FromSeconds(n);
                    case 'm': return TimeSpan.FromMinutes(n);
                    case 'h': return TimeSpan.FromHours(n);
                    case 'd': return TimeSpan.FromDays(n);
                }
            }
        }
        else if (TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            return span;
        }

        throw new UsageException($"{option}: '{text}' is not a duration (examples: 0s, 90s, 15m, 2h, 7d).");
    }
}
