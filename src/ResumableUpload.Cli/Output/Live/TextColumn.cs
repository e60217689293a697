using Spectre.Console;
using Spectre.Console.Rendering;

namespace ResumableUpload.Cli.Output.Live;

/// <summary>The row's text, never wrapped.</summary>
internal sealed class TextColumn : ProgressColumn
{
    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        => new Text(task.Tag is LiveRow row ? row.Text : string.Empty) { Overflow = Overflow.Ellipsis };
}
