"""From the workers' raw runs to medians, ratios, targets and the Markdown table of the README.

Each workload compares chaingrad with one baseline engine (micrograd 0.1.0, or
the "modern" reference engine). Every number in the table is a median over
all the samples an engine produced for a workload (all its processes pooled),
with the smallest and largest sample in brackets. The ratio is the baseline's
median divided by chaingrad's: how many times faster (or, for memory, smaller)
chaingrad is.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Any

from benchmarks.engines import compared_engines


def spread(values: list[float]) -> dict[str, float]:
    """The median, smallest and largest of ``values``, and how many there are.

    >>> spread([3.0, 1.0, 2.0, 10.0])
    {'median': 2.5, 'min': 1.0, 'max': 10.0, 'count': 4}
    """
    if not values:
        raise ValueError("spread() needs at least one value; got an empty list")
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "count": len(values)}


@dataclass(frozen=True)
class Target:
    """What a workload must reach: a ratio baseline / chaingrad of at least ``min_ratio``,
    or chaingrad at most ``max_value`` (in the workload's unit).

    >>> Target(min_ratio=5.0).is_met(ratio=6.2, chaingrad_median=0.1)
    True
    >>> Target(max_value=200).describe('bytes')
    '≤ 200 B per node'
    """

    min_ratio: float | None = None
    max_value: float | None = None

    def is_met(self, ratio: float, chaingrad_median: float) -> bool:
        if self.min_ratio is not None:
            return ratio >= self.min_ratio
        if self.max_value is not None:
            return chaingrad_median <= self.max_value
        return True

    def describe(self, unit: str) -> str:
        if self.min_ratio is not None:
            return f"≥ {self.min_ratio:g}x"
        if self.max_value is not None:
            return f"≤ {self.max_value:g} B per node" if unit == "bytes" else f"≤ {self.max_value:g} {unit}"
        return "none"


def _three_digits(number: float) -> str:
    """``number`` with three significant digits, trailing zeros kept (up to 999)."""
    decimals = 2 if abs(number) < 10 else 1 if abs(number) < 100 else 0
    return f"{number:.{decimals}f}"


def _scale(value: float, unit: str) -> tuple[float, str]:
    """The divisor and suffix that show ``value`` best: s, ms or µs for times, B for sizes."""
    if unit == "bytes":
        return 1.0, "B"
    for scale, suffix in ((1.0, "s"), (1e-3, "ms")):
        if abs(value) >= scale:
            return scale, suffix
    return 1e-6, "µs"


def format_quantity(value: float, unit: str) -> str:
    """A time in s / ms / µs, or a size in bytes, with three significant digits.

    >>> format_quantity(0.01234, 'seconds'), format_quantity(2.5, 'seconds'), format_quantity(151.7, 'bytes')
    ('12.3 ms', '2.50 s', '152 B')
    """
    scale, suffix = _scale(value, unit)
    if unit == "bytes":
        return f"{value:.0f} B"
    return f"{_three_digits(value / scale)} {suffix}"


def format_spread(stats: dict[str, float], unit: str) -> str:
    """``median (min–max)``, the range in the median's own unit.

    >>> format_spread({'median': 0.0123, 'min': 0.0119, 'max': 0.0150}, 'seconds')
    '12.3 ms (11.9–15.0)'
    """
    scale, _ = _scale(stats["median"], unit)
    if unit == "bytes":
        return f"{stats['median']:.0f} B ({stats['min']:.0f}–{stats['max']:.0f})"
    return (f"{format_quantity(stats['median'], unit)} "
            f"({_three_digits(stats['min'] / scale)}–{_three_digits(stats['max'] / scale)})")


def _checks_agree(first: dict[str, float], second: dict[str, float]) -> bool:
    """Whether two engines computed the same numbers (up to the order floating-point sums were taken in)."""
    return first.keys() == second.keys() and all(
        math.isclose(first[key], second[key], rel_tol=1e-6, abs_tol=1e-9) for key in first
    )


def summarise(workload: Any, size: dict[str, int], runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One workload's result: per engine the spread of its samples, phases, GC share and nodes; the ratio and the target."""
    engines: dict[str, Any] = {}
    for name in compared_engines(workload):
        mine = [run for run in runs if run["engine"] == name]
        if not mine:
            raise ValueError(f"no runs of {workload.NAME} on {name}; both engines are needed for a ratio")
        samples = [sample for run in mine for sample in run["samples"]]
        total = sum(sample["value"] for sample in samples)
        summary: dict[str, Any] = {
            "version": mine[0]["version"],
            "processes": len(mine),
            "nodes": mine[0]["nodes"],
            **spread([sample["value"] for sample in samples]),
            "notes": sorted({note for run in mine for note in run.get("notes", [])}),
            "recursion_limit": max(run["recursion_limit"] for run in mine),
            "check": mine[0].get("check", {}),
            # figures a worker measured besides its samples (a compile time, ...): each a list of numbers per
            # run, pooled over the engine's runs
            "figures": {key: spread([value for run in mine for value in run["figures"][key]])
                        for key in mine[0].get("figures", {})},
        }
        if workload.UNIT == "seconds":
            phase_names = list(samples[0]["phases"])
            summary["phases"] = {phase: statistics.median(s["phases"][phase] for s in samples) for phase in phase_names}
            summary["phases_gc_share"] = {
                phase: sum(s["phases_in_gc"][phase] for s in samples) / sum(s["phases"][phase] for s in samples)
                for phase in phase_names
            }
            summary["gc_share"] = sum(s["gc_seconds"] for s in samples) / total if total else 0.0
            summary["gc_collections"] = statistics.median(s["gc_collections"] for s in samples)
        else:
            summary["extra"] = {key: statistics.median(s[key] for s in samples)
                                for key in samples[0] if key != "value"}
        engines[name] = summary
    chaingrad, baseline = engines["chaingrad"], engines[workload.BASELINE]
    ratio = baseline["median"] / chaingrad["median"] if chaingrad["median"] else math.inf
    target: Target = workload.TARGET
    result = {
        "name": workload.NAME,
        "title": workload.TITLE,
        "description": workload.describe(size),
        "size": size,
        "unit": workload.UNIT,
        "baseline": workload.BASELINE,
        "engines": engines,
        "ratio": ratio,
        "target": target.describe(workload.UNIT),
        "target_met": target.is_met(ratio, chaingrad["median"]),
        "checks_agree": _checks_agree(chaingrad["check"], baseline["check"]) if chaingrad["check"] else None,
        # another workload whose chaingrad median the report sets beside this one's, when both ran
        "compare_with": getattr(workload, "COMPARE_WITH", None),
    }
    # notes the workload writes from its summary (its figures, their targets), or none
    result["notes"] = workload.summary_notes(result) if hasattr(workload, "summary_notes") else []
    return result


def markdown_report(summaries: list[dict[str, Any]], context: dict[str, Any]) -> str:
    """The report as Markdown: how it was made, the results table, where the time goes, and notes."""
    lines = [
        f"Command: `{context['command']}`  ",
        f"{context['python']} on {context['machine']}, {context['date']}.  ",
        f"Medians over {context['repeats']} fresh process{'es' if context['repeats'] > 1 else ''} per engine "
        "and workload, run alternately (chaingrad, its baseline, chaingrad, ...); "
        "the smallest and largest sample are in brackets.",
        "",
    ]
    if context["quick"]:
        lines += ["**--quick: tiny sizes, to check that the harness works; these figures mean nothing.**", ""]
    lines += [
        "| Workload | Baseline | Nodes (chaingrad / baseline) | chaingrad | baseline | baseline / chaingrad "
        "| Target | Met |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for result in summaries:
        ours, theirs = result["engines"]["chaingrad"], result["engines"][result["baseline"]]
        unit = result["unit"]
        lines.append(
            f"| {result['title']} | {result['baseline']} | {ours['nodes']:,} / {theirs['nodes']:,} "
            f"| {format_spread(ours, unit)} | {format_spread(theirs, unit)} "
            f"| {result['ratio']:.1f}x | {result['target']} | {'yes' if result['target_met'] else '**no**'} |"
        )
    lines += ["", "What each workload does:", ""]
    lines += [f"- {result['title']}: {result['description']}." for result in summaries]

    timed = [result for result in summaries if result["unit"] == "seconds"]
    if timed:
        lines += [
            "",
            "Where the time goes (medians per sample, with the share of each phase spent in Python's cyclic "
            "garbage collector, which is left on):",
            "",
            "| Workload | Engine | Phases | Time in GC | GC runs per sample |",
            "|---|---|---|---:|---:|",
        ]
        for result in timed:
            for name, engine in result["engines"].items():
                phases = ", ".join(
                    f"{phase} {format_quantity(seconds, 'seconds')} ({engine['phases_gc_share'][phase]:.0%} GC)"
                    for phase, seconds in engine["phases"].items()
                )
                lines.append(f"| {result['title']} | {name} | {phases} "
                             f"| {engine['gc_share']:.0%} | {engine['gc_collections']:g} |")

    lines += ["", "Notes:", ""]
    for result in summaries:
        for engine in result["engines"].values():
            for note in engine["notes"]:
                lines.append(f"- {result['title']}: {note}.")
        lines += [f"- {result['title']}: {note}." for note in result.get("notes", [])]
    by_name = {result["name"]: result for result in summaries}
    for result in summaries:
        other = by_name.get(result.get("compare_with"))
        if other is not None:
            ours, theirs = result["engines"]["chaingrad"]["median"], other["engines"]["chaingrad"]["median"]
            lines.append(f"- {result['title']}: chaingrad's median in {other['title']} over its median here, "
                         f"in this run (each workload in processes of its own): "
                         f"{format_quantity(theirs, other['unit'])} / {format_quantity(ours, result['unit'])} "
                         f"= {theirs / ours:.1f}x.")
    limits = {result["engines"]["chaingrad"]["recursion_limit"] for result in summaries}
    lines.append(f"- chaingrad ran every workload at Python's default recursion limit ({', '.join(map(str, sorted(limits)))}).")
    for result in summaries:
        if result["unit"] == "bytes":
            per_step = {name: engine["extra"]["bytes per chain step"] for name, engine in result["engines"].items()}
            baseline = result["baseline"]
            lines.append(f"- {result['title']}: per step of the chain, chaingrad holds {per_step['chaingrad']:.0f} B "
                         f"and {baseline} {per_step[baseline]:.0f} B ({baseline} also makes a node for each "
                         "plain-number operand).")
            blocks = {name: engine["extra"]["bytes per node in blocks"] for name, engine in result["engines"].items()}
            lines.append(f"- {result['title']}: in the allocator's blocks (each allocation rounded up to 16 bytes, "
                         f"as Python's small-object allocator hands them out), chaingrad holds "
                         f"{blocks['chaingrad']:.0f} B per node and {baseline} {blocks[baseline]:.0f} B; "
                         "the table gives the bytes asked for.")
    agree = [result for result in summaries if result["checks_agree"] is not None]
    if agree:
        same = [result["title"] for result in agree if result["checks_agree"]]
        differ = [result["title"] for result in agree if not result["checks_agree"]]
        if same:
            lines.append(f"- Both engines computed the same numbers (losses, outputs, gradients) on: {', '.join(same)}.")
        if differ:
            lines.append(f"- **The engines computed different numbers** on: {', '.join(differ)}; see the JSON output.")
    versions = ", ".join(f"{name} {version}" for name, version in context["versions"].items())
    lines.append(f"- Versions: {versions}.")
    return "\n".join(lines) + "\n"
