"""A sparkline against a fixed scale: a one-point move is a one-point step, not a full-height jump."""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from textual.app import RenderResult as AppRenderResult
from textual.renderables._blend_colors import blend_colors
from textual.renderables.sparkline import Sparkline as SparklineRenderable
from textual.widgets import Sparkline


class ScaledSparkline(Sparkline):
    """Textual's ``Sparkline`` drawn from *low* (an empty bar) to *high* (a full one) whatever the data's range.

    Textual's own stretches the data's minimum to maximum over the full height.
    """

    def __init__(self, *args: Any, low: float = 0.0, high: float = 100.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.low, self.high = low, high

    def render(self) -> AppRenderResult:
        drawn = super().render()
        assert isinstance(drawn, SparklineRenderable)
        return _FixedScale(drawn, self.low, self.high)


class _FixedScale:
    """Draws a Textual sparkline renderable's data, buckets and colours against a fixed scale."""

    def __init__(self, line: SparklineRenderable[Any], low: float, high: float) -> None:
        self.line, self.low, self.high = line, low, high

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = self.line
        width, height = line.width or options.max_width, line.height or 1
        if not line.data:
            yield from line.__rich_console__(console, options)
            return
        buckets = list(line._buckets(list(line.data), num_buckets=width))
        levels = len(line.BARS)
        top = levels * height - 1
        low_colour, high_colour = line.min_color.color, line.max_color.color
        assert low_colour is not None and high_colour is not None
        ratios = [
            min(1.0, max(0.0, (line.summary_function(buckets[int(i * len(buckets) / width)]) - self.low)
                         / ((self.high - self.low) or 1)))
            for i in range(width)
        ]
        for row in reversed(range(height)):
            for ratio in ratios:
                level = int(ratio * top)
                if level < row * levels:
                    yield Segment(" ")
                    continue
                bar = "█" if level >= (row + 1) * levels else line.BARS[level % levels]
                yield Segment(bar, Style.from_color(blend_colors(low_colour, high_colour, ratio)))
            if row > 0:
                yield Segment.line()
