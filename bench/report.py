"""From the rounds' measurements to the summary: medians, ours / FastAPI ratios with their
spread across rounds, and shares of the ceiling; and the summary as a table."""

import statistics

from bench.endpoints import ENDPOINTS, HOME_PAGE

# runs: {"django-1w": [round 1, round 2, ...], "fastapi-1w": [...]}, where a round is
# {endpoint name: measurement as a dict}; ceiling: {"1w": {endpoint name: measurement}}.
Runs = dict[str, list[dict[str, dict]]]


def median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 2) if values else None


def ratio(ours: dict, theirs: dict) -> float | None:
    return ours["rps"] / theirs["rps"] if theirs["rps"] else None


def summarize(runs: Runs, ceiling: dict, workers_list: list[int]) -> dict:
    """{"1w": {endpoint name: row}}; the FastAPI columns only where it was measured."""
    summary = {}
    for workers in workers_list:
        ours_rounds = runs.get(f"django-{workers}w", [])
        peer_rounds = runs.get(f"fastapi-{workers}w", [])
        rows = {}
        for endpoint in ENDPOINTS:
            name = endpoint.name
            ours = [r[name] for r in ours_rounds if name in r]
            if not ours:
                continue
            row = {
                "django_rps": median([m["rps"] for m in ours]),
                "django_p50_ms": median([m["p50_ms"] for m in ours]),
                "django_p99_ms": median([m["p99_ms"] for m in ours]),
                "django_errors": sum(m["errors"] for m in ours),
            }
            theirs = [r[name] for r in peer_rounds if name in r]
            if theirs:
                # Round by round: each pair ran minutes apart, on the same machine.
                pairs = [ratio(o, t) for o, t in zip(ours, theirs, strict=False)]
                ratios = [r for r in pairs if r is not None]
                row |= {
                    "fastapi_rps": median([m["rps"] for m in theirs]),
                    "fastapi_p50_ms": median([m["p50_ms"] for m in theirs]),
                    "fastapi_p99_ms": median([m["p99_ms"] for m in theirs]),
                    "fastapi_errors": sum(m["errors"] for m in theirs),
                    "ratio": median(ratios),
                    "ratio_min": round(min(ratios), 2) if ratios else None,
                    "ratio_max": round(max(ratios), 2) if ratios else None,
                }
            top = ceiling.get(f"{workers}w", {}).get(name)
            if top and top["rps"] and row["django_rps"]:
                row["ceiling_rps"] = top["rps"]
                row["of_ceiling"] = round(row["django_rps"] / top["rps"], 3)
            rows[name] = row
        summary[f"{workers}w"] = rows
    return summary


def home_page_shares(summary: dict) -> dict:
    """GET / as a share of the bare WSGI callable serving the same bytes, per worker count."""
    shares = {}
    for workers, rows in summary.items():
        row = rows.get(HOME_PAGE.name, {})
        if "of_ceiling" in row:
            shares[workers] = {
                "rps": row["django_rps"],
                "ceiling_rps": row["ceiling_rps"],
                "share": row["of_ceiling"],
            }
    return shares


def format_summary(summary: dict, rounds: int) -> str:
    lines = []
    for workers, rows in summary.items():
        lines += [
            "",
            f"{workers.removesuffix('w')} worker(s): medians over {rounds} round(s)",
            f"{'endpoint':<26} {'django':>8} {'p50':>6} {'p99':>6} {'err':>4} | "
            f"{'fastapi':>8} {'p99':>7} {'err':>4} | {'ratio':>6} {'min-max':>11} | "
            f"{'ceiling':>7} {'share':>6}",
        ]
        for name, row in rows.items():
            ours = (
                f"{row['django_rps']:>8.1f} {row['django_p50_ms']:>6.1f} "
                f"{row['django_p99_ms']:>6.1f} {row['django_errors']:>4}"
            )
            theirs = f"{'-':>8} {'':>7} {'':>4} | {'':>6} {'':>11}"
            if row.get("ratio") is not None:
                spread = f"{row['ratio_min']:.2f}-{row['ratio_max']:.2f}"
                theirs = (
                    f"{row['fastapi_rps']:>8.1f} {row['fastapi_p99_ms']:>7.1f} "
                    f"{row['fastapi_errors']:>4} | {row['ratio']:>5.2f}x "
                    f"{spread:>11}"
                )
            top = ""
            if "ceiling_rps" in row:
                top = f"{row['ceiling_rps']:>7.0f} {row['of_ceiling']:>6.1%}"
            lines.append(f"{name:<26} {ours} | {theirs} | {top}".rstrip())
    shares = home_page_shares(summary)
    lines += [""] if shares else []
    for workers, home in shares.items():
        lines.append(
            f"Home page (GET /), {workers.removesuffix('w')} worker(s): {home['rps']:.1f} req/s,"
            f" {home['share']:.1%} of the bare WSGI ceiling ({home['ceiling_rps']:.0f} req/s)"
        )
    return "\n".join(lines)
