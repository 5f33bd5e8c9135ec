using Spectre.Console;
using Spectre.Console.Rendering;

namespace Binance.Lake.Cli.Rendering;

/// <summary>A progress column showing live text (counters that are not the bar's own value).</summary>
internal sealed class TextColumn(Func<string> text) : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Markup(Markup.Escape(text()), new Style(Color.Grey));
}
