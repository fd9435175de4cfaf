#!/usr/bin/env python3
"""Benchmarks the lab's servers with wrk and prints a table (see bench/README.md).

    python3 bench/run.py [--build-dir build/release] [--duration 10] [--connections 32]
                         [--threads 2] [--only NAME,...]

Every figure is measured in the same run, on this machine, against the bare cpp-httplib server
(bench/raw_httplib_server.cpp) as the HTTP layer's limit. Not part of CI.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Server:
    """A server binary started on port 0; the URL comes from its readiness line."""

    def __init__(self, argv):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True)
        line = self.proc.stdout.readline().strip()
        self.ready_after = time.perf_counter() - self.started
        if not line.startswith("listening on "):
            raise RuntimeError(f"{argv[0]}: no readiness line (got {line!r})")
        self.url = line[len("listening on "):]

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        return float("nan")

    def stop(self):
        self.proc.terminate()
        return self.proc.wait(timeout=20)


def http(method, url, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as r:
        text = r.read().decode()
        return json.loads(text) if text else None


def wrk(url, args, script=None, env=None):
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
    if script:
        cmd += ["-s", os.path.join(ROOT, "bench", "wrk", script)]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})},
                         check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "p99_ms": float(p99.group(1)) * scale,
            "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": errors.group(0) if errors else ""}


def enable_provisioning(url):
    enabled = http("POST", url + "/_harness/provisioning")
    return enabled["scimEndpoint"].rstrip("/"), enabled["accessToken"]


def seed(build, endpoint, token, users, groups, members):
    out = subprocess.run([os.path.join(build, "bench", "scim-seed"), endpoint, token, str(users),
                          str(groups), str(members), "8"], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)


def readiness(binary, runs=20):
    times = []
    for _ in range(runs):
        s = Server([binary, "--listen", "127.0.0.1:0", "--log-level", "warn"])
        times.append(s.ready_after * 1000)
        s.stop()
    return statistics.median(times), max(times)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--build-dir", default=os.path.join(ROOT, "build", "release"))
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--scale-users", type=int, default=100000)
    p.add_argument("--scale-groups", type=int, default=1000)
    p.add_argument("--scale-members", type=int, default=100)
    p.add_argument("--only", default="", help="comma list: http,scim,scale,readiness")
    args = p.parse_args()
    only = set(filter(None, args.only.split(",")))
    build = os.path.abspath(args.build_dir)
    rows = []

    def row(name, result, limit=None, target=None):
        share = f"{100 * result['rps'] / limit:.0f} %" if limit else ""
        rows.append((name, f"{result['rps']:,.0f}", f"{result['p99_ms']:.2f}", share,
                     target or "", result["non2xx"]))
        print(f"  {name}: {result['rps']:,.0f} req/s, p99 {result['p99_ms']:.2f} ms "
              f"{share} non-2xx {result['non2xx']} {result['socket_errors']}", flush=True)

    limit = None
    if not only or "http" in only or "scim" in only:
        raw = Server([os.path.join(build, "bench", "raw-httplib-server"), "64"])
        try:
            r = wrk(raw.url + "/Users/x", args)
            limit = r["rps"]
            row("raw cpp-httplib GET (the limit)", r)
        finally:
            raw.stop()
        if not only or "http" in only:
            raw = Server([os.path.join(build, "bench", "raw-httplib-server"), "8", "defaults"])
            try:
                row("raw cpp-httplib GET, library defaults", wrk(raw.url + "/Users/x", args))
            finally:
                raw.stop()

    mock_scim = os.path.join(build, "mock-scim", "mock-scim")
    if not only or "scim" in only:
        s = Server([mock_scim, "--listen", "127.0.0.1:0", "--no-access-log", "--log-level", "warn"])
        try:
            endpoint, token = enable_provisioning(s.url)
            seeded = seed(build, endpoint, token, 100, 10, 10)
            env = {"TOKEN": token}
            row("mock-scim GET /Users/{id}",
                wrk(f"{endpoint}/Users/{seeded['firstUserId']}", args, "auth_get.lua", env), limit,
                ">= 80 %")
            flt = urllib.request.quote('userName eq "seed7@contoso.onmicrosoft.com"')
            row("mock-scim GET /Users?filter=userName eq",
                wrk(f"{endpoint}/Users?filter={flt}", args, "auth_get.lua", env), limit, ">= 75 %")
            row("mock-scim POST /Users", wrk(f"{endpoint}/Users", args, "create_user.lua", env),
                limit, ">= 50 %")
        finally:
            s.stop()

    if not only or "scale" in only:
        s = Server([mock_scim, "--listen", "127.0.0.1:0", "--no-access-log", "--log-level", "warn"])
        try:
            endpoint, token = enable_provisioning(s.url)
            before = s.rss_mb()
            seeded = seed(build, endpoint, token, args.scale_users, args.scale_groups,
                          args.scale_members)
            after = s.rss_mb()
            print(f"  seeded {args.scale_users} users, {args.scale_groups} groups x "
                  f"{args.scale_members} members in {seeded['seconds']:.1f} s; RSS {before:.1f} MB "
                  f"-> {after:.1f} MB", flush=True)
            rows.append((f"mock-scim RSS with {args.scale_users:,} users, {args.scale_groups:,} "
                         f"groups x {args.scale_members}", f"{after:.0f} MB", "", "", "<= 200 MB", 0))
            env = {"TOKEN": token}
            flt = urllib.request.quote(f'userName eq "seed{args.scale_users // 2}@contoso.onmicrosoft.com"')
            row(f"  filter userName eq at {args.scale_users:,} users",
                wrk(f"{endpoint}/Users?filter={flt}", args, "auth_get.lua", env), limit)
            gflt = urllib.request.quote('displayName eq "Seed Group 500"')
            row(f"  filter displayName eq at {args.scale_groups:,} groups",
                wrk(f"{endpoint}/Groups?filter={gflt}", args, "auth_get.lua", env), limit)
        finally:
            s.stop()

    if not only or "readiness" in only:
        med, worst = readiness(mock_scim)
        rows.append(("mock-scim start to readiness line (20 runs)", f"{med:.1f} ms median",
                     f"{worst:.1f} max", "", "< 50 ms", 0))

    print()
    print(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
          f"{os.cpu_count()} cores shared by wrk and the server")
    print(f"| measurement | req/s (or value) | p99 ms | share of limit | target | non-2xx |")
    print(f"|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(str(c) for c in r) + " |")


if __name__ == "__main__":
    sys.exit(main())
