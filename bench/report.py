#!/usr/bin/python3
"""report.py - the benchmark's table, ratios and bench/RESULTS.md (run by bench/run.sh).

    bench/report.py --runs bench/out/runs-N.tsv --persons N --threads T \
        --manifest DIR/2023-08/manifest.json --peer-totals bench/out/peer/peer-totals.json \
        [--cycle-manifest DIR/2023-09/manifest.json] --results bench/RESULTS.md

Reads the per-run figures that run.sh recorded (wall, user and system CPU and
peak RSS from /usr/bin/time -v; the floor's own write_wall and write_cpu),
takes medians, prints the table and the issue's ratios with each target met
or not, checks the peer's per-district, per-programme totals against payrun's
manifest, and rewrites the generated part of the results file (between
<!-- results --> and <!-- /results -->, one subsection per person count; the
rest of the file, "Where the time goes" included, is left as it is).
The payment cycle's case (programs "cpayrun" and "cfloor" in the runs file:
payrun and the floor on the 2023-09 month with --prev, --returns and
--adjustments) gets its own rows and its own two floor ratios. The xlsx case
(programs "xcsv" and "xlsx": `payrun check` of the same 100,000 rows as gzip
CSV and as .xlsx) gets its rows and the ratios .xlsx / csv.gz of the wall
and of the CPU time, at 1 and T threads, against issue 13's target of 2.
Machine details come from the BENCH_* environment variables run.sh sets.
"""

import argparse
import csv
import json
import os
import re
import statistics
import sys

GIB = 1 << 30


def fnum(x, d=2):
    return "-" if x is None else ("%.*f" % (d, x))


