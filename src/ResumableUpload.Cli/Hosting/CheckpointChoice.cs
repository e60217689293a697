namespace ResumableUpload.Cli.Hosting;

/// <summary>The checkpoint store that <c>--checkpoint</c> chose.</summary>
/// <param name="Use">Chooses the store on the builder that <c>AddResumableUpload</c> returns; <see langword="null"/> for <c>none</c>.</param>
/// <param name="Display">How to show the store (never with credentials).</param>
internal sealed record CheckpointChoice(Action<IResumableUploadBuilder>? Use, string Display)
{
    /// <summary>Gets the choice of no store (<c>--checkpoint none</c>, or a command that needs none).</summary>
    public static CheckpointChoice None { get; } = new(null, "none");
}
