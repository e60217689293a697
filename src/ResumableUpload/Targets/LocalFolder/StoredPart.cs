using System.Globalization;

namespace ResumableUpload.Targets.LocalFolder;

/// <summary>
/// A part on disk: placed, <paramref name="Length"/> bytes at <paramref name="Offset"/> of the upload's data file
/// <paramref name="Path"/>, recorded by <paramref name="Marker"/>; or staged, the whole file <paramref name="Path"/>.
/// </summary>
internal sealed record StoredPart(int Number, long Length, ulong Crc, string Path, long? Offset = null, string? Marker = null)
{
    /// <summary>Gets the file whose age tells which of two records of one part number is newer.</summary>
    public string MarkerPath => Marker ?? Path;

    /// <summary>Gives the ETag of a part (or object) with this CRC: its 16 hex digits.</summary>
    public static string ETagOf(ulong crc) => crc.ToString("x16", CultureInfo.InvariantCulture);
}
