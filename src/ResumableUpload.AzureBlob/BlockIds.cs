using System.Globalization;
using System.Text;

namespace ResumableUpload.AzureBlob;

/// <summary>
/// Block ids of an upload: base64 of the fixed-length ASCII text <c>rupload-&lt;upload id&gt;-&lt;part number, 5 digits&gt;</c>
/// (46 bytes, 64 base64 characters). Azure wants every block id of a blob to have the same length, and the upload id
/// in the id keeps concurrent uploads to one blob apart.
/// </summary>
internal static class BlockIds
{
    private const string Prefix = "rupload-";
    private const int UploadIdLength = 32;
    private const int TextLength = 8 + UploadIdLength + 1 + 5;

    /// <summary>Gets the largest part number a block id can carry.</summary>
    public const int MaxPartNumber = 99_999;

    /// <summary>Makes a new upload id: 32 lowercase hex digits.</summary>
    public static string NewUploadId() => Guid.NewGuid().ToString("N");

    /// <summary>Gets whether <paramref name="uploadId"/> has the form this target issues.</summary>
    public static bool IsUploadId(string? uploadId) => uploadId is { Length: UploadIdLength } && uploadId.All(char.IsAsciiHexDigitLower);

    /// <summary>Gets the block id of a part.</summary>
    public static string For(string uploadId, int partNumber)
        => Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{uploadId}-{partNumber:D5}")));

    /// <summary>Reads the part number from a block id of <paramref name="uploadId"/>; <see langword="false"/> for any other block.</summary>
    public static bool TryParse(string blockId, string uploadId, out int partNumber)
    {
        partNumber = 0;
        Span<byte> text = stackalloc byte[TextLength + 3];
        if (!Convert.TryFromBase64String(blockId, text, out var written) || written != TextLength)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Prefix + uploadId + "-");
        return text[..expected.Length].SequenceEqual(expected)
            && int.TryParse(Encoding.ASCII.GetString(text.Slice(expected.Length, 5)), NumberStyles.None, CultureInfo.InvariantCulture, out partNumber)
            && partNumber > 0;
    }
}
