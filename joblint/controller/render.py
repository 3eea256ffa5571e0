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
        rows = [["NAME", "INDEX", "ATTEMPT", "CREATED", "STARTED", "FINISHED", "PHASE", "EXIT", "REASON"]]
        for pod in result.pods[:MAX_TEXT_PODS]:
            data = pod.to_dict()
            rows.append(
                [
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
            )
        out += _table(rows)
        if len(result.pods) > MAX_TEXT_PODS:
            out.append(f"  ... and {len(result.pods) - MAX_TEXT_PODS} more pods")
    else:
        out.append("  <none>")
    out += ["", "Summary:"]
    out += ["  " + line for line in summary_lines(result)]
    return "\n".join(out) + "\n"


# --- SVG ----------------------------------------------------------------------------------------------


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
    for pod in sorted(pods, key=lambda p: (p.created, p.seq)):
        end = _end(pod, result.end)
        for i, lane_end in enumerate(ends):
            if lane_end <= pod.created:
                lanes[i].append(pod)
                ends[i] = end
                break
        else:
            lanes.append([pod])
            ends.append(end)
    return [(f"lane {i}", lane) for i, lane in enumerate(lanes)]


def _end(pod: Pod, horizon: float) -> float:
    return pod.finished if pod.finished is not None else horizon


_COLORS = {SUCCEEDED: "#2e7d32", FAILED: "#c62828", "Running": "#1565c0", "Pending": "#9e9e9e"}


def render_svg(result: DryRunResult) -> str:
    from html import escape  # only here: linting reads duration_text and imports this module

    rows = _rows(result)
    shown = rows[:MAX_SVG_ROWS]
    horizon = max(result.end, result.finished_at or 0, result.deleted_at or 0, 1.0)
    if result.deadline is not None:
        horizon = max(horizon, result.deadline)
    label_w, chart_w, row_h, top = 90, 900, 18, 40
    height = top + row_h * max(len(shown), 1) + 60
    width = label_w + chart_w + 20

    def x(t: float) -> float:
        return round(label_w + chart_w * (t / horizon), 2)

    meta = result.job.get("metadata") or {}
    title = f"Job {meta.get('name', '?')} — Kubernetes {result.version}, scenario {result.scenario}"
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="8" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    # time axis
    axis_y = top + row_h * max(len(shown), 1) + 8
    parts.append(f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + chart_w}" y2="{axis_y}" stroke="#444"/>')
    for i in range(6):
        t = horizon * i / 5
        parts.append(f'<line x1="{x(t)}" y1="{axis_y}" x2="{x(t)}" y2="{axis_y + 4}" stroke="#444"/>')
        parts.append(f'<text x="{x(t)}" y="{axis_y + 16}" text-anchor="middle">{duration_text(t)}</text>')
    for r, (label, pods) in enumerate(shown):
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
                parts.append(
                    f'<text x="{x(pod.finished) + 2}" y="{y + 12}" fill="#c62828" font-weight="bold">✗</text>'
                )
    bottom = top + row_h * max(len(shown), 1)
    markers: list[tuple[float, str, str]] = []
    if result.deadline is not None:
        markers.append((result.deadline, "#c62828", "activeDeadlineSeconds"))
    if result.finished_at is not None:
        markers.append((result.finished_at, "#000000", f"{result.outcome}" + (f" ({result.reason})" if result.reason else "")))
    if result.deleted_at is not None:
        markers.append((result.deleted_at, "#6a1b9a", "deleted (TTL)"))
    for i, (t, color, text) in enumerate(markers):
        parts.append(
            f'<line x1="{x(t)}" y1="{top - 6}" x2="{x(t)}" y2="{bottom}" stroke="{color}" stroke-dasharray="6,3"/>'
        )
        parts.append(f'<text x="{x(t) + 3}" y="{top - 8 - 10 * (i % 2)}" fill="{color}">{escape(text)}</text>')
    if len(rows) > len(shown):
        parts.append(f'<text x="8" y="{height - 8}">{len(rows) - len(shown)} more rows not shown</text>')
    legend = [("succeeded", SUCCEEDED), ("failed", FAILED), ("running", "Running"), ("pending", "Pending")]
    lx = label_w
    for text, key in legend:
        parts.append(f'<rect x="{lx}" y="{height - 20}" width="10" height="10" fill="{_COLORS[key]}"/>')
        parts.append(f'<text x="{lx + 14}" y="{height - 11}">{text}</text>')
        lx += 90
    parts.append(f'<line x1="{lx}" y1="{height - 15}" x2="{lx + 20}" y2="{height - 15}" stroke="#ef6c00" stroke-dasharray="3,2"/>')
    parts.append(f'<text x="{lx + 24}" y="{height - 11}">back-off</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
