"""Renderings of a dry run: a text timeline (the Job's events as `kubectl describe` lists them, the
pods, a summary) and an SVG Gantt chart of the pods over time."""

from __future__ import annotations

from .job import FAILED, SUCCEEDED, DryRunResult, Pod

MAX_TEXT_PODS = 60
MAX_TEXT_EVENTS = 200
MAX_SVG_ROWS = 200


def duration_text(seconds: float | None) -> str:
    """`10m35s`, `1h2m`, `45s`, `1.5s`: the compact form kubectl uses for ages."""
    if seconds is None:
        return "-"
    if seconds < 0:
        return "-" + duration_text(-seconds)
    whole = int(seconds)
    frac = round(seconds - whole, 3)
    if frac >= 1:
        whole, frac = whole + 1, 0.0
    days, rest = divmod(whole, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days}d")
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if frac:
        parts.append(f"{secs + frac:g}s")
    elif secs or not parts:
        parts.append(f"{secs}s")
    return "".join(parts)


def _table(rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def summary_lines(result: DryRunResult) -> list[str]:
    status = result.status
    lines: list[str] = []
    if result.outcome == "Complete":
        why = f" ({result.reason})" if result.reason else ""
        lines.append(f"Complete at {duration_text(result.finished_at)}{why}")
    elif result.outcome == "Failed":
        lines.append(f"Failed at {duration_text(result.finished_at)} ({result.reason})")
    else:
        lines.append(f"Not finished at the end of the dry run ({duration_text(result.end)})")
    interim = [c for c in status.get("conditions", []) if c["type"] in ("FailureTarget", "SuccessCriteriaMet")]
    for cond in interim:
        lines.append(f"{cond['type']} at {duration_text(cond['lastTransitionTime'])} ({cond.get('reason', '')})")
    counts = [f"{key} {status.get(key, 0)}" for key in ("active", "ready", "succeeded", "failed", "terminating")]
    lines.append(", ".join(counts))
    if "completedIndexes" in status:
        lines.append(f"completedIndexes {status['completedIndexes']}")
    if "failedIndexes" in status:
        lines.append(f"failedIndexes {status['failedIndexes'] or '(none)'}")
    lines.append(f"pods created {len(result.pods)}")
    restarts = sum(pod.restarts for pod in result.pods)
    if restarts:
        lines.append(f"container restarts {restarts} (restartPolicy OnFailure; the running pods' count toward backoffLimit)")
    if result.deadline is not None and result.outcome == "Running":
        lines.append(f"activeDeadlineSeconds ends the Job at {duration_text(result.deadline)}")
    if result.deleted_at is not None:
        lines.append(f"deleted by ttlSecondsAfterFinished at {duration_text(result.deleted_at)}")
    lines.extend(result.notes)
    return lines


def render_text(result: DryRunResult) -> str:
    meta = result.job.get("metadata") or {}
    out = [f"Job {meta.get('name', '?')} (Kubernetes {result.version}, scenario {result.scenario})", ""]
    out.append("Events:")
    if result.events:
        rows = [["Time", "Type", "Reason", "Message"], ["----", "----", "------", "-------"]]
        shown = result.events
        hidden = 0
        if len(shown) > MAX_TEXT_EVENTS:
            half = MAX_TEXT_EVENTS // 2
            hidden = len(shown) - 2 * half
            shown = shown[:half] + [(-1.0, "", "", "")] + shown[-half:]
        for t, kind, reason, message in shown:
            if t < 0:
                rows.append(["...", "", "", f"{hidden} more events"])
            else:
                rows.append([duration_text(t), kind, reason, message])
        out += _table(rows)
    else:
        out.append("  <none>")
    out += ["", "Pods:"]
    if result.pods:
        shown_pods = result.pods[:MAX_TEXT_PODS]
        # RESTARTS (restartPolicy OnFailure): containers restarted in place, as kubectl shows them
        restarts = any(pod.restarts for pod in shown_pods)
        rows = [["NAME", "INDEX", "ATTEMPT", "CREATED", "STARTED", "FINISHED", "PHASE", "EXIT", "REASON"]]
        if restarts:
            rows[0].insert(7, "RESTARTS")
        for pod in shown_pods:
            data = pod.to_dict()
            row = [
                pod.name,
                "-" if pod.index is None else str(pod.index),
                str(pod.attempt),
                duration_text(pod.created),
                duration_text(pod.started),
                duration_text(pod.finished),
                pod.phase + (" (deleted)" if pod.deleted is not None and not pod.terminal else ""),
                "-" if data["exitCode"] is None else str(data["exitCode"]),
                data["reason"] or "-",
            ]
            if restarts:
                row.insert(7, str(pod.restarts))
            rows.append(row)
        out += _table(rows)
        if len(result.pods) > MAX_TEXT_PODS:
            out.append(f"  ... and {len(result.pods) - MAX_TEXT_PODS} more pods")
    else:
        out.append("  <none>")
    out += ["", "Summary:"]
    out += ["  " + line for line in summary_lines(result)]
    return "\n".join(out) + "\n"


# --- SVG ----------------------------------------------------------------------------------------------

# At most this many rows of pods; more (thousands of indexes) are aggregated into groups of
# consecutive rows drawn as shaded activity, so the file stays small (see MAX_SVG_ELEMENTS).
MAX_SVG_ROWS = 60
# Above this many pods drawn one by one, every row is drawn aggregated.
MAX_SVG_PODS = 2000
# Time bins of an aggregated row.
SVG_BINS = 300
# Round steps for the time axis, in seconds.
_TICK_STEPS = (
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
    86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400,
)


def tick_step(horizon: float, most: int = 8) -> float:
    """The smallest round step (10 s, 30 s, 1 min, 5 min, 1 h, ...) that gives at most `most` ticks."""
    for step in _TICK_STEPS:
        if horizon / step <= most:
            return float(step)
    big = float(_TICK_STEPS[-1])
    while horizon / big > most:
        big *= 2
    return big


def _rows(result: DryRunResult) -> list[tuple[str, list[Pod]]]:
    """Pods per index for Indexed Jobs; otherwise lanes in which pods do not overlap."""
    pods = result.pods
    if pods and pods[0].index is not None:
        by_index: dict[int, list[Pod]] = {}
        for pod in pods:
            assert pod.index is not None
            by_index.setdefault(pod.index, []).append(pod)
        return [(f"index {ix}", by_index[ix]) for ix in sorted(by_index)]
    lanes: list[list[Pod]] = []
    ends: list[float] = []
    free: list[tuple[float, int]] = []  # (end, lane) heap of lanes by the end of their last pod
    import heapq

    for pod in sorted(pods, key=lambda p: (p.created, p.seq)):
        end = _end(pod, result.end)
        if free and free[0][0] <= pod.created:
            # the lowest-numbered free lane keeps the picture stable
            ready = []
            while free and free[0][0] <= pod.created:
                ready.append(heapq.heappop(free))
            ready.sort(key=lambda item: item[1])
            lane = ready[0][1]
            for item in ready[1:]:
                heapq.heappush(free, item)
            lanes[lane].append(pod)
            ends[lane] = end
        else:
            lane = len(lanes)
            lanes.append([pod])
            ends.append(end)
        heapq.heappush(free, (end, lane))
    return [(f"lane {i}", lane) for i, lane in enumerate(lanes)]


def _end(pod: Pod, horizon: float) -> float:
    return pod.finished if pod.finished is not None else horizon


_COLORS = {SUCCEEDED: "#2e7d32", FAILED: "#c62828", "Running": "#1565c0", "Pending": "#9e9e9e"}


def _group_label(first: str, last: str) -> str:
    """`index 0` … `index 99` → `indexes 0–99`; `lane 3` … `lane 9` → `lanes 3–9`."""
    kind, _, a = first.partition(" ")
    _, _, b = last.partition(" ")
    if a == b:
        return first
    plural = "indexes" if kind == "index" else kind + "s"
    return f"{plural} {a}–{b}"


def render_svg(result: DryRunResult) -> str:
    """The pods over time as an SVG Gantt chart: one row per index (or lane), round time ticks, the
    Job's end and deadline marked; long Jobs aggregated into at most MAX_SVG_ROWS shaded rows."""
    from html import escape  # only here: linting reads duration_text and imports this module

    rows = _rows(result)
    horizon = max(result.end, result.finished_at or 0, result.deleted_at or 0, 1.0)
    if result.deadline is not None:
        horizon = max(horizon, result.deadline)
    aggregate = len(rows) > MAX_SVG_ROWS or len(result.pods) > MAX_SVG_PODS
    groups: list[tuple[str, list[tuple[str, list[Pod]]]]]
    if aggregate:
        size = max(1, -(-len(rows) // MAX_SVG_ROWS))
        groups = []
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            groups.append((_group_label(chunk[0][0], chunk[-1][0]), chunk))
    else:
        groups = [(label, [(label, pods)]) for label, pods in rows]

    # the label column fits the longest label (about 6.2 px a character at font-size 11)
    label_w = max(90, 16 + int(6.2 * max((len(label) for label, _ in groups), default=0)))
    chart_w, row_h, top, right = 900, 18, 52, 24
    n_rows = max(len(groups), 1)
    height = top + row_h * n_rows + 64
    width = label_w + chart_w + right

    def x(t: float) -> float:
        return round(label_w + chart_w * (min(max(t, 0.0), horizon) / horizon), 2)

    meta = result.job.get("metadata") or {}
    title = f"Job {meta.get('name', '?')} — Kubernetes {result.version}, scenario {result.scenario}"
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="8" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    bottom = top + row_h * n_rows
    # time axis: round ticks, with light grid lines
    axis_y = bottom + 8
    parts.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + chart_w}" y2="{axis_y}" stroke="#444"/>')
    step = tick_step(horizon)
    k = 0
    while k * step <= horizon + 1e-9:
        t = k * step
        parts.append(f'<line x1="{x(t)}" y1="{top}" x2="{x(t)}" y2="{bottom}" stroke="#eeeeee"/>')
        parts.append(f'<line x1="{x(t)}" y1="{axis_y}" x2="{x(t)}" y2="{axis_y + 4}" stroke="#444"/>')
        anchor = "start" if k == 0 else "middle"
        parts.append(f'<text x="{x(t)}" y="{axis_y + 16}" text-anchor="{anchor}">{duration_text(t)}</text>')
        k += 1
    if aggregate:
        parts += _aggregated_rows(groups, horizon, x, label_w, chart_w, row_h, top, escape)
    else:
        for r, (label, members) in enumerate(groups):
            parts += _pod_row(label, members[0][1], r, horizon, x, row_h, top, escape)
    # markers: deadline, end, TTL deletion; labels kept inside the picture
    markers: list[tuple[float, str, str]] = []
    if result.deadline is not None:
        markers.append((result.deadline, "#c62828", "activeDeadlineSeconds"))
    if result.finished_at is not None:
        markers.append((result.finished_at, "#000000", f"{result.outcome}" + (f" ({result.reason})" if result.reason else "")))
    if result.deleted_at is not None:
        markers.append((result.deleted_at, "#6a1b9a", "deleted (TTL)"))
    for i, (t, color, text) in enumerate(markers):
        mx = x(t)
        parts.append(f'<line x1="{mx}" y1="{top - 6}" x2="{mx}" y2="{bottom}" stroke="{color}" stroke-dasharray="6,3"/>')
        # about 6 px per character at font-size 11: right-aligned when it would run off the edge
        room = width - mx - 4
        if len(text) * 6.2 + 3 > room:
            attrs = f'x="{mx - 3}" text-anchor="end"'
        else:
            attrs = f'x="{mx + 3}"'
        parts.append(f'<text {attrs} y="{top - 9 - 12 * (i % 2)}" fill="{color}">{escape(text)}</text>')
    if aggregate:
        legend = [("running", "Running"), ("failed", FAILED)]
    else:
        legend = [("succeeded", SUCCEEDED), ("failed", FAILED), ("running", "Running"), ("pending", "Pending")]
    lx = label_w
    for text, key in legend:
        parts.append(f'<rect x="{lx}" y="{height - 20}" width="10" height="10" fill="{_COLORS[key]}"/>')
        parts.append(f'<text x="{lx + 14}" y="{height - 11}">{text}</text>')
        lx += 90
    if aggregate:
        parts.append(
            f'<text x="{lx}" y="{height - 11}">shade: share of the rows with a running pod; red: failures; '
            f"{len(rows)} rows in {len(groups)} groups</text>"
        )
    else:
        parts.append(
            f'<line x1="{lx}" y1="{height - 15}" x2="{lx + 20}" y2="{height - 15}" stroke="#ef6c00" stroke-dasharray="3,2"/>'
        )
        parts.append(f'<text x="{lx + 24}" y="{height - 11}">back-off</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _pod_row(label: str, pods: list[Pod], r: int, horizon: float, x, row_h: int, top: int, escape) -> list[str]:  # type: ignore[no-untyped-def]
    """One row, every pod drawn: pending (grey), running, its end (colour by phase), terminating
    (faded), the back-off before the next pod (dashed)."""
    parts: list[str] = []
    y = top + r * row_h
    parts.append(f'<text x="8" y="{y + 12}">{escape(label)}</text>')
    previous: Pod | None = None
    for pod in sorted(pods, key=lambda p: (p.created, p.seq)):
        if previous is not None and previous.phase == FAILED and previous.finished is not None:
            if pod.created > previous.finished:
                parts.append(
                    f'<line x1="{x(previous.finished)}" y1="{y + 8}" x2="{x(pod.created)}" y2="{y + 8}" '
                    f'stroke="#ef6c00" stroke-dasharray="3,2"><title>back-off '
                    f"{duration_text(pod.created - previous.finished)}</title></line>"
                )
        previous = pod
        end = _end(pod, horizon)
        started = pod.started if pod.started is not None else end
        if started > pod.created:
            parts.append(
                f'<rect x="{x(pod.created)}" y="{y + 3}" width="{max(x(started) - x(pod.created), 0.5)}" '
                f'height="{row_h - 6}" fill="{_COLORS["Pending"]}"/>'
            )
        run_end = end
        if pod.deleted is not None and pod.deleted < end:
            run_end = pod.deleted
        color = _COLORS.get(pod.phase, "#1565c0")
        tip = (
            f"{pod.name}: {pod.phase}, created {duration_text(pod.created)}, "
            f"finished {duration_text(pod.finished)}"
            + (f", exit code {pod.exit_code()}" if pod.terminal and pod.exit_code() is not None else "")
            + (f", {pod.shown_reason()}" if pod.terminal and pod.shown_reason() else "")
            + (f", {pod.restarts} restart(s)" if pod.restarts else "")
        )
        if run_end > started or pod.started is not None:
            parts.append(
                f'<rect x="{x(started)}" y="{y + 3}" width="{max(x(run_end) - x(started), 0.5)}" '
                f'height="{row_h - 6}" fill="{color}"><title>{escape(tip)}</title></rect>'
            )
        if pod.deleted is not None and end > pod.deleted:
            parts.append(
                f'<rect x="{x(pod.deleted)}" y="{y + 3}" width="{max(x(end) - x(pod.deleted), 0.5)}" '
                f'height="{row_h - 6}" fill="{color}" fill-opacity="0.35"><title>terminating</title></rect>'
            )
        if pod.phase == FAILED and pod.finished is not None:
            parts.append(f'<text x="{x(pod.finished) + 2}" y="{y + 12}" fill="#c62828" font-weight="bold">✗</text>')
    return parts


def _aggregated_rows(groups, horizon: float, x, label_w: int, chart_w: int, row_h: int, top: int, escape) -> list[str]:  # type: ignore[no-untyped-def]
    """Groups of rows as shaded bands: per time bin, the share of the group's rows with a running
    pod (quantized to 8 shades, equal neighbours merged) and a red mark where pods failed."""
    bins = SVG_BINS
    width = chart_w / bins
    parts: list[str] = []
    for r, (label, members) in enumerate(groups):
        y = top + r * row_h
        parts.append(f'<text x="8" y="{y + 12}">{escape(label)}</text>')
        delta = [0.0] * (bins + 1)
        failures = [0] * bins
        successes = 0
        count = 0
        for _, pods in members:
            for pod in pods:
                count += 1
                start = pod.started if pod.started is not None else pod.created
                end = _end(pod, horizon)
                a = min(max(start / horizon * bins, 0.0), float(bins))
                b = min(max(end / horizon * bins, 0.0), float(bins))
                if b > a:
                    # running time spread over the bins it covers: a difference array of the
                    # piecewise-constant coverage, exact at the two partial bins
                    ia, ib = int(a), int(b)
                    if ia == ib:
                        delta[ia] += b - a
                        delta[ia + 1] -= b - a
                    else:
                        delta[ia] += ia + 1 - a
                        delta[ia + 1] -= ia + 1 - a
                        if ib > ia + 1:
                            delta[ia + 1] += 1.0
                            delta[ib] -= 1.0
                        if ib < bins:
                            delta[ib] += b - ib
                            delta[ib + 1] -= b - ib
                if pod.phase == FAILED and pod.finished is not None:
                    failures[min(int(pod.finished / horizon * bins), bins - 1)] += 1
                elif pod.phase == SUCCEEDED:
                    successes += 1
        capacity = max(len(members), 1)
        running = 0.0
        shades: list[int] = []
        for i in range(bins):
            running += delta[i]
            share = running / capacity
            shades.append(0 if share <= 0.001 else min(8, 1 + int(share * 8)))
        i = 0
        while i < bins:
            j = i
            while j + 1 < bins and shades[j + 1] == shades[i]:
                j += 1
            if shades[i]:
                parts.append(
                    f'<rect x="{round(label_w + i * width, 2)}" y="{y + 3}" width="{round((j - i + 1) * width, 2)}" '
                    f'height="{row_h - 6}" fill="{_COLORS["Running"]}" fill-opacity="{shades[i] / 8:.3g}"/>'
                )
            i = j + 1
        i = 0
        while i < bins:
            if not failures[i]:
                i += 1
                continue
            j = i
            total = 0
            while j < bins and failures[j]:
                total += failures[j]
                j += 1
            parts.append(
                f'<rect x="{round(label_w + i * width, 2)}" y="{y + row_h - 6}" width="{round(max((j - i) * width, 1.5), 2)}" '
                f'height="3" fill="{_COLORS[FAILED]}"><title>{total} pod(s) failed</title></rect>'
            )
            i = j
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{chart_w}" height="{row_h - 6}" fill="none" stroke="#dddddd">'
            f"<title>{escape(label)}: {count} pods, {successes} succeeded, {sum(failures)} failed</title></rect>"
        )
    return parts
