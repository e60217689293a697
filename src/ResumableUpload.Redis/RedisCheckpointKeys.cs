using System.Text;
using StackExchange.Redis;

namespace ResumableUpload.Redis;

/// <summary>
/// Redis key names. Only a <see cref="CheckpointKey"/> (32 hex digits) follows the prefix, so no object key reaches
/// Redis; the key sits in braces so the hash and its lease share a cluster hash slot (scripts touch both).
/// </summary>
internal sealed class RedisCheckpointKeys(string prefix)
{
    private const string LeaseSuffix = ":lease";

    public string Prefix { get; } = prefix;

    /// <summary>Gets the SCAN pattern of checkpoint hashes (glob characters of the prefix escaped; braces are literal).</summary>
    public string ScanPattern { get; } = EscapeGlob(prefix) + "{*}";

    public RedisKey Checkpoint(CheckpointKey key) => Prefix + "{" + key.Value + "}";

    public RedisKey Lease(CheckpointKey key) => Prefix + "{" + key.Value + "}" + LeaseSuffix;

    public bool TryParseCheckpoint(string? name, out CheckpointKey key)
    {
        key = default;
        if (name is null || name.Length != Prefix.Length + 34 || !name.StartsWith(Prefix, StringComparison.Ordinal)
            || name[Prefix.Length] != '{' || name[^1] != '}')
        {
            return false;
        }

        var value = name.Substring(Prefix.Length + 1, 32);
        if (!CheckpointKey.IsWellFormed(value))
        {
            return false;
        }

        key = new CheckpointKey(value);
        return true;
    }

    private static string EscapeGlob(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
