#!/usr/bin/env python3
"""Crawler benchmark through the command line: the real `ictrank crawl` on a loopback farm of
static nginx sites (../shared/tools/farm), with nothing but `--per-host-rate` (and
`--allow-private-addresses`, since the farm is on 127.0.x.y) given.

    benches/crawl_cli_farm.py [--hosts 200] [--pages 60] [--rate 2] [--max-pages 60]
                              [--bin target/release/ictrank] [--port 18080] [--national]

`--national` is a national-scale slice: 2,000 hosts × 20 pages (`--hosts 2000 --pages 20`), the
crawler's peak RSS checked against 256 MB (exit status 1 above it). Give `--rate` as a user would
for such a run (e.g. 0.5: a bound of ~44 s).

Reports the crawl's wall time against the politeness bound (the busiest host's requests, as
nginx logged them, minus one, divided by the rate), the crawler's peak RSS and CPU time, and the pacing as
nginx saw it (politeness.py: the smallest gap between two requests to one host).
"""
import argparse, json, os, pathlib, shutil, subprocess, sys, tempfile, time, collections

HERE = pathlib.Path(__file__).resolve().parent
RSS_LIMIT_MB = 256  # the national slice's memory bound
FARM = pathlib.Path(os.environ.get("FARM_TOOLS", HERE.parent.parent / "shared" / "tools" / "farm"))


