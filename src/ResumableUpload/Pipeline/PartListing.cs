namespace ResumableUpload.Pipeline;

/// <summary>What the target says about a checkpoint's upload: its parts, "no such upload", or nothing (not asked, or it cannot list).</summary>
internal sealed class PartListing
{
    private PartListing(IReadOnlyDictionary<int, UploadedPart>? parts, string? notFoundCode)
    {
        Parts = parts;
        NotFoundCode = notFoundCode;
    }

    /// <summary>Gets the listing of a target that was not asked (it cannot list parts): the ledger is trusted.</summary>
    public static PartListing NotListed { get; } = new(null, null);

    /// <summary>Gets the parts the target lists by number, or <see langword="null"/> when it was not asked or has no such upload.</summary>
    public IReadOnlyDictionary<int, UploadedPart>? Parts { get; }

    /// <summary>Gets the target's error code when it has no such upload, or <see langword="null"/>.</summary>
    public string? NotFoundCode { get; }

    public static PartListing Of(IEnumerable<UploadedPart> parts)
    {
        var byNumber = new Dictionary<int, UploadedPart>();
        foreach (var part in parts)
        {
            byNumber[part.PartNumber] = part;
        }

        return new(byNumber, null);
    }

    public static PartListing UploadNotFound(string errorCode) => new(null, errorCode);
}
