using Spectre.Console;
using Spectre.Console.Rendering;

namespace ResumableUpload.Cli.Output.Live;

/// <summary>
/// The bar: done and remaining drawn with different characters (━ and ─, or # and . without Unicode), so it reads
/// the same without colour (NO_COLOR); full only when done.
/// </summary>
internal sealed class BarColumn(int width) : ProgressColumn
{
    protected override bool NoWrap => true;

    public override int? GetColumnWidth(RenderOptions options) => width;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var fraction = task.Tag is LiveRow row ? Math.Clamp(row.Fraction, 0, 1) : 0;
        var done = (int)Math.Floor(fraction * width);
        var (doneChar, remainingChar) = options.Unicode ? ('━', '─') : ('#', '.');
        var doneStyle = new Style(foreground: fraction >= 1 ? Color.Green : Color.Yellow);
        return new Paragraph().Append(new string(doneChar, done), doneStyle).Append(new string(remainingChar, width - done), new Style(foreground: Color.Grey));
    }
}
