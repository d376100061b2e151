"""A bar chart for the terminal that draws the same figures the same way every time."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

from lwcore.tui.i18n import _


def shortened(label: str, width: int) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


class BarChart(PlotextPlot):
    """Horizontal bars, largest at the top, one text row per bar.

    Plotext spreads bars over the rows it is given, and a bar that straddles
    two rows is drawn twice; so the plot gets exactly as many rows as bars
    (the largest ones, if the widget is too low for all), computed from the
    widget's size at every render: the same figures at the same size always
    give the same picture.
    """

    #: Rows around the bars: the title, the frame's two lines and the ticks.
    FRAME_ROWS = 4

    def __init__(self, chart_title: str, *, id: str) -> None:
        super().__init__(id=id)
        self.chart_title = chart_title
        self.bars: tuple[tuple[str, int], ...] = ()

    def show_bars(self, bars: Sequence[tuple[str, int]]) -> None:
        self.bars = tuple(bars)
        self.refresh()

    def render(self) -> RenderResult:
        width, height = self.size
        if not self.bars:
            return Text(_("No consultations in this period."), style="dim")
        shown = self.bars[: max(0, height - self.FRAME_ROWS)]
        if width < 20 or not shown:
            return Text("")
        plt = self.plt
        plt.clear_figure()
        title = self.chart_title
        if len(shown) < len(self.bars):
            title = _("{title} (largest {count})").format(title=title, count=len(shown))
        label_width = max(8, min(24, width // 3))
        labels = [shortened(label, label_width) for label, _count in reversed(shown)]
        counts = [count for _label, count in reversed(shown)]
        step = max(1, -(-max(counts) // 5))
        ticks: list[float] = list(range(0, max(counts) + step, step))
        # Thin bars stay inside their own row.
        plt.bar(labels, counts, orientation="horizontal", width=0.1)
        plt.xlim(0, ticks[-1])
        plt.xticks(ticks)
        rows = len(shown) + self.FRAME_ROWS - 1  # the title is a line of its own
        plt.plotsize(width, rows)
        plt._set_size(width, rows)  # as PlotextPlot.render does: plotsize alone may not stick
        plt.theme(self._get_plotext_theme_name(self.app.theme))
        # The title above the plot, not in it: plotext drops a title wider than the plot.
        heading = Text(title, style="bold", overflow="ellipsis", no_wrap=True)
        heading.truncate(width, overflow="ellipsis")
        return Text("\n").join([heading, Text.from_ansi(plt.build())])