def machine_times():
    """The machine's CPU seconds so far by state, from /proc/stat's `cpu` line ({} without it)."""
    try:
        fields = pathlib.Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    except OSError:
        return {}
    tick = os.sysconf("SC_CLK_TCK")
    names = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"]
    return {n: int(v) / tick for n, v in zip(names, fields)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", type=int, default=200)
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--rate", type=float, default=2.0)
    ap.add_argument("--max-pages", type=int, default=60)
    ap.add_argument("--port", type=int, default=18080)
    ap.add_argument("--bin", default=str(HERE.parent / "target" / "release" / "ictrank"))
    ap.add_argument("--farm-dir", help="generate the farm here once and reuse it in later runs "
                    "(default: a fresh one in the temporary folder, removed afterwards)")
    ap.add_argument("--wrap", default="", help="a profiler command the crawler runs under "
                    "(e.g. 'heaptrack -o /tmp/crawl'; its peak RSS and CPU are then counted in)")
    ap.add_argument("--keep-log", action="store_true",
                    help="keep nginx's access log (its path is printed) instead of removing it")
    ap.add_argument("--national", action="store_true",
                    help="2,000 hosts x 20 pages, peak RSS must stay within 256 MB")
    a = ap.parse_args()
    if a.national:
        a.hosts, a.pages = 2000, 20
    load_before = os.getloadavg()[0]
    started_utc = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    work = pathlib.Path(tempfile.mkdtemp(prefix="crawl-cli-farm-"))
    work.chmod(0o755)  # nginx's workers (nobody) read the farm
    # The server's files (its access log above all) on a memory file system when there is one: a
    # remote server does not share the crawler's disk, and here nginx's log writes would wait
    # behind the crawler's database syncs, then log a burst of requests at once (gaps it never had).
    shm = pathlib.Path("/dev/shm")
    server = pathlib.Path(tempfile.mkdtemp(prefix="crawl-cli-farm-nginx-", dir=shm if shm.is_dir() else None))
    server.chmod(0o755)
    env = dict(os.environ, FARM_PREFIX=str(server / "nginx"), FARM_LOG="1")
    farm = pathlib.Path(a.farm_dir).resolve() / f"{a.hosts}x{a.pages}" if a.farm_dir else work / "farm"
    if not (farm / "done").exists():
        subprocess.run([sys.executable, FARM / "gen.py", "--hosts", str(a.hosts), "--pages", str(a.pages),
                        "--out", farm], check=True, stdout=subprocess.DEVNULL)
        (farm / "done").touch()
    subprocess.run([FARM / "serve.sh", farm, str(a.port)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    log = server / "nginx" / "access.log"
    try:
        time.sleep(1.5)  # serve.sh's own check requests reach the log (flush=1s)
        start_byte = log.stat().st_size if log.exists() else 0
        ips = sorted((p.name for p in farm.iterdir() if p.name.startswith("127.")),
                     key=lambda ip: [int(x) for x in ip.split(".")])
        urls = [f"http://{ip}:{a.port}/" for ip in ips]
        cmd = [*a.wrap.split(), a.bin, "crawl", *urls, "--db", str(work / "crawl.db"),
               "--per-host-rate", str(a.rate), "--max-pages", str(a.max_pages),
               "--allow-private-addresses"]
        stdout_path, stderr_path = work / "crawl.out", work / "crawl.err"
        with open(stdout_path, "w") as so, open(stderr_path, "w") as se:
            machine_before = machine_times()
            t0 = time.monotonic()
            child = subprocess.Popen(cmd, stdout=so, stderr=se, env=dict(os.environ, RUST_LOG="warn"))
            _, status, usage = os.wait4(child.pid, 0)  # the crawler's own peak RSS and CPU
            wall = time.monotonic() - t0
            machine = {k: round(v - machine_before[k], 1) for k, v in machine_times().items()}
        peak_rss_mb = usage.ru_maxrss / 1024
        cpu_s = usage.ru_utime + usage.ru_stime
        stdout = stdout_path.read_text()
        if os.waitstatus_to_exitcode(status) != 0:
            print(stdout, stderr_path.read_text(), file=sys.stderr)
            sys.exit(f"ictrank crawl failed ({os.waitstatus_to_exitcode(status)})")
        time.sleep(1.5)  # nginx flushes its log buffer every second
    finally:
        subprocess.run([FARM / "stop.sh"], env=env, stdout=subprocess.DEVNULL)
        # the store with its -wal and -shm files, the crawler's output (read above) and a fresh farm
        shutil.rmtree(work, ignore_errors=True)
    per_host = collections.Counter()
    with open(log, "rb") as f:
        f.seek(start_byte)
        for line in f:
            per_host[line.split()[2].decode()] += 1
    busiest = max(per_host.values())
    bound = (busiest - 1) / a.rate
    pacing = json.loads(subprocess.run(
        [sys.executable, FARM / "politeness.py", log, "--from-byte", str(start_byte),
         "--delay", str(1 / a.rate)], capture_output=True, text=True, check=True).stdout)
    print(stdout.strip())
    if a.keep_log:
        print(f"nginx access log: {log}")
    else:
        shutil.rmtree(server)
    report = {
        "date_utc": started_utc, "load_avg_1m": round(load_before, 1),
        "hosts": a.hosts, "rate": a.rate, "max_pages": a.max_pages,
        "requests": sum(per_host.values()), "busiest_host_requests": busiest,
        "wall_s": round(wall, 2), "bound_s": round(bound, 2), "wall_over_bound": round(wall / bound, 3),
        "peak_rss_mb": round(peak_rss_mb, 1), "cpu_s": round(cpu_s, 1),
        "cpu_ms_per_request": round(1000 * cpu_s / sum(per_host.values()), 2),
        "min_gap_s": pacing["min_gap_s"], "p1_gap_s": pacing["p1_gap_s"],
        "min_gap_over_interval": round(pacing["min_gap_s"] * a.rate, 3),
        "hosts_below_95pct": pacing["hosts_below_delay"],
        # the whole machine's CPU seconds over the crawl (all cores): a slow run with much steal or
        # iowait was slowed by the virtual machine's host or the disk, not by the crawler
        "machine_cpu_s": machine,
    }
    print(json.dumps(report, ensure_ascii=False))
    if a.national and peak_rss_mb > RSS_LIMIT_MB:
        sys.exit(f"peak RSS {peak_rss_mb:.1f} MB is over the {RSS_LIMIT_MB} MB bound")


if __name__ == "__main__":
    main()
