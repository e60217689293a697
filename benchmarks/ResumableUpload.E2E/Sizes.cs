using System.Globalization;

namespace ResumableUpload.E2E;

/// <summary>Sizes as people write them: <c>2GiB</c>, <c>256MiB</c>, <c>8M</c> (binary), or bytes.</summary>
internal static class Sizes
{
    private static readonly (string Suffix, long Factor)[] Units =
        [("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30)];

    public static long Parse(string text)
    {
        foreach (var (suffix, factor) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return long.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture) * factor;
            }
        }

        return long.Parse(text, CultureInfo.InvariantCulture);
    }

    public static string Format(long bytes) => bytes switch
    {
        _ when bytes >= 1L << 30 && bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        _ when bytes >= 1L << 20 && bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        _ => $"{bytes} B",
    };
}
