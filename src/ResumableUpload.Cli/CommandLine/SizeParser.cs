using System.Globalization;

namespace ResumableUpload.Cli.CommandLine;

/// <summary>Parses sizes such as <c>8MiB</c>, <c>512KiB</c>, <c>1G</c>, <c>5000000</c> (binary units; KB/MB/GB are decimal).</summary>
internal static class SizeParser
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("T", 1L << 40), ("B", 1),
    ];

    /// <summary>Parses a rate such as <c>50MiB/s</c> or <c>800KiB</c> (per second either way); it must be more than zero.</summary>
    public static long ParseRate(string text, string option)
    {
        var trimmed = text.Trim();
        var size = trimmed.EndsWith("/s", StringComparison.OrdinalIgnoreCase) ? trimmed[..^2] : trimmed;
        var rate = Parse(size, option);
        return rate > 0 ? rate : throw new UsageException($"{option}: '{text}' must be more than 0 bytes per second (examples: 50MiB/s, 800KiB/s).");
    }

    public static long Parse(string text, string option)
    {
        var trimmed = text.Trim();
        long factor = 1;
        foreach (var (suffix, f) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && (suffix.Length > 1 || !trimmed.EndsWith("iB", StringComparison.OrdinalIgnoreCase)))
            {
                factor = f;
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number < 0)
        {
            throw new UsageException($"{option}: '{text}' is not a size (examples: 8MiB, 512KiB, 1GiB, 5000000).");
        }

        try
        {
            return checked((long)decimal.Round(number * factor));
        }
        catch (OverflowException)
        {
            throw new UsageException($"{option}: '{text}' is too large.");
        }
    }
}
