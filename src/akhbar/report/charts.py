"""The page's charts: altair specs rendered at build time to inline SVG by vl-convert (no JavaScript at view time).

Labels stay SVG <text>, so the viewer's browser shapes Arabic with its own fonts. Sizes are fixed, and the
ids vega writes (clip paths, gradients) are renamed per chart, so one page can hold many charts and the same
data always gives the same bytes.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import vl_convert as vlc

# Latin first so English labels use a UI face; Arabic-capable faces follow for Arabic letters.
CHART_FONT = (
    '"Segoe UI", "Noto Sans", "Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "Tahoma", "DejaVu Sans", sans-serif'
)
ACCENT = "#0f766e"
MUTED = "#9ca3af"
TYPE_COLORS = {
    "person": "#4c78a8",
    "organization": "#f58518",
    "country": "#54a24b",
    "location": "#72b7b2",
    "group": "#b279a2",
}
OTHER_COLOR = "#bab0ac"
PLOT_WIDTH = 300
WIDE_PLOT_WIDTH = 520
BAR_HEIGHT = {"step": 22}  # fixed band per bar: the SVG size depends only on the number of bars
LABEL_LIMIT = 280
WIDE_LABEL_LIMIT = 440

_ID_RE = re.compile(r'\bid="([^"]+)"')


def _config(chart: alt.Chart) -> alt.Chart:
    """The page's look: its fonts, no chart border, quiet axes."""
    return (
        chart.configure(font=CHART_FONT, background="transparent", padding=6)
        .configure_view(stroke=None)
        .configure_axis(
            labelFontSize=12,
            labelPadding=6,
            titleFontSize=12,
            titleFontWeight="normal",
            titleColor="#4b5563",
            labelColor="#1f2937",
            gridColor="#e5e7eb",
            domainColor="#9ca3af",
            tickColor="#9ca3af",
        )
        .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom", titleFontWeight="normal")
    )


def namespace_ids(svg: str, prefix: str) -> str:
    """Rename every id in an SVG (and the references to it) to ``prefix-N``, numbered in order of appearance."""
    mapping: dict[str, str] = {}
    for old in _ID_RE.findall(svg):
        mapping.setdefault(old, f"{prefix}-{len(mapping) + 1}")
    if not mapping:
        return svg
    names = "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True))
    svg = re.sub(rf'\bid="({names})"', lambda m: f'id="{mapping[m[1]]}"', svg)
    return re.sub(rf'(url\(#|href="#)({names})(?=[)"])', lambda m: f"{m[1]}{mapping[m[2]]}", svg)


def to_svg(chart: alt.Chart, key: str, title: str) -> str:
    """Render an altair chart to inline SVG with ids unique to ``key`` and an accessible title."""
    svg = vlc.vegalite_to_svg(_config(chart).to_dict(validate=False))
    svg = namespace_ids(svg, key)
    # Drop the XML prolog if any, and give the image a name for screen readers.
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(title)}" ', 1)


