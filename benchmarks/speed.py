"""Speed: index build rate, query latency p50/p95 and peak memory, ours vs SQLite FTS5 vs stock Whoosh, one process.

    python -m benchmarks.speed [--corpus ../shared/corpus] [--scale 12835] [--repeat 20] [--skip-stock]
                               [--limitmb 256] [--json out.json] [--previous earlier.json]

``--scale 50000`` repeats the corpus with variations (paragraph order rotated, some syllables dropped, a copy marker
added) to reach 50k documents. Latency includes our snippets (highlighting) and facets; FTS5's includes snippet().
Appends a section to benchmarks/results/speed.md (or writes --out-name). Build time is reported as wall time and as
CPU time of the process (the machine is shared: CPU seconds are the steadier figure). ``--json`` saves the figures;
``--previous`` adds a run saved that way (for example the previous code on the same day) to the summary table, so each
figure is shown against FTS5 and against the previous run.
"""

from __future__ import annotations

import json
import os
import random
import time

from benchmarks.common import (
    FTS5,
    Ours,
    StockWhoosh,
    arg_parser,
    corpus_files,
    load_queries,
    load_units,
    peak_rss_mb,
)

ONE_WORD = ["thuế", "đất", "lao", "tài", "phạt", "con", "nhà", "xe"]
TWO_THREE = [
    "ma túy",
    "đất đai",
    "hôn nhân gia đình",
    "bảo hiểm xã hội",
    "trách nhiệm hình sự",
    "hợp đồng lao động",
    "cai cach hanh chinh",
    "thừa kế",
]
PHRASES = [
    '"trách nhiệm hình sự"',
    '"hợp đồng lao động"',
    '"bảo hiểm xã hội"',
    '"quyền sử dụng đất"',
    '"an ninh quốc gia"',
    '"ủy ban nhân dân"',
]


def varied(units: list[dict], target: int) -> list[dict]:
    """The corpus repeated with variations until ``target`` units."""
    out = list(units)
    rnd = random.Random(7)
    copy = 1
    while len(out) < target:
        for u in units:
            if len(out) >= target:
                break
            paras = [p for p in (u.get("text") or "").split("\n") if p.strip()]
            if len(paras) > 1:
                k = copy % len(paras)
                paras = paras[k:] + paras[:k]
            text = "\n".join(paras)
            words = text.split(" ")
            words = [w for w in words if rnd.random() > 0.05]
            out.append(
                {
                    **u,
                    "id": "%s#v%d" % (u["id"], copy),
                    "title": "%s (bản %d)" % (u.get("title") or "", copy),
                    "text": " ".join(words),
                }
            )
        copy += 1
    return out