def load_runs(path):
    runs = {}
    with open(path, newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            runs.setdefault((r["program"], int(r["threads"])), []).append(r)
    return runs


def best_probe(runs):
    """The typical (median) bench/probe time over the whole benchmark, or None."""
    ps = [float(r[k]) for rs in runs.values() for r in rs for k in ("probe_before", "probe_after") if r.get(k)]
    return statistics.median(ps) if ps else None


def slowdown(r, best):
    """How much slower than usual the machine ran around run r (1.0 = as usual), or None."""
    ps = [float(r[k]) for k in ("probe_before", "probe_after") if r.get(k)]
    return max(ps) / best if ps and best else None


FLOORS = ("floor", "cfloor")
XCASE = ("xcsv", "xlsx")   # the xlsx case: 100,000 rows read, whatever the persons


def run_wall(r):
    return float(r["write_wall"]) if r["program"] in FLOORS else float(r["wall"])


def summarise(runs, key, lines, persons, best):
    rs = runs.get(key)
    if not rs:
        return None
    floor = key[0] in FLOORS
    if floor:
        walls = [float(r["write_wall"]) for r in rs]
        cpus = [float(r["write_cpu"]) for r in rs]
    else:
        walls = [float(r["wall"]) for r in rs]
        cpus = [float(r["user"]) + float(r["sys"]) for r in rs]
    rss = max(int(r["rss_kb"]) for r in rs) * 1024
    wall = statistics.median(walls)
    return {
        "runs": len(rs), "wall": wall, "wmin": min(walls), "wmax": max(walls),
        "cpu": statistics.median(cpus), "rss": rss,
        "proc_wall": statistics.median(float(r["wall"]) for r in rs),
        "lps": lines / wall if wall > 0 else None, "bpp": rss / persons,
        "other": statistics.median(float(r.get("other_load") or 0) for r in rs),
        "busy_runs": ["run %s %.0f %%" % (r["run"], 100 * float(r.get("other_load") or 0)) for r in rs
                      if float(r.get("other_load") or 0) >= 0.1],
        "slow": max(x for x in [slowdown(r, best) for r in rs] if x) if best else None,
        "slow_runs": ["run %s +%.0f %%" % (r["run"], 100 * (slowdown(r, best) - 1)) for r in rs
                      if best and slowdown(r, best) and slowdown(r, best) > 1.15],
        "by_run": {int(r["run"]): run_wall(r) for r in rs},
        "by_run_cpu": {int(r["run"]): (float(r["write_cpu"]) if floor else float(r["user"]) + float(r["sys"])) for r in rs},
        # the signed run's traced seal step (run.sh keeps it in the write_wall column)
        "write_wall": statistics.median(float(r["write_wall"]) for r in rs) if key[0] == "signed" else None,
    }


def agreement(manifest, peer_path):
    """-> (ok, text lines) comparing the peer's totals with payrun's manifest."""
    try:
        with open(peer_path) as fh:
            peer = json.load(fh)
    except OSError as e:
        return False, ["the peer's totals could not be read: %s" % e]
    out, ok = [], True
    pay = {d["district"]: d for d in manifest["totals"]["by_district"]}
    for code in sorted(set(pay) | set(peer)):
        pp = pay.get(code, {}).get("programs", {})
        qq = peer.get(code, {})
        for prog in sorted(set(pp) | set(qq)):
            a = pp.get(prog, {"lines": 0, "fen": 0})
            b = qq.get(prog, {"lines": 0, "fen": 0})
            if a["lines"] == 0 and b["lines"] == 0:
                continue
            if a["fen"] != b["fen"] or a["lines"] != b["lines"]:
                ok = False
                out.append("%s %s: payrun %d lines %d fen, peer %d lines %d fen (difference %+d fen)" % (
                    code, prog, a["lines"], a["fen"], b["lines"], b["fen"], b["fen"] - a["fen"]))
    fen_pay = sum(d["fen"] for d in manifest["totals"]["by_district"])
    fen_peer = sum(v["fen"] for d in peer.values() for v in d.values())
    head = "%d districts; payrun %d fen, peer %d fen" % (len(pay), fen_pay, fen_peer)
    if ok:
        return True, ["the peer agrees with payrun to the fen in every district and programme (%s)" % head]
    return False, ["the peer DISAGREES with payrun (%s):" % head] + ["  " + x for x in out]


def build(args):
    runs = load_runs(args.runs)
    with open(args.manifest) as fh:
        manifest = json.load(fh)
    lines = manifest["totals"]["lines"]
    cmanifest = None
    if args.cycle_manifest and os.path.exists(args.cycle_manifest):
        with open(args.cycle_manifest) as fh:
            cmanifest = json.load(fh)
    clines = cmanifest["totals"]["lines"] if cmanifest else lines
    N, T = args.persons, args.threads
    best = best_probe(runs)
    S = {k: summarise(runs, k, clines if k[0].startswith("c") else lines, N, best) for k in
         (("payrun", 1), ("payrun", T), ("signed", T), ("floor", 1), ("floor", T), ("peer", 1),
          ("cpayrun", 1), ("cpayrun", T), ("cfloor", 1), ("cfloor", T),
          ("xcsv", 1), ("xlsx", 1), ("xcsv", T), ("xlsx", T))}
    env = os.environ.get
    out = []
    out.append("### %s persons (%s)" % (format(N, ","), env("BENCH_DATE", "?")))
    out.append("")
    out.append("- machine: %s, %s, %s RAM, %s" % (env("BENCH_CPU", "?"), env("BENCH_CORES", "?"),
                                                      env("BENCH_MEM", "?"), env("BENCH_KERNEL", "?")))
    out.append("- payrun commit %s" % env("BENCH_COMMIT", "?"))
    out.append("- load average %s" % env("BENCH_LOAD", "?"))
    out.append("- %s payment lines from %s roster rows; harness took %ss (budget %ss, REPEAT=%s)" % (
        format(lines, ","), format(sum(i["rows"] for i in manifest["inputs"]), ","),
        env("BENCH_TOTAL", "?"), env("BENCH_BUDGET", "?"), env("BENCH_REPEAT", "?")))
    if cmanifest:
        cyc = {}
        for i in cmanifest["inputs"]:
            k = i.get("kind")
            if k in ("returns", "adjustments"):
                for f in ("rows", "accepted", "rejected", "held"):
                    if f in i:
                        cyc.setdefault(k, {}).setdefault(f, 0)
                        cyc[k][f] += i[f]
        out.append("- cycle case: the same rosters as %s with `--prev` the %s folder; %s payment lines; %s" % (
            cmanifest["month"], manifest["month"], format(clines, ","),
            env("BENCH_CYCLE", "").replace("cyclegen: ", "bench/cyclegen.py: ").strip() or "?"))
        if cyc:
            out.append("- payrun read them as: %s" % "; ".join(
                "%s %s" % (k, ", ".join("%s %s" % (f, format(v, ",")) for f, v in d.items())) for k, d in sorted(cyc.items())))
    if env("BENCH_XLSX"):
        out.append("- xlsx case: `payrun check --dibao FILE` of the same %s (the findings of both agree)" % env("BENCH_XLSX"))
    out.append("")
    out.append("| program | threads | runs | wall s (median) | min-max | CPU s (median) | peak RSS MiB | lines/s | bytes/person | others' load | machine slowdown (worst run) |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|")
    names = {"payrun": "payrun (end to end)", "signed": "payrun --sign-key (end to end)",
             "floor": "floor (writing only)", "peer": "peer (Python, end to end)",
             "cpayrun": "cycle: payrun (end to end)", "cfloor": "cycle: floor (writing only)",
             "xcsv": "xlsx case: payrun check, 100k rows as csv.gz", "xlsx": "xlsx case: payrun check, 100k rows as .xlsx"}
    for k, s in S.items():
        if s is None:
            continue
        out.append("| %s | %d | %d | %s | %s-%s | %s | %.0f | %s | %s | %.0f %% | %s |" % (
            names[k[0]], k[1], s["runs"], fnum(s["wall"]), fnum(s["wmin"]), fnum(s["wmax"]), fnum(s["cpu"]),
            s["rss"] / 1048576, format(int(s["lps"]), ",") if s["lps"] and k[0] not in XCASE else "-",
            "%.0f" % s["bpp"] if k[0] not in XCASE else "-", s["other"] * 100,
            "%+.0f %%" % (100 * (s["slow"] - 1)) if s["slow"] else "-"))
    out.append("")
    out.append("The floor's wall and CPU are its own timing of the writing alone (its process also loads "
               "and computes the month, untimed; its RSS is the whole process's). \"Others' load\" is the CPU "
               "time the rest of the machine used during the runs, as a share of all its CPUs (median): "
               "above a few per cent the figures, and the thread scaling most, are disturbed. \"Machine "
               "slowdown\" is how much longer bench/probe (a fixed workload on every CPU, run just before and "
               "just after each run) took than its median over the whole benchmark, for the row's worst run: "
               "load on the host of a virtual machine slows every program without showing in the guest's CPU "
               "accounting, and the harness waits (WAIT_STEADY) while the probe is more than 15 % slow.")
    slow = ["%s --threads %d (%s)" % (k[0], k[1], ", ".join(s["slow_runs"])) for k, s in S.items() if s and s["slow_runs"]]
    if slow:
        out.append("")
        out.append("Runs during or around which the machine ran more than 15 %% slower than usual: %s." % "; ".join(slow))
    busy = ["%s --threads %d (%s)" % (k[0], k[1], ", ".join(s["busy_runs"])) for k, s in S.items() if s and s["busy_runs"]]
    if busy:
        out.append("")
        out.append("Runs during which other processes used 10 %% or more of the CPUs: %s. %s" % (
            "; ".join(busy),
            "**The medians are disturbed: rerun on a quiet machine before judging the targets.**"
            if any(s["other"] >= 0.1 for s in S.values() if s) else
            "Each row's median stays under 10 %."))
    out.append("")
    out.append("| ratio | value (median of rounds) | each round | ratio of the medians | target | |")
    out.append("|---|---|---|---|---|---|")
    verdicts = []

    def ratio(name, ka, kb, target, op, cpu=False):
        """The median of the per-round ratios (run n of A over run n of B: the
        two ran within a minute or two, so a drift of the machine's speed
        mostly cancels), with the ratio of the medians beside it; of the
        wall times, or (cpu) of the CPU times."""
        a, b = S.get(ka), S.get(kb)
        if a is None or b is None:
            out.append("| %s | - | - | - | %s | not measured |" % (name, target))
            verdicts.append(None)
            return
        by, med = ("by_run_cpu", "cpu") if cpu else ("by_run", "wall")
        pairs = [a[by][n] / b[by][n] for n in sorted(set(a[by]) & set(b[by])) if b[by][n] > 0]
        v = statistics.median(pairs) if pairs else a[med] / b[med]
        met = v <= op if target.startswith("<=") else v >= op
        out.append("| %s | %.3f | %s | %.3f | %s | %s |" % (name, v, ", ".join("%.3f" % x for x in pairs) or "-",
                                                          a[med] / b[med], target, "met" if met else "**not met**"))
        verdicts.append(met)

    ratio("payrun(1) / floor(1), wall", ("payrun", 1), ("floor", 1), "<= 1.15", 1.15)
    ratio("payrun(%d) / floor(%d), wall" % (T, T), ("payrun", T), ("floor", T), "<= 1.15", 1.15)
    ratio("payrun(1) / payrun(%d), wall (speed-up)" % T, ("payrun", 1), ("payrun", T), ">= 1.8", 1.8)
    ratio("peer / payrun(%d), wall" % T, ("peer", 1), ("payrun", T), ">= 6", 6)
    if S.get(("cpayrun", 1)) or S.get(("cpayrun", T)):
        ratio("cycle: payrun(1) / floor(1), wall", ("cpayrun", 1), ("cfloor", 1), "<= 1.15", 1.15)
        ratio("cycle: payrun(%d) / floor(%d), wall" % (T, T), ("cpayrun", T), ("cfloor", T), "<= 1.15", 1.15)
    if any(S.get(k) for k in (("xlsx", 1), ("xlsx", T))):
        for t in (1, T):
            ratio("xlsx case: .xlsx / csv.gz, %d thread%s, wall" % (t, "s" if t > 1 else ""), ("xlsx", t), ("xcsv", t), "<= 2", 2)
            ratio("xlsx case: .xlsx / csv.gz, %d thread%s, CPU" % (t, "s" if t > 1 else ""), ("xlsx", t), ("xcsv", t), "<= 2", 2, cpu=True)
    sg, pt = S.get(("signed", T)), S.get(("payrun", T))
    if sg and pt and sg.get("write_wall") is not None:
        share = sg["write_wall"] / pt["wall"]
        met = share < 0.01
        out.append("| signing (link + signature, traced) / payrun(%d) wall | %.6f (%.6f s of %.2f s) | | | < 0.01 | %s |" % (
            T, share, sg["write_wall"], pt["wall"], "met" if met else "**not met**"))
        verdicts.append(met)
    for label, keys in (("payrun", (("payrun", 1), ("payrun", T))), ("cycle: payrun", (("cpayrun", 1), ("cpayrun", T)))):
        if not any(S.get(k) for k in keys):
            continue
        rss = max(S[k]["rss"] for k in keys if S.get(k))
        bpp = rss / N
        if N == 1000000:
            met = rss <= GIB
            out.append("| %s peak RSS at 1M persons | %.0f MiB (%.0f bytes/person) | | | <= 1024 MiB | %s |" % (
                label, rss / 1048576, bpp, "met" if met else "**not met**"))
        else:
            met = bpp * 1e6 <= GIB
            out.append("| %s peak RSS, %s persons, projected to 1M | %.0f MiB -> %.0f MiB (%.0f bytes/person) | | | <= 1024 MiB | %s (projected) |" % (
                label, format(N, ","), rss / 1048576, bpp * 1e6 / 1048576, bpp, "met" if met else "**not met**"))
        verdicts.append(met)
    out.append("")
    ok, text = agreement(manifest, args.peer_totals)
    out.append("Peer vs payrun: " + text[0])
    out.extend(text[1:])
    out.append("")
    return "\n".join(out), ok


def update_results(path, section, persons):
    begin, end = "<!-- results -->", "<!-- /results -->"
    tag = "<!-- n=%d -->" % persons
    if os.path.exists(path):
        with open(path) as fh:
            text = fh.read()
    else:
        text = ("# Benchmark results (issue 5)\n\n"
                "Written by `make bench` (bench/run.sh, bench/report.py; see bench/README.md). The part between the\n"
                "`results` markers is regenerated by each run, one subsection per person count (the latest run\n"
                "of each); everything else in this file is left alone.\n\n"
                "%s\n%s\n\n"
                "## Where the time goes\n\n"
                "(to be written: profile of payrun at 1M persons, perf or callgrind, what was tried and what it gave)\n"
                % (begin, end))
    if begin not in text or end not in text:
        block = "%s\n%s\n" % (begin, end)
        i = text.find("## Where the time goes")
        text = text[:i] + block + "\n" + text[i:] if i >= 0 else text.rstrip("\n") + "\n\n" + block
    i, j = text.index(begin) + len(begin), text.index(end)
    inner = text[i:j]
    # subsections: "<!-- n=N -->" then the text up to the next tag
    parts = {}
    for m in re.finditer(r"<!-- n=(\d+) -->\n(.*?)(?=<!-- n=\d+ -->|\Z)", inner, re.S):
        parts[int(m.group(1))] = m.group(2).strip("\n")
    parts[persons] = section.strip("\n")
    body = "\n".join("<!-- n=%d -->\n%s\n" % (n, parts[n]) for n in sorted(parts, reverse=True))
    text = text[:i] + "\n" + body + text[j:]
    with open(path, "w") as fh:
        fh.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", required=True)
    ap.add_argument("--persons", type=int, required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--peer-totals", required=True)
    ap.add_argument("--cycle-manifest", help="the cycle case's manifest.json (payrun --threads T)")
    ap.add_argument("--results", default="bench/RESULTS.md")
    args = ap.parse_args()
    section, ok = build(args)
    print()
    print(section)
    if args.results != "-":
        update_results(args.results, section, args.persons)
        print("(written to %s)" % args.results)
    return 0 if ok else 4


if __name__ == "__main__":
    sys.exit(main())
