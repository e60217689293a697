namespace ResumableUpload.Orleans.Grains;

/// <summary>Before completing, the job's records against the target's listing: a record counts only if the target lists that part with the same size and ETag.</summary>
internal static class PartReconciler
{
    /// <summary>Returns the numbers of recorded parts the listing does not confirm.</summary>
    public static List<int> Unconfirmed(IEnumerable<PartEntry> recorded, IEnumerable<UploadedPart> listed)
    {
        var onServer = new Dictionary<int, UploadedPart>();
        foreach (var part in listed)
        {
            onServer[part.PartNumber] = part;
        }

        return [.. recorded
            .Where(p => !onServer.TryGetValue(p.Number, out var s) || s.Length != p.Length || !string.Equals(s.ETag, p.ETag, StringComparison.Ordinal))
            .Select(p => p.Number)
            .Order()];
    }
}
