using System.Security.Cryptography;
using System.Text;

namespace ResumableUpload;

/// <summary>
/// The identity of a checkpoint: a hash of (absolute source path, target identity, bucket, key). Stores use
/// <see cref="Value"/> (32 lowercase hex digits) as a file name, a row key or a Redis key, so object keys with
/// quotes, newlines or slashes never reach a store verbatim.
/// </summary>
/// <param name="Value">32 lowercase hex digits.</param>
public readonly record struct CheckpointKey(string Value)
{
    /// <summary>Computes the key of an upload.</summary>
    /// <param name="sourcePath">The source path (made absolute).</param>
    /// <param name="targetIdentity">The target's identity.</param>
    /// <param name="location">The object.</param>
    /// <returns>The key.</returns>
    public static CheckpointKey For(string sourcePath, string targetIdentity, ObjectLocation location)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        return ForSource(Path.GetFullPath(sourcePath), targetIdentity, location);
    }

    /// <summary>The key of a source named by <paramref name="sourceId"/> as it is (a stream's or a URL's identity, or an absolute path).</summary>
    internal static CheckpointKey ForSource(string sourceId, string targetIdentity, ObjectLocation location)
    {
        ArgumentNullException.ThrowIfNull(targetIdentity);
        var text = string.Join('\0', sourceId, targetIdentity, location.Bucket, location.Key);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return new CheckpointKey(Convert.ToHexStringLower(hash, 0, 16));
    }

    /// <summary>Checks that <paramref name="value"/> has the form of a key (32 lowercase hex digits).</summary>
    /// <param name="value">The text.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public static bool IsWellFormed(string? value)
        => value is { Length: 32 } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <inheritdoc />
    public override string ToString() => Value;
}
