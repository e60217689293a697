namespace ResumableUpload;

/// <summary>What a <see cref="ReopenableSource"/> is now.</summary>
/// <param name="Length">The length in bytes.</param>
/// <param name="Version">What changes when the content does (an HTTP ETag or Last-Modified), or <see langword="null"/> when unknown.</param>
public sealed record SourceDescription(long Length, string? Version);
