using System.Globalization;
using System.IO.Hashing;
using ResumableUpload.Shared;

namespace ResumableUpload.E2E;

/// <summary>
/// The ceiling: one thread reads the file part by part with positioned reads into one buffer and computes each part's
/// CRC-64/XZ (the uploader's default checksum). Nothing an uploader does can be cheaper and still read and check
/// every byte.
/// </summary>
internal static class ReadCrcCeiling
{
    public static int Run(string[] args)
    {
        var partSize = int.Parse(args[1], CultureInfo.InvariantCulture);
        var buffer = GC.AllocateUninitializedArray<byte>(partSize);
        using var file = File.OpenHandle(args[0]);
        var length = RandomAccess.GetLength(file);
        var combined = 0UL;
        for (long offset = 0; offset < length; offset += partSize)
        {
            var want = (int)Math.Min(partSize, length - offset);
            var read = 0;
            while (read < want)
            {
                var n = RandomAccess.Read(file, buffer.AsSpan(read, want - read), offset + read);
                read += n > 0 ? n : throw new EndOfStreamException();
            }

            combined ^= Crc64.HashToUInt64(CrcParameters.Crc64Xz, buffer.AsSpan(0, want));
        }

        Console.WriteLine(combined.ToString("x16", CultureInfo.InvariantCulture));
        return 0;
    }
}
