namespace ResumableUpload.Targets.Tests;

/// <summary>The object options the RGW and Azurite tests set, and the values they read back.</summary>
internal static class ObjectOptionsData
{
    public const string Disposition = "attachment; filename=\"all.csv\"";

    /// <summary>The headers as read back: content type, Cache-Control, Content-Encoding, Content-Disposition.</summary>
    public static readonly (string, string, string, string) Headers = ("text/csv", "max-age=60", "identity", Disposition);

    /// <summary>The tags as read back, key=value in order.</summary>
    public static readonly string[] Tags = ["path=a/b c=d", "team=data"];

    /// <summary>Content type, metadata origin=objopts, the headers and two tags (one with '/', ' ' and '='), plus the given rest.</summary>
    public static ObjectProperties All(string storageClass, ServerSideEncryption encryption, string? cannedAcl = null) => new()
    {
        ContentType = "text/csv",
        Metadata = new Dictionary<string, string> { ["origin"] = "objopts" },
        CacheControl = "max-age=60",
        ContentEncoding = "identity",
        ContentDisposition = Disposition,
        StorageClass = storageClass,
        Tags = new Dictionary<string, string> { ["team"] = "data", ["path"] = "a/b c=d" },
        CannedAcl = cannedAcl,
        Encryption = encryption,
    };
}
