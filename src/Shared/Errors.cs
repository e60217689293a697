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
}
