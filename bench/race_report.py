#!/usr/bin/python3
"""The glmnet race's report (bench/race.sh): reads OUT/cases/CASE.json for the
cases named and writes OUT/NAME.csv (one row per case), OUT/NAME.md (the
table) and OUT/NAME.svg (fit-time ratio per data set, log scale), rendered to
OUT/NAME.png with rsvg-convert when it is there. Standard library only.

    /usr/bin/python3 bench/race_report.py --out results/race --name race CASE...
"""

import argparse
import csv
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
from html import escape


def load(out, names):
    rows, missing = [], []
    for name in names:
        path = os.path.join(out, "cases", name + ".json")
        if os.path.exists(path):
            with open(path) as f:
                row = json.load(f)
            row["x_copies_mb"] = x_copies_mb(row)
            row["rss_over_x_copies"] = row["rss_fit_mb_sparsereg"] / row["x_copies_mb"]
            first = row.get("rss_first_fit_mb_sparsereg")
            row["rss_first_fit_over_x_copies"] = None if first is None else first / row["x_copies_mb"]
            rows.append(row)
        else:
            missing.append(name)
    return rows, missing


def x_copies_mb(row):
    """MB (MiB, as the RSS) of X's CSR and CSC copies as race_fit holds them:
    double values, 32-bit indices, one offset per row / column plus one."""
    nnz_bytes = 2 * row["nnz"] * (8 + 4)
    offset_bytes = 4 * (row["rows"] + 1 + row["cols"] + 1)
    return (nnz_bytes + offset_bytes) / 2**20


def g(x, digits=2):
    """A number in a short form: 0.0123 -> 0.012, 1.2e-9, None -> n/a."""
    if x is None:
        return "n/a"
    if x == 0:
        return "0"
    if abs(x) >= 1e-3 and abs(x) < 1e4:
        return f"{x:.{digits}g}" if abs(x) < 1 else f"{x:.{digits + 1}g}"
    return f"{x:.{digits - 1}e}".replace("e-0", "e-").replace("e+0", "e")


def seconds(x):
    if x is None:
        return "n/a"
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 100 else f"{x:.0f}"


def over_x(row):
    """Peak RSS over X's copies: the first fit's / the largest of any fit (the latter alone for
    cases run before the first was recorded)."""
    first = row.get("rss_first_fit_over_x_copies")
    every = f"{row['rss_over_x_copies']:.2f}"
    return every if first is None else f"{first:.2f} / {every}"


# Sets whose X's copies are smaller measure mostly the process itself (~5 MB).
memory_target_min_mb = 20.0


def memory_summary(rows):
    """The largest peak RSS over X's copies, first fit and any fit, where X is large enough to tell."""
    large = [r for r in rows if r["x_copies_mb"] >= memory_target_min_mb]
    if not large:
        return ""
    every = max(large, key=lambda r: r["rss_over_x_copies"])
    text = (f" Peak RSS over X's CSR + CSC copies, where those are at least {memory_target_min_mb:.0f} MB: "
            f"at most {every['rss_over_x_copies']:.2f} in any fit ({every['name']})")
    firsts = [r for r in large if r.get("rss_first_fit_over_x_copies") is not None]
    if firsts:
        first = max(firsts, key=lambda r: r["rss_first_fit_over_x_copies"])
        text += f", {first['rss_first_fit_over_x_copies']:.2f} in a process's first ({first['name']})"
    return text + "."


def passes(row):
    """sparsereg / glmnet / glmnet 1e-12 passes; n/a for cases run before they were counted."""
    keys = ("passes_sparsereg", "passes_glmnet", "passes_glmnet_1e12")
    return " / ".join("n/a" if row.get(k) is None else f"{row[k]:,.0f}" for k in keys)


def config(row):
    return f"α {g(row['alpha'])}, {'std' if row['standardize'] else 'raw'}"


def write_csv(path, rows):
    keys = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        for row in rows:
            w.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in keys})


