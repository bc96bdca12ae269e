#!/usr/bin/env python3
"""Browser-stage benchmark through the command line: the real `ictrank demo` (its 12 fixture sites
served on loopback by the command itself; 11 answer, one is a script challenge the browser passes)
with the browser stage on, Debian's headless Chromium.

    benches/browser_cli.py [--bin target/release/ictrank] [--tabs 2] [--loads 3] [--runs 1]

Reports, from the stage's own log line ("browser stage finished pages=… seconds=…"), the sampled
pages measured per minute (each page: --loads timed loads, axe-core on the last, one load at phone
size with a screenshot; plus the challenge site's pages read behind its script), and the peak
memory, sampled every 0.25 s: the proportional set size (PSS) of ictrank and of Chromium's process
tree (PSS, since Chromium's processes share pages), and their sum.
"""
import argparse, os, pathlib, re, subprocess, sys, tempfile, threading, time

HERE = pathlib.Path(__file__).resolve().parent


def tree(root):
    """root and its descendants' pids."""
    parent = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    rest = f.read().rsplit(")", 1)[1].split()
                parent[int(d)] = int(rest[1])
            except (OSError, IndexError):
                pass
    out, i = [root], 0
    while i < len(out):
        out += [p for p, pp in parent.items() if pp == out[i]]
        i += 1
    return out


def pss(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser()
    default_bin = HERE.parent / "target" / "release" / "ictrank"
    if not default_bin.exists():
        default_bin = HERE.parent / "target" / "debug" / "ictrank"
    ap.add_argument("--bin", default=str(default_bin))
    ap.add_argument("--tabs", type=int, default=2)
    ap.add_argument("--loads", type=int, default=3)
    ap.add_argument("--runs", type=int, default=1)
    a = ap.parse_args()
    load_before = os.getloadavg()[0]
    for n in range(a.runs):
        out = pathlib.Path(tempfile.mkdtemp(prefix="browser-bench-"))
        cmd = [a.bin, "demo", "--out", str(out), "--browser", "required",
               "--browser-tabs", str(a.tabs), "--browser-loads", str(a.loads)]
        started = time.time()
        # the demo keeps its log lines off unless RUST_LOG asks for them
        env = dict(os.environ, RUST_LOG=os.environ.get("RUST_LOG", "info"))
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        peak = {"ictrank": 0, "chromium": 0, "sum": 0}
        done = threading.Event()

        def sample():
            while not done.is_set():
                pids = tree(p.pid)
                own = pss(p.pid)
                chrome = sum(pss(x) for x in pids[1:])
                peak["ictrank"] = max(peak["ictrank"], own)
                peak["chromium"] = max(peak["chromium"], chrome)
                peak["sum"] = max(peak["sum"], own + chrome)
                time.sleep(0.25)

        t = threading.Thread(target=sample, daemon=True)
        t.start()
        _, err = p.communicate()
        done.set()
        t.join()
        wall = time.time() - started
        m = re.search(r"browser stage finished .*?pages=(\d+) seconds=([\d.]+)", err)
        if p.returncode != 0 or not m:
            print(err[-3000:], file=sys.stderr)
            sys.exit(f"ictrank demo failed (exit {p.returncode}) or logged no browser stage")
        pages, secs = int(m.group(1)), float(m.group(2))
        mb = lambda b: b / 2**20
        print(f"run {n + 1}: {pages} pages in {secs:.1f} s through the browser stage = "
              f"{pages / secs * 60:.1f} pages/min (tabs {a.tabs}, loads {a.loads}); whole demo {wall:.1f} s; "
              f"peak PSS ictrank {mb(peak['ictrank']):.0f} MB, Chromium tree {mb(peak['chromium']):.0f} MB, "
              f"together {mb(peak['sum']):.0f} MB; load average before {load_before:.1f}, "
              f"after {os.getloadavg()[0]:.1f}; binary {a.bin}")


if __name__ == "__main__":
    main()
