namespace ResumableUpload.E2E;

/// <summary>Random source files, generated once per size in the work folder and kept for later runs.</summary>
internal static class SourceFiles
{
    public static string Get(string directory, long length)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"source-{length}.bin");
        if (new FileInfo(path) is { Exists: true } info && info.Length == length)
        {
            return path;
        }

        Console.Error.WriteLine($"generating {path} ({Sizes.Format(length)})");
        var random = new Random(2026);
        var buffer = new byte[8 << 20];
        using (var file = new FileStream(path + ".tmp", FileMode.Create, FileAccess.Write, FileShare.None, 0))
        {
            for (long done = 0; done < length; done += buffer.Length)
            {
                random.NextBytes(buffer);
                file.Write(buffer, 0, (int)Math.Min(buffer.Length, length - done));
            }
        }

        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    /// <summary>Reads the file once so that every case starts from the page cache (the machine has RAM to spare).</summary>
    public static void Warm(string path)
    {
        var buffer = new byte[8 << 20];
        using var file = File.OpenHandle(path);
        for (long offset = 0; RandomAccess.Read(file, buffer, offset) is var n && n > 0; offset += n)
        {
        }
    }
}
