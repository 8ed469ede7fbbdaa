"""bench/growth.sh's table and plot: growth_report.py SIZES_TSV HOSTS_TSV OUT writes OUT.md and OUT.svg.

SIZES_TSV rows: command, GB, bytes, lines, seconds, peak RSS KB.
HOSTS_TSV rows: hosts as given (1m), hosts as a number, bench/streaming.sh's table row.
"""
import math
import os
import sys

W, H, PAD = 520, 380, 64
COLOURS = ["#1f77b4", "#d62728", "#2ca02c"]


def read(path):
    return [l.rstrip("\n").split("\t") for l in open(path)] if os.path.exists(path) else []


def table(sizes, hosts):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    md = [f"# How cost grows\n\nMachine: {os.cpu_count()} cores ({cpu}); whole commands, one run each, page cache warmed before each.\n",
          "## Against input size (generated log, 100 k hosts, 24 h)\n",
          "| command | GB | M lines | s | s per GB | M lines/s | peak RSS MB |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for cmd, gb, size, lines, secs, rss in sizes:
        s = float(secs)
        md.append(f"| {cmd} | {int(size) / 1e9:.2f} | {int(lines) / 1e6:.0f} | {s:.1f} | {s / (int(size) / 1e9):.1f} | "
                  f"{int(lines) / 1e6 / s:.2f} | {int(rss) / 1024:.0f} |")
    md += ["\n`reports` with `--interactions off` (top_source, volume, connected_to/from of one watched host); "
           "`query` for one host and hour.\n",
           "## Against distinct hosts in one hour (streaming `run`, standalone cluster, 1 GiB TaskManager, RocksDB)\n",
           "| hosts | lines | steady M lines/s | whole M lines/s | checkpoints | failed | max checkpoint MB | peak RSS of the TaskManager MB |",
           "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    memory = []
    for n, count, row in hosts:
        # bench/streaming.sh's row: lines | hosts | zipf | span | every | where | steady | whole | checkpoints | failed | MB | s | RSS
        c = [x.strip() for x in row.strip().strip("|").split("|")]
        md.append(f"| {n} | {c[0]} | {c[6]} | {c[7]} | {c[8]} | {c[9]} | {c[10]} | {c[12]} |")
        memory.append((int(count), float(c[12]), n + (" (partial)" if "partial" in c[0] else "")))
    return "\n".join(md) + "\n", memory


def panel(x0, title, xlabel, ylabel, series):
    """A log-log line chart at x offset x0: series are (name, [(x, y, x label)])."""
    points = [p for _, ps in series for p in ps]
    if not points:
        return ""
    xs = [math.log10(p[0]) for p in points]
    ys = [math.log10(p[1]) for p in points]
    xmin, xmax = min(xs) - 0.15, max(xs) + 0.15
    ymin, ymax = min(ys) - 0.3, max(ys) + 0.3

    def X(v):
        return x0 + PAD + (math.log10(v) - xmin) / (xmax - xmin) * (W - 2 * PAD)

    def Y(v):
        return H - PAD - (math.log10(v) - ymin) / (ymax - ymin) * (H - 2 * PAD)

    svg = [f'<text x="{x0 + W / 2}" y="24" text-anchor="middle" font-size="15">{title}</text>',
           f'<line x1="{x0 + PAD}" y1="{H - PAD}" x2="{x0 + W - PAD}" y2="{H - PAD}" stroke="#333"/>',
           f'<line x1="{x0 + PAD}" y1="{PAD}" x2="{x0 + PAD}" y2="{H - PAD}" stroke="#333"/>',
           f'<text x="{x0 + W / 2}" y="{H - 14}" text-anchor="middle" font-size="12">{xlabel} (log scale)</text>',
           f'<text x="{x0 + 18}" y="{H / 2}" font-size="12" transform="rotate(-90 {x0 + 18} {H / 2})" '
           f'text-anchor="middle">{ylabel} (log scale)</text>']
    ticks = sorted({(p[0], p[2]) for p in points})
    for x, label in ticks:
        svg.append(f'<text x="{X(x):.1f}" y="{H - PAD + 18}" text-anchor="middle" font-size="11">{label}</text>')
    for i, (name, ps) in enumerate(series):
        ps = sorted(ps)
        path = " ".join(f"{'M' if j == 0 else 'L'}{X(a):.1f},{Y(b):.1f}" for j, (a, b, _) in enumerate(ps))
        svg.append(f'<path d="{path}" fill="none" stroke="{COLOURS[i]}" stroke-width="2"/>')
        for a, b, _ in ps:
            svg.append(f'<circle cx="{X(a):.1f}" cy="{Y(b):.1f}" r="4" fill="{COLOURS[i]}"/>')
            svg.append(f'<text x="{X(a) + 6:.1f}" y="{Y(b) - 7:.1f}" font-size="11">{b:.0f}</text>')
        svg.append(f'<text x="{x0 + PAD + 10}" y="{PAD + 16 * (i + 1)}" font-size="12" fill="{COLOURS[i]}">{name}</text>')
    return "\n".join(svg)


def main(sizes_tsv, hosts_tsv, out):
    sizes, hosts = read(sizes_tsv), read(hosts_tsv)
    md, memory = table(sizes, hosts)
    open(out + ".md", "w").write(md)
    by_command = {}
    for cmd, gb, size, lines, secs, rss in sizes:
        by_command.setdefault(cmd, []).append((int(size) / 1e9, float(secs), f"{float(gb):g} GB"))
    left = panel(0, "time against input size", "input", "seconds", [(f"connwatch {c}", p) for c, p in by_command.items()])
    right = panel(W, "memory against distinct hosts in an hour", "hosts", "peak RSS MB",
                  [("TaskManager process (1 GiB)", [(c, r, label) for c, r, label in memory])])
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * W}" height="{H}" font-family="sans-serif">'
           f'<rect width="100%" height="100%" fill="white"/>{left}{right}</svg>')
    open(out + ".svg", "w").write(svg)


if __name__ == "__main__":
    main(*sys.argv[1:4])
