namespace ResumableUpload.TestSupport;

public static class TestData
{
    public static byte[] RandomBytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static void WriteRandomFile(string path, long length, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[1 << 20];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (long done = 0; done < length;)
        {
            var n = (int)Math.Min(buffer.Length, length - done);
            random.NextBytes(buffer.AsSpan(0, n));
            file.Write(buffer, 0, n);
            done += n;
        }
    }

    public static bool FilesEqual(string a, string b)
    {
        var ia = new FileInfo(a);
        var ib = new FileInfo(b);
        if (!ia.Exists || !ib.Exists || ia.Length != ib.Length)
        {
            return false;
        }

        using var fa = ia.OpenRead();
        using var fb = ib.OpenRead();
        var ba = new byte[1 << 20];
        var bb = new byte[1 << 20];
        while (true)
        {
            var na = fa.ReadAtLeast(ba, ba.Length, throwOnEndOfStream: false);
            var nb = fb.ReadAtLeast(bb, bb.Length, throwOnEndOfStream: false);
            if (na != nb || !ba.AsSpan(0, na).SequenceEqual(bb.AsSpan(0, nb)))
            {
                return false;
            }

            if (na == 0)
            {
                return true;
            }
        }
    }
}