def thread_scaling(out):
    """The line on OUT/scaling.csv (race.sh's news20 runs on 1 thread and on all cores)."""
    path = os.path.join(out, "scaling.csv")
    if not os.path.exists(path):
        return ""
    times = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            times.setdefault(int(row["threads"]), []).append(float(row["fit_seconds"]))
    if 1 not in times or len(times) < 2:
        return ""
    many = max(times)
    one, more = statistics.median(times[1]), statistics.median(times[many])
    return (f"Thread scaling (news20 bigram, α 1, standardized, `fit_path`, medians of "
            f"{len(times[1])}): 1 thread {one:.2f} s, {many} threads {more:.2f} s, "
            f"speed-up {one / more:.2f}×.")


def write_markdown(path, rows, missing, name):
    lines = [
        f"# The glmnet race ({name})",
        "",
        "Fit times are medians of the repeats, data already in memory (sparsereg: "
        "`fit_path` in bench/race_fit, all cores; glmnet: `system.time(glmnet(...))`, one core). "
        "ratio = sparsereg / glmnet (below 1: sparsereg faster). "
        "Objective difference = (sparsereg − glmnet) / |glmnet| per λ, max and median "
        "(negative: sparsereg lower). KKT = the largest KKT violation / λ over the path, "
        "by one checker in R for all three solutions. RSS = peak of each process during "
        "its fit (data loaded), MB; the sparsereg command is `sparsereg path`, reading included; "
        "× X = sparsereg's fit RSS over the size of X's CSR + CSC copies, in its process's first fit "
        "/ the largest over the rounds (later fits find the heap glibc kept of the earlier ones). "
        "Passes = coordinate passes over the whole path (sparsereg: epochs over its working or "
        "active set, a Newton solve counting as one; glmnet: `npasses`).",
        "",
        "| case | n × p | glmnet s | sparsereg s | ratio | glmnet 1e-12 s | ratio vs 1e-12 "
        "| sparsereg command s | objective diff vs glmnet max / median "
        "| vs glmnet 1e-12 max / median | KKT/λ sparsereg / glmnet / glmnet 1e-12 "
        "| df at end sparsereg / glmnet | RSS MB sparsereg / glmnet / command | × X first / any "
        "| sparsereg status, max rel. gap | passes sparsereg / glmnet / glmnet 1e-12 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|---|---|---|---:|---|---|",
    ]
    notes = []
    for r in rows:
        lam = r["n_lambda"]
        short12 = r["n_lambda_glmnet_1e12"] < lam
        short_sr = r["n_lambda_sparsereg"] < lam
        vs12 = f"{g(r['difference_1e12_max'])} / {g(r['difference_1e12_median'])}"
        if short12:
            vs12 += f" ({r['n_lambda_glmnet_1e12']} λ)"
        status = f"{r['sparsereg_statuses']}; {g(r['sparsereg_max_relative_gap'])}"
        if short_sr:
            status += f" ({r['n_lambda_sparsereg']} of {lam} λ)"
        if r.get("glmnet_warnings"):
            notes.append(f"- {r['name']}: glmnet warned: {r['glmnet_warnings']}")
        lines.append(
            f"| {r['name']} | {r['rows']:,} × {r['cols']:,} ({lam} λ) "
            f"| {seconds(r['glmnet_seconds'])} | {seconds(r['sparsereg_seconds'])} "
            f"| **{g(r['ratio'])}** | {seconds(r['glmnet_1e12_seconds'])} | {g(r['ratio_1e12'])} "
            f"| {seconds(r['sparsereg_command_seconds'])} "
            f"| {g(r['difference_max'])} / {g(r['difference_median'])} "
            f"| {vs12} "
            f"| {g(r['kkt_sparsereg'])} / {g(r['kkt_glmnet'])} / {g(r['kkt_glmnet_1e12'])} "
            f"| {r['df_sparsereg']} / {r['df_glmnet']} "
            f"| {r['rss_fit_mb_sparsereg']:.0f} / {r['rss_fit_mb_glmnet']:.0f} / "
            f"{r['sparsereg_command_rss_mb']:.0f} | {over_x(r)} "
            f"| {status} | {passes(r)} |"
        )
    if rows:
        worst = max(rows, key=lambda r: r["ratio"])
        farthest = max(rows, key=lambda r: r["difference_max"])
        faster = sum(r["ratio"] < 1 for r in rows)
        above = sum(r["difference_max"] > 1e-9 for r in rows)
        uncertified = [r["name"] for r in rows
                       if r["sparsereg_statuses"] != f"converged {r['n_lambda_sparsereg']}"]
        lines += ["", f"Summary: {len(rows)} cases; sparsereg faster than glmnet's default in {faster}; "
                      f"worst ratio {g(worst['ratio'])} ({worst['name']}); largest objective difference "
                      f"{g(farthest['difference_max'])} ({farthest['name']}), above +1e-9 in {above}; "
                      f"every λ certified in " + ("all" if not uncertified else
                                                  f"all but {', '.join(uncertified)}") + "."
                  + memory_summary(rows)]
    scaling = thread_scaling(os.path.dirname(path))
    if scaling:
        lines += ["", scaling]
    if notes:
        lines += [""] + notes
    if missing:
        lines += ["", "Not run yet: " + ", ".join(missing) + "."]
    if rows:
        r = rows[0]
        lines += ["", f"glmnet {r['glmnet_version']}, {r['r_version']}; repeats {r['repeats']}."]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


