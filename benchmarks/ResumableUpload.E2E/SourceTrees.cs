using System.Globalization;

namespace ResumableUpload.E2E;

/// <summary>One generated directory of source files: where it is, what it holds, and each file's key and length.</summary>
internal sealed record SourceTree(string Name, string Root, long Files, long Bytes)
{
    /// <summary>Relative path ('/'-separated) and length of every file; read from disk when first asked.</summary>
    public IReadOnlyDictionary<string, long> Listing => listing ??= SourceTrees.List(Root);

    private IReadOnlyDictionary<string, long>? listing;
}

/// <summary>
/// The batch cases' source directories, generated once under the work folder by one process (deterministic seeds) and
/// reused while their manifest says they are complete: <c>small</c> (N files of one size), <c>mixed</c> (0 to 64 MiB,
/// empty and tiny files included, exactly the requested total), <c>many</c> (N files of 0–4 KiB, for memory).
/// </summary>
internal static class SourceTrees
{
    private const int Seed = 2026;
    private const long MaxMixedFile = 64L << 20;

    // File contents are slices of one random buffer: the bytes need not differ between files, and generating
    // a million files is then bound by file creation alone.
    private static readonly Lazy<byte[]> Noise = new(() =>
    {
        var bytes = new byte[MaxMixedFile];
        new Random(Seed).NextBytes(bytes);
        return bytes;
    });

    public static SourceTree Small(string work, int files, long fileSize)
        => Get(work, $"small-{files}x{fileSize}", Enumerable.Repeat(fileSize, files).ToList(), filesPerFolder: 1000);

    public static SourceTree Mixed(string work, long total) => Get(work, $"mixed-{total}", MixedSizes(total), filesPerFolder: 64);

    public static SourceTree Many(string work, int files)
    {
        var random = new Random(Seed);
        return Get(work, $"many-{files}", Enumerable.Range(0, files).Select(_ => (long)random.Next(0, 4097)).ToList(), filesPerFolder: 1000);
    }

    /// <summary>
    /// Sizes summing to exactly <paramref name="total"/>: three empty files, tiny ones (1 B to 4 KiB) one time in
    /// five, otherwise log-uniform between 4 KiB and 64 MiB, and one file of exactly 64 MiB; the last one takes what is left.
    /// </summary>
    public static List<long> MixedSizes(long total)
    {
        var random = new Random(Seed);
        var sizes = new List<long> { 0, 0, 0, 1, MaxMixedFile };
        var left = total - sizes.Sum();
        while (left > 0)
        {
            var size = random.Next(5) == 0
                ? random.NextInt64(1, 4097)
                : (long)Math.Exp(Math.Log(4096) + (random.NextDouble() * (Math.Log(MaxMixedFile) - Math.Log(4096))));
            size = Math.Min(size, left);
            sizes.Add(size);
            left -= size;
        }

        return sizes;
    }

    /// <summary>Deletes a tree and its manifest (the million-file one, at the end of a run).</summary>
    public static void Delete(SourceTree tree)
    {
        File.Delete(tree.Root + ".manifest");
        if (Directory.Exists(tree.Root))
        {
            Directory.Delete(tree.Root, recursive: true);
        }
    }

    /// <summary>Reads every file once so that every case starts from the page cache.</summary>
    public static void Warm(SourceTree tree)
    {
        var buffer = new byte[1 << 20];
        foreach (var path in Directory.EnumerateFiles(tree.Root, "*", SearchOption.AllDirectories))
        {
            using var file = File.OpenHandle(path);
            for (long offset = 0; RandomAccess.Read(file, buffer, offset) is var n && n > 0; offset += n)
            {
            }
        }
    }

    internal static Dictionary<string, long> List(string root)
    {
        var listing = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var info in new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            listing.Add(Path.GetRelativePath(root, info.FullName).Replace(Path.DirectorySeparatorChar, '/'), info.Length);
        }

        return listing;
    }

    private static SourceTree Get(string work, string name, List<long> sizes, int filesPerFolder)
    {
        var root = Path.Combine(work, "trees", name);
        var manifest = root + ".manifest";
        var expected = string.Create(CultureInfo.InvariantCulture, $"{sizes.Count} {sizes.Sum()}");
        var tree = new SourceTree(name, root, sizes.Count, sizes.Sum());
        if (File.Exists(manifest) && File.ReadAllText(manifest).Trim() == expected)
        {
            return tree;
        }

        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] generating {root} ({sizes.Count} files, {sizes.Sum()} bytes)");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var noise = Noise.Value;
        for (var i = 0; i < sizes.Count; i++)
        {
            // Folders of a bounded size, and every third folder one level deeper, so the walk recurses.
            var folder = i / filesPerFolder;
            var directory = folder % 3 == 2
                ? Path.Combine(root, $"d{folder / 3:D4}", $"sub{folder:D4}")
                : Path.Combine(root, $"d{folder:D4}");
            if (i % filesPerFolder == 0)
            {
                Directory.CreateDirectory(directory);
            }

            using var file = File.OpenHandle(Path.Combine(directory, $"f{i:D7}.bin"), FileMode.CreateNew, FileAccess.Write);
            var offset = (i * 4099L) % (noise.Length - 1);
            for (long done = 0; done < sizes[i];)
            {
                var chunk = (int)Math.Min(sizes[i] - done, noise.Length - offset);
                RandomAccess.Write(file, noise.AsSpan((int)offset, chunk), done);
                done += chunk;
                offset = 0;
            }
        }

        File.WriteAllText(manifest, expected);
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] generated {root}");
        return tree;
    }
}
