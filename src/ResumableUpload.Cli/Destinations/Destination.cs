namespace ResumableUpload.Cli.Destinations;

/// <summary>A parsed destination: the target to talk to and the object on it.</summary>
/// <param name="Target">The target.</param>
/// <param name="Location">The object.</param>
/// <param name="Display">How to show the destination (never with credentials).</param>
/// <param name="Owner">What to dispose when done (an SDK client), or <see langword="null"/>.</param>
internal sealed record Destination(IMultipartTarget Target, ObjectLocation Location, string Display, IDisposable? Owner = null);
