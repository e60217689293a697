using Spectre.Console;
using Spectre.Console.Rendering;

namespace ResumableUpload.Cli.Output.Live;

/// <summary>The row's text, cut to <paramref name="width"/> columns (ending in …) so a row never wraps.</summary>
internal sealed class TextColumn(int width) : ProgressColumn
{
    protected override bool NoWrap => true;

    public override int? GetColumnWidth(RenderOptions options) => width;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var text = task.Tag is LiveRow row ? row.Text : string.Empty;
        return new Text(text.Length <= width ? text : text[..(width - 1)] + "…");
    }
}