# One marker per configuration: colour for α, filled for standardized.
STYLES = {
    (1.0, True): ("#1f5fa8", True),
    (1.0, False): ("#1f5fa8", False),
    (0.5, True): ("#d2691e", True),
    (0.5, False): ("#d2691e", False),
}


def write_svg(path, rows, name):
    datasets = []
    for r in rows:
        if r["dataset"] not in datasets:
            datasets.append(r["dataset"])
    ratios = [r["ratio"] for r in rows if r.get("ratio")]
    lo = math.floor(math.log10(min(ratios + [0.5])))
    hi = math.ceil(math.log10(max(ratios + [2.0])))
    width_per = 70
    longest = max(len(d) for d in datasets)
    left, right, top = 90, 240, 70
    bottom = 60 + int(min(longest, 22) * 7 * 0.72)
    plot_w = max(width_per * len(datasets), 420)
    plot_h = 360
    W, H = left + plot_w + right, top + plot_h + bottom

    def ypos(v):
        return top + plot_h * (hi - math.log10(v)) / (hi - lo)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
        f'viewBox="0 0 {W} {H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
        f'<text x="{W / 2}" y="24" text-anchor="middle" font-size="16" '
        f'font-weight="bold">sparsereg vs glmnet: fit time of the same path ({escape(name)})</text>',
        f'<text x="{W / 2}" y="44" text-anchor="middle" fill="#444">'
        f"medians of the repeats, data already in memory; glmnet at its default "
        f"thresh 1e-7 (1 core),</text>",
        f'<text x="{W / 2}" y="59" text-anchor="middle" fill="#444">'
        f"sparsereg at its default, certified relative duality gap 1e-7 (1e-9 if α &lt; 1; all cores)</text>",
    ]
    # decades and the 2, 5 in between
    for e in range(lo, hi + 1):
        for m in (1, 2, 5):
            v = m * 10.0**e
            if v > 10.0**hi * 1.0001:
                continue
            y = ypos(v)
            major = m == 1
            out.append(
                f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{"#bbb" if major else "#e6e6e6"}" stroke-width="1"/>'
            )
            label = f"{v:g}×"
            out.append(
                f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" '
                f'fill="{"#000" if major else "#777"}">{label}</text>'
            )
    y1 = ypos(1)
    out.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{y1:.1f}" y2="{y1:.1f}" '
        f'stroke="#000" stroke-width="1.5" stroke-dasharray="6 4"/>'
    )
    out.append(
        f'<text x="{left + plot_w - 4}" y="{y1 - 6:.1f}" text-anchor="end" font-size="11">'
        f"same time</text>"
    )
    out.append(
        f'<rect x="{left + 1}" y="{top + 1}" width="118" height="17" fill="white"/>'
        f'<text x="{left + 4}" y="{top + 14}" font-size="11" fill="#a00">↑ sparsereg slower</text>'
    )
    out.append(
        f'<rect x="{left + 1}" y="{top + plot_h - 19}" width="118" height="18" fill="white"/>'
        f'<text x="{left + 4}" y="{top + plot_h - 6}" font-size="11" fill="#060">'
        f"↓ sparsereg faster</text>"
    )
    out.append(
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#000"/>'
    )
    # y axis title
    cy = top + plot_h / 2
    out.append(
        f'<text transform="translate(24 {cy}) rotate(-90)" text-anchor="middle" font-size="13">'
        f"sparsereg time / glmnet time (log scale)</text>"
    )
    # points
    step = plot_w / max(len(datasets), 1)
    for i, d in enumerate(datasets):
        x0 = left + step * (i + 0.5)
        if i > 0:
            xs = left + step * i
            out.append(
                f'<line x1="{xs:.1f}" x2="{xs:.1f}" y1="{top}" y2="{top + plot_h}" stroke="#f0f0f0"/>'
            )
        group = [r for r in rows if r["dataset"] == d]
        for r in group:
            key = (float(r["alpha"]), bool(r["standardize"]))
            colour, filled = STYLES.get(key, ("#555", True))
            k = list(STYLES).index(key) if key in STYLES else 0
            x = x0 + (k - 1.5) * 10
            if not r.get("ratio"):
                continue
            y = ypos(r["ratio"])
            title = (
                f"{r['name']}: sparsereg {r['sparsereg_seconds']:.3f} s, "
                f"glmnet {r['glmnet_seconds']:.3f} s, ratio {r['ratio']:.3g}"
            )
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{colour if filled else "white"}" '
                f'stroke="{colour}" stroke-width="2"><title>{escape(title)}</title></circle>'
            )
        label = d if len(d) <= 22 else d[:21] + "…"
        out.append(
            f'<text transform="translate({x0 + 4:.1f} {top + plot_h + 10}) rotate(-45)" '
            f'text-anchor="end">{escape(label)}</text>'
        )
    out.append(
        f'<text x="{left + plot_w / 2}" y="{H - 12}" text-anchor="middle" font-size="13">'
        f"data set (one point per case)</text>"
    )
    # legend
    lx, ly = left + plot_w + 20, top + 10
    out.append(f'<text x="{lx}" y="{ly}" font-weight="bold">case</text>')
    present = {(float(r["alpha"]), bool(r["standardize"])) for r in rows}
    shown = [(k, v) for k, v in STYLES.items() if k in present]
    for j, ((alpha, std), (colour, filled)) in enumerate(shown):
        yy = ly + 22 + 22 * j
        out.append(
            f'<circle cx="{lx + 8}" cy="{yy - 4}" r="5.5" fill="{colour if filled else "white"}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
        out.append(
            f'<text x="{lx + 20}" y="{yy}">α = {alpha:g}, '
            f'{"standardized" if std else "not standardized"}</text>'
        )
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--name", default="race")
    parser.add_argument("cases", nargs="+")
    a = parser.parse_args()
    rows, missing = load(a.out, a.cases)
    base = os.path.join(a.out, a.name)
    if not rows:
        print(f"race_report: no case done yet in {a.out}/cases", file=sys.stderr)
        return 1
    write_csv(base + ".csv", rows)
    write_markdown(base + ".md", rows, missing, a.name)
    write_svg(base + ".svg", rows, a.name)
    made = [base + ".md", base + ".csv", base + ".svg"]
    if shutil.which("rsvg-convert"):
        subprocess.run(["rsvg-convert", "-o", base + ".png", base + ".svg"], check=True)
        made.append(base + ".png")
    print(f"race_report: {len(rows)} case(s), {len(missing)} not run; wrote " + ", ".join(made))
    with open(base + ".md") as f:
        print(f.read())
    return 0


if __name__ == "__main__":
    sys.exit(main())
