namespace ResumableUpload.Benchmarks;

/// <summary>Random source files, made once per size and kept in $RUPLOAD_BENCH_DIR (default /tmp/rupload-bench).</summary>
internal static class BenchmarkFiles
{
    public static string Directory => Environment.GetEnvironmentVariable("RUPLOAD_BENCH_DIR") ?? Path.Combine(Path.GetTempPath(), "rupload-bench");

    public static string Get(long length)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"source-{length}.bin");
        if (new FileInfo(path) is { Exists: true } info && info.Length == length)
        {
            return path;
        }

        var random = new Random(42);
        var buffer = new byte[1 << 20];
        using (var file = new FileStream(path + ".tmp", FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
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
}