def _attr(text: str) -> str:
    """Escape text for an XML attribute."""
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def entities_by_type(df: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: entities of each type (label holds the Arabic type name)."""
    order = list(df["label"])
    colors = [TYPE_COLORS.get(t, OTHER_COLOR) for t in df["type"]]
    base = alt.Chart(df).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT, ticks=False, domain=False)),
        x=alt.X("entities:Q", title="entities", axis=alt.Axis(tickMinStep=1, format="d")),
    )
    bars = base.mark_bar(cornerRadiusEnd=3).encode(
        color=alt.Color("type:N", scale=alt.Scale(domain=list(df["type"]), range=colors), legend=None)
    )
    text = base.mark_text(align="left", dx=4, fontSize=11, color="#374151").encode(text="entities:Q")
    return (bars + text).properties(width=PLOT_WIDTH, height=BAR_HEIGHT)


def top_entities(df: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: the most mentioned entities, coloured by type, each with its `note` (count, in titles)."""
    order = list(df["label"])
    types = sorted(set(df["type"]))
    base = alt.Chart(df).encode(
        y=alt.Y(
            "label:N", sort=order, title=None, axis=alt.Axis(labelLimit=WIDE_LABEL_LIMIT, ticks=False, domain=False)
        ),
        x=alt.X("mentions:Q", title="mentions", axis=alt.Axis(tickMinStep=1, format="d")),
    )
    bars = base.mark_bar(cornerRadiusEnd=3).encode(
        color=alt.Color(
            "type:N",
            title="type",
            scale=alt.Scale(domain=types, range=[TYPE_COLORS.get(t, OTHER_COLOR) for t in types]),
        )
    )
    text = base.mark_text(align="left", dx=4, fontSize=11, color="#374151").encode(text="note:N")
    return (bars + text).properties(width=WIDE_PLOT_WIDTH, height=BAR_HEIGHT)


def stacked_bars(
    df: pd.DataFrame, first: str, total: str, parts: tuple[str, str], colors: tuple[str, str], measure: str, text: str
) -> alt.Chart:
    """Horizontal bars per `label`, split into ``first`` and ``total - first``, with ``text`` written after each bar."""
    order = list(df["label"])
    long = pd.concat(
        [
            pd.DataFrame({"label": df["label"], "part": parts[0], measure: df[first], "rank": 0}),
            pd.DataFrame({"label": df["label"], "part": parts[1], measure: df[total] - df[first], "rank": 1}),
        ],
        ignore_index=True,
    )
    bars = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT, ticks=False, domain=False)
            ),
            x=alt.X(f"{measure}:Q", title=measure, stack="zero", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("part:N", title=None, scale=alt.Scale(domain=list(parts), range=list(colors))),
            order=alt.Order("rank:Q"),
        )
    )
    labels = (
        alt.Chart(df.rename(columns={total: measure}))
        .mark_text(align="left", dx=4, fontSize=11, color="#374151")
        .encode(y=alt.Y("label:N", sort=order), x=alt.X(f"{measure}:Q"), text=text)
    )
    return (bars + labels).properties(width=PLOT_WIDTH, height=BAR_HEIGHT)


def money_by_currency(df: pd.DataFrame) -> alt.Chart:
    """Stacked bars per currency: figures with a US-dollar amount stated in the text and those without."""
    parts = ("amount in USD stated", "no USD amount")
    return stacked_bars(df, "with_usd", "figures", parts, (ACCENT, MUTED), "money figures", "usd_text:N")


def top_speakers(df: pd.DataFrame) -> alt.Chart:
    """Stacked bars per speaker: direct quotes (in quotation marks) and reported speech."""
    return stacked_bars(df, "direct", "quotes", ("direct", "reported"), ("#4c78a8", "#a5c8e4"), "quotes", "quotes:Q")


def articles_by_outlet_month(df: pd.DataFrame) -> alt.Chart:
    """Heat map: articles per outlet (rows) and publication month (columns), with counts written in."""
    months = sorted(set(df["month"]), key=lambda m: (m == "undated", m))
    outlets = sorted(set(df["outlet"]), key=lambda o: (o.startswith("("), o))
    base = alt.Chart(df).encode(
        x=alt.X(
            "month:O", sort=months, title="month published", axis=alt.Axis(labelAngle=0, ticks=False, domain=False)
        ),
        y=alt.Y("outlet:N", sort=outlets, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT, ticks=False, domain=False)),
    )
    rect = base.mark_rect(cornerRadius=3, stroke="white", strokeWidth=2).encode(
        color=alt.Color("articles:Q", title="articles", scale=alt.Scale(scheme="teals", domainMin=0), legend=None)
    )
    text = base.mark_text(fontSize=12, fontWeight="bold").encode(
        text="articles:Q",
        color=alt.condition(
            f"datum.articles > {max(1, int(df['articles'].max())) / 2}", alt.value("white"), alt.value("#1f2937")
        ),
    )
    width = {"step": 70} if len(months) > 3 else PLOT_WIDTH // 2
    return (rect + text).properties(width=width, height={"step": 30})
