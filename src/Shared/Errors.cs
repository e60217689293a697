namespace ResumableUpload.Shared;

/// <summary>
/// Messages that more than one package throws, written once. Each package compiles its own copy of this file (linked
/// in its project), as the Azure SDK shares its <c>Errors.*.cs</c>, so none has to see another's internals.
/// </summary>
internal static class Errors
{
    /// <summary>The part list given to complete is not 1, 2, 3, … in order.</summary>
    /// <param name="position">The 1-based position in the list.</param>
    /// <param name="partNumber">The part number found there.</param>
    /// <returns>The exception to throw.</returns>
    public static TargetException PartsOutOfOrder(int position, int partNumber)
        => new(TargetErrorKind.InvalidRequest, "InvalidPartOrder", $"Parts must be numbered from 1 without gaps; position {position} holds part {partNumber}.");

    /// <summary>A checkpoint store's lease expired and another upload took it over.</summary>
    /// <param name="key">The checkpoint key.</param>
    /// <returns>The exception to throw.</returns>
    public static CheckpointLockedException LeaseLost(CheckpointKey key)
        => new($"The lease on checkpoint {key} was lost: it expired and another upload took it over, so this one must not write, complete or abort.");

    /// <summary>A lease was asked to commit parts before its checkpoint was created or loaded.</summary>
    /// <param name="key">The checkpoint key.</param>
    /// <returns>The exception to throw.</returns>
    public static InvalidOperationException CheckpointMissing(CheckpointKey key)
        => new($"The checkpoint {key} does not exist: create or load it before committing parts.");

    /// <summary>Other uploads keep taking and releasing the checkpoint, so this one could not take it.</summary>
    /// <param name="key">The checkpoint key.</param>
    /// <returns>The exception to throw.</returns>
    public static CheckpointLockedException CheckpointContended(CheckpointKey key)
        => new($"The checkpoint {key} is being taken and released by other uploads.");

    /// <summary>A stored checkpoint records a part past the upload's part count.</summary>
    /// <param name="partNumber">The part number recorded.</param>
    /// <param name="partCount">The header's part count.</param>
    /// <returns>The exception to throw.</returns>
    public static CheckpointCorruptException PartBeyondUpload(int partNumber, int partCount)
        => new($"The checkpoint records part {partNumber} of an upload of {partCount} parts.");

    /// <summary>A store was given a key that is not 32 lowercase hex digits.</summary>
    /// <param name="key">The key.</param>
    /// <param name="paramName">The parameter's name.</param>
    /// <returns>The exception to throw.</returns>
    public static ArgumentException NotACheckpointKey(CheckpointKey key, string paramName)
        => new($"'{key.Value}' is not a checkpoint key (32 lowercase hex digits).", paramName);

    /// <summary>Throws <see cref="NotACheckpointKey"/> unless <paramref name="key"/> is well formed (a store's keys name its records).</summary>
    /// <param name="key">The key.</param>
    /// <param name="paramName">The parameter's name.</param>
    public static void ThrowIfNotACheckpointKey(CheckpointKey key, string paramName)
    {
        if (!CheckpointKey.IsWellFormed(key.Value))
        {
            throw NotACheckpointKey(key, paramName);
        }
    }
}