def pct(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


CPU_TIMES: dict = {}  # (engine, group) -> (p50, p95) of CPU ms per query, filled by timed()


def timed(fn, queries, repeat, key=None):
    """Wall-clock (p50, p95) in ms; the CPU-time percentiles of the same calls go to CPU_TIMES[key]."""
    times, cpu = [], []
    for _ in range(repeat):
        for q in queries:
            c0, t0 = time.process_time(), time.perf_counter()
            fn(q)
            times.append(1000 * (time.perf_counter() - t0))
            cpu.append(1000 * (time.process_time() - c0))
    if key is not None:
        CPU_TIMES[key] = (pct(cpu, 50), pct(cpu, 95))
    return pct(times, 50), pct(times, 95)


def summary(now: dict, previous: dict | None) -> list[str]:
    """One table: each figure of ours, FTS5's, the ratio, and (with ``previous``) the earlier run's and the change."""
    head = "| figure | ours | FTS5 | ours ÷ FTS5 |"
    rule = "|---|---|---|---|"
    if previous:
        head += " previous run: ours | previous ÷ FTS5 | ours now ÷ previous |"
        rule += "---|---|---|"
    out = [
        "",
        "Summary (%d documents)%s:"
        % (now["docs"], " against " + previous.get("label", "the previous run") if previous else ""),
        "",
        head,
        rule,
    ]

    def row(name, ours, fts, prev=None, prev_fts=None, fmt="{:.1f}"):
        line = f"| {name} | {fmt.format(ours)} | {fmt.format(fts)} | {ours / max(fts, 1e-9):.2f}× |"
        if previous:
            if prev is None:
                line += " — | — | — |"
            else:
                line += f" {fmt.format(prev)} | {prev / max(prev_fts, 1e-9):.2f}× | {ours / prev:.2f}× |"
        return line

    def build_rate(run, key):
        b = run["build"][key]
        return run["docs"] / b["cpu"]

    prev_ok = previous and previous.get("docs") == now["docs"]
    if "ours" in now["build"] and (not prev_ok or "ours" in previous["build"]):
        out.append(
            row(
                "build, documents per CPU second (higher is better)",
                build_rate(now, "ours"),
                build_rate(now, "fts5"),
                build_rate(previous, "ours") if prev_ok else None,
                build_rate(previous, "fts5") if prev_ok else None,
                "{:.0f}",
            )
        )
    for name in ("1 word", "2–3 words", "phrase", "number", "25-word question"):
        o, f = now["latency"].get("ours|" + name), now["latency"].get("fts5|" + name)
        if not (o and f):
            continue
        po = previous["latency"].get("ours|" + name) if prev_ok else None
        pf = previous["latency"].get("fts5|" + name) if prev_ok else None
        out.append(row(name + ", p95 ms", o["p95"], f["p95"], po and po["p95"], pf and pf["p95"]))
        if "cpu_p95" in o and "cpu_p95" in f:
            pc = po.get("cpu_p95") if po else None
            pfc = pf.get("cpu_p95") if pf else None
            out.append(row(name + ", p95 CPU ms", o["cpu_p95"], f["cpu_p95"], pc, pfc))
    return out


def main() -> None:
    p = arg_parser(__doc__)
    p.add_argument("--scale", type=int, default=0, help="number of documents (default: the corpus as it is)")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--skip-stock", action="store_true", help="leave out stock Whoosh (slow at 50k)")
    p.add_argument("--out-name", default="speed.md")
    p.add_argument("--limitmb", type=int, default=256, help="our writer's memory limit")
    p.add_argument("--json", help="also save the figures to this JSON file")
    p.add_argument("--previous", help="a JSON file of an earlier run, shown beside this one")
    p.add_argument("--label", default="", help="what this run measured (code, machine load), for the tables")
    p.add_argument("--index", help="query an existing index folder of ours instead of building one (latency only)")
    p.add_argument("--table", help="print the summary table of this saved JSON run (with --previous) and exit")
    args = p.parse_args()
    if args.table:
        previous = json.load(open(args.previous, encoding="utf-8")) if args.previous else None
        print("\n".join(summary(json.load(open(args.table, encoding="utf-8")), previous)))
        return
    docs_path, queries_path = corpus_files(args.corpus)
    units = load_units(docs_path)
    if args.scale and args.scale != len(units):
        units = varied(units, args.scale)
    mb = sum(len((u.get("title") or "").encode()) + len((u.get("text") or "").encode()) for u in units) / 1e6
    questions = [q["query"] for q in load_queries(queries_path) if 22 <= len(q["query"].split()) <= 28][:40]
    numbers = list(dict.fromkeys(u["number"] for u in units if u.get("number")))[:30] or ["91/2016/NĐ-CP"]
    groups = {
        "1 word": ONE_WORD,
        "2–3 words": TWO_THREE,
        "phrase": PHRASES,
        "number": numbers[:8],
        "25-word question": questions,
    }
    engines = [("ours", Ours(args.index)), ("fts5", FTS5())] + ([] if args.skip_stock else [("stock", StockWhoosh())])
    build, lat = {}, {}
    for key, engine in engines:
        if key == "ours" and args.index:
            engine.manager.searcher()
            continue
        rss0 = peak_rss_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        engine.build(units, limitmb=args.limitmb) if key == "ours" else engine.build(units)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        build[key] = (secs, len(units) / secs, mb / secs, peak_rss_mb() - rss0, cpu)
        print("%s built %d docs in %.1fs (%.1f CPU s)" % (key, len(units), secs, cpu), flush=True)
    for key, engine in engines:
        for name, qs in groups.items():
            if key == "fts5":
                fn = (
                    (lambda q, e=engine: e.run(q, 10, phrase=True))
                    if name == "phrase"
                    else (lambda q, e=engine: e.run(q, 10))
                )
            elif key == "stock" and name == "phrase":
                continue
            else:

                def fn(q, e=engine):
                    return e.run(q, 10)

            reps = 1 if (key == "stock" and name == "25-word question") else args.repeat
            lat[(key, name)] = timed(fn, qs, reps, key=(key, name))
            print(
                key,
                name,
                "p50 {:.1f} p95 {:.1f} ms, CPU p50 {:.1f} p95 {:.1f} ms".format(
                    *lat[(key, name)], *CPU_TIMES[(key, name)]
                ),
                flush=True,
            )
    f = build["fts5"]
    lines = [
        "",
        "## %d documents (%.1f MB of text)" % (len(units), mb),
        "",
        "Build (one process; ours: one writer, limitmb=%d)%s:"
        % (args.limitmb, " — " + args.label if args.label else ""),
        "",
        "| engine | seconds | CPU seconds | docs/s | docs per CPU s | MB per CPU s | × FTS5 CPU time | peak RSS growth MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, engine in engines:
        if key not in build:
            lines.append(f"| {engine.name} | not built: queried {args.index} | | | | | | |")
            continue
        s, dps, mbs, rss, cpu = build[key]
        lines.append(
            f"| {engine.name} | {s:.1f} | {cpu:.1f} | {dps:.0f} | {len(units) / cpu:.0f} | {mb / cpu:.3f} | "
            f"{cpu / f[4]:.1f}× | {rss:.0f} |"
        )
    lines += [
        "",
        "Query latency in ms, p50 / p95 (ours: hits + snippets + facets + total; FTS5: snippet() + count; "
        "stock Whoosh: highlights), ratio = ours p95 / FTS5 p95:",
        "",
        "| query kind | ours p50 / p95 | FTS5 p50 / p95 | stock Whoosh p50 / p95 | ours÷FTS5 (p95) |",
        "|---|---|---|---|---|",
    ]
    for name in groups:
        o, fx = lat[("ours", name)], lat[("fts5", name)]
        st = lat.get(("stock", name))
        lines.append(
            "| {} | {:.1f} / {:.1f} | {:.1f} / {:.1f} | {} | {:.1f}× |".format(
                name, o[0], o[1], fx[0], fx[1], "{:.1f} / {:.1f}".format(*st) if st else "—", o[1] / max(fx[1], 1e-6)
            )
        )
    lines += ["", f"Peak RSS of the whole run: {peak_rss_mb():.0f} MB."]
    figures = {
        "docs": len(units),
        "mb": mb,
        "label": args.label,
        "build": {k: {"seconds": v[0], "cpu": v[4], "rss_mb": v[3]} for k, v in build.items()},
        "latency": {
            "%s|%s" % k: {"p50": v[0], "p95": v[1], "cpu_p50": CPU_TIMES[k][0], "cpu_p95": CPU_TIMES[k][1]}
            for k, v in lat.items()
        },
    }
    lines += summary(figures, json.load(open(args.previous, encoding="utf-8")) if args.previous else None)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(figures, fh, indent=1)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, args.out_name)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
