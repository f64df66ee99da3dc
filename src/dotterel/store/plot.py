"""Charts from a store, drawn with matplotlib's Agg backend (no display, nothing downloaded).

``world_outline()`` gives the packaged Natural Earth 1:110m country outlines (public domain)
as polygons of (lon, lat) pairs; the service's web map uses the same function.
"""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _outline_data() -> dict:
    text = resources.files("dotterel.assets").joinpath("world_110m.json").read_text(encoding="utf-8")
    return json.loads(text)


def world_outline() -> list[list[tuple[float, float]]]:
    """Every ring of every country outline, as a list of (lon, lat) pairs."""
    return [[(x, y) for x, y in ring] for country in _outline_data()["countries"] for ring in country["rings"]]


def world_countries() -> list[dict]:
    """The outline by country: ``{"iso_a3", "name", "rings": [[(lon, lat), ...], ...]}``."""
    return [{"iso_a3": c["iso_a3"], "name": c["name"], "rings": [[(x, y) for x, y in r] for r in c["rings"]]}
            for c in _outline_data()["countries"]]


CHART_FORMATS = ("png", "svg", "pdf", "jpg", "jpeg", "webp", "tif", "tiff", "eps", "ps")


def check_chart_path(path: str | Path) -> None:
    """A chart's file name must end in a format matplotlib writes (none at all: PNG); else a
    ValueError with one clear message, raised before any query or drawing."""
    from .. import errors

    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix and suffix not in CHART_FORMATS:
        raise ValueError(errors.E111.format(suffix=suffix, formats=", ".join("." + f for f in CHART_FORMATS)))


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _periods(first: date, last: date, by: str) -> list[date]:
    """Every period start from first to last, so that quiet periods show as zero."""
    out = []
    current = first
    while current <= last:
        out.append(current)
        if by == "day":
            current += timedelta(days=1)
        elif by == "week":
            current += timedelta(days=7)
        else:
            current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def dyad_series(store, actor: str, recipient: str, by: str = "month", directed: bool = False, since=None,
                until=None) -> list[dict]:
    """Per period: cooperation and conflict events of actor -> recipient (and back unless directed)."""
    rows = store.dyads(by=by, actor=actor, recipient=recipient, since=since, until=until)
    if not directed and actor != recipient:
        rows += store.dyads(by=by, actor=recipient, recipient=actor, since=since, until=until)
    totals: dict[str, dict] = {}
    for row in rows:
        item = totals.setdefault(row["period"], {"period": row["period"], "cooperation": 0, "conflict": 0,
                                                 "events": 0})
        item["cooperation"] += row["cooperation"]
        item["conflict"] += row["conflict"]
        item["events"] += row["events"]
    if not totals:
        return []
    starts = sorted(date.fromisoformat(p) for p in totals)
    return [totals.get(d.isoformat(), {"period": d.isoformat(), "cooperation": 0, "conflict": 0, "events": 0})
            for d in _periods(starts[0], starts[-1], by)]


def plot_dyad(store, actor: str, recipient: str, path: str | Path, by: str = "month", directed: bool = False,
              since=None, until=None) -> int:
    """Bar chart of cooperative (up) and conflictual (down) events per period; returns the number
    of events drawn (0: an empty chart saying so)."""
    check_chart_path(path)
    plt = _pyplot()
    series = dyad_series(store, actor, recipient, by, directed, since, until)
    arrow = "→" if directed else "↔"
    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=110)
    try:
        if series:
            labels = [s["period"] if by != "month" else s["period"][:7] for s in series]
            x = range(len(series))
            ax.bar(x, [s["cooperation"] for s in series], color="#2b8a3e", label="cooperation (quad 1-2)")
            ax.bar(x, [-s["conflict"] for s in series], color="#c92a2a", label="conflict (quad 3-4)")
            ax.axhline(0, color="black", linewidth=0.8)
            step = max(1, len(labels) // 12)
            ax.set_xticks(list(x)[::step])
            ax.set_xticklabels(labels[::step], rotation=45, ha="right")
            ax.legend(loc="upper left", frameon=False)
            top = max(max(s["cooperation"] for s in series), max(s["conflict"] for s in series), 1)
            ax.set_ylim(-top * 1.15, top * 1.15)
            from matplotlib.ticker import MaxNLocator

            ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: whole numbers only
            ticks = [t for t in ax.get_yticks() if abs(t) <= top * 1.15]
            ax.set_yticks(ticks)
            ax.set_yticklabels([f"{abs(t):g}" for t in ticks])
        else:
            ax.text(0.5, 0.5, f"no events between {actor} and {recipient} in this store", ha="center",
                    va="center", transform=ax.transAxes)
            ax.set_xticks([])
            ax.set_yticks([])
        ax.set_ylabel("events (conflict below the line)")
        ax.set_title(f"{actor} {arrow} {recipient}: events per {by}")
        fig.tight_layout()
        fig.savefig(path, bbox_inches="tight")
    finally:
        plt.close(fig)
    return sum(s["events"] for s in series)


def plot_map(store, path: str | Path, **filters) -> int:
    """Event locations on the world outline: one dot per place, area by number of events,
    coloured by the mean PLOVER score; returns the number of located events."""
    check_chart_path(path)
    plt = _pyplot()
    where, params = store.filter_sql(**filters)
    sql = (f"SELECT round(lon, 2), round(lat, 2), count(*), avg(score) FROM events e{where}"
           f"{' AND' if where else ' WHERE'} e.lat IS NOT NULL AND e.lon IS NOT NULL GROUP BY 1, 2 ORDER BY 3 DESC")
    points = store.execute(sql, params)
    fig, ax = plt.subplots(figsize=(12, 6.2), dpi=110)
    try:
        for ring in world_outline():
            xs, ys = zip(*ring)
            ax.fill(xs, ys, facecolor="#eceff1", edgecolor="#90a4ae", linewidth=0.4, zorder=1)
        total = sum(p[2] for p in points)
        if points:
            sizes = [12 + 18 * (p[2] ** 0.5) for p in points]
            dots = ax.scatter([p[0] for p in points], [p[1] for p in points], s=sizes,
                              c=[p[3] if p[3] is not None else 0 for p in points], cmap="RdYlGn", vmin=-10, vmax=10,
                              edgecolors="black", linewidths=0.4, alpha=0.85, zorder=3)
            bar = fig.colorbar(dots, ax=ax, shrink=0.6, pad=0.01)
            bar.set_label("mean PLOVER score (conflict -10 … +10 cooperation)")
        ax.set_xlim(-180, 180)
        ax.set_ylim(-60, 85)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"{total} located events at {len(points)} places (dot area: events)")
        fig.tight_layout()
        fig.savefig(path, bbox_inches="tight")
    finally:
        plt.close(fig)
    return total
