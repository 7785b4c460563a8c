"""Geometry for a small stacked bar chart drawn as inline SVG. Pure: numbers in, shapes out."""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    series: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    x: float
    label_x: float
    segments: list[Segment]


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class StackedChart:
    width: int
    height: int
    plot_top: float
    plot_bottom: float
    plot_left: float
    bars: list[Bar]
    ticks: list[Tick]
    max_value: int

    @property
    def tick_label_x(self) -> float:
        return self.plot_left - 6

    @property
    def bar_label_y(self) -> float:
        return self.height - 10


def nice_ceiling(value: int) -> int:
    """The next 'round' number at or above value (1, 2, 5, 10, 20, 50...), at least 1."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def stacked_bars(
    columns: list[tuple[str, dict[str, int]]],
    series: list[str],
    *,
    width: int = 800,
    height: int = 260,
    left: int = 36,
    top: int = 12,
    bottom: int = 28,
) -> StackedChart:
    """Lay out one bar per column, its series stacked bottom-up in the order given."""
    totals = [sum(values.get(name, 0) for name in series) for _label, values in columns]
    ceiling = nice_ceiling(max(totals, default=0))
    plot_bottom = height - bottom
    plot_height = plot_bottom - top
    slot = (width - left) / max(len(columns), 1)
    bar_width = slot * 0.62
    bars = []
    for index, ((label, values), total) in enumerate(zip(columns, totals, strict=True)):
        x = left + index * slot + (slot - bar_width) / 2
        y = plot_bottom
        segments = []
        for name in series:
            value = values.get(name, 0)
            if not value:
                continue
            segment_height = plot_height * value / ceiling
            y -= segment_height
            segments.append(
                Segment(
                    name,
                    value,
                    round(x, 1),
                    round(y, 1),
                    round(bar_width, 1),
                    round(segment_height, 1),
                )
            )
        bars.append(Bar(label, total, round(x, 1), round(x + bar_width / 2, 1), segments))
    values = [0, ceiling] if ceiling % 2 else [0, ceiling // 2, ceiling]
    ticks = [Tick(value, round(plot_bottom - plot_height * value / ceiling, 1)) for value in values]
    return StackedChart(width, height, top, plot_bottom, left, bars, ticks, ceiling)
