namespace ResumableUpload.Cli.Tests.Batch;

/// <summary>
/// A seeded directory of mixed files for a batch: mostly tiny files, every tenth one empty, two of exactly one part
/// (the largest single put), and a handful of multipart files of two or three parts (and a few bytes), spread at random over 20 folders.
/// </summary>
internal sealed class BatchSource
{
    private BatchSource(string root, IReadOnlyDictionary<string, string> files, int empty, int multipart)
    {
        Root = root;
        Files = files;
        Empty = empty;
        Multipart = multipart;
    }

    public string Root { get; }

    /// <summary>Gets every file: its path relative to <see cref="Root"/> ('/' between names) and its full path.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    public int Empty { get; }

    public int Multipart { get; }

    public long TotalBytes => Files.Values.Sum(f => new FileInfo(f).Length);

    /// <param name="multipartFiles">How many files of 2 or 3 parts (plus a few bytes) of <paramref name="partSize"/>.</param>
    public static BatchSource Write(string root, int fileCount, long partSize, int multipartFiles, int seed)
    {
        var random = new Random(seed);
        var multipartAt = new HashSet<int>();
        while (multipartAt.Count < multipartFiles)
        {
            multipartAt.Add(random.Next(fileCount));
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        int empty = 0, onePart = 0;
        for (var i = 0; i < fileCount; i++)
        {
            long length;
            if (multipartAt.Contains(i))
            {
                length = (partSize * random.Next(2, 4)) + random.Next(1, 1000);
            }
            else if (i % 10 == 0)
            {
                length = 0;
                empty++;
            }
            else if (onePart < 2 && i % 10 == 5)
            {
                length = partSize;
                onePart++;
            }
            else
            {
                length = random.Next(1, 4097);
            }

            var relative = $"d{i % 20:D2}/f{i:D4}.bin";
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var bytes = new byte[length];
            random.NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            files.Add(relative, path);
        }

        return new BatchSource(root, files, empty, multipartFiles);
    }
}
