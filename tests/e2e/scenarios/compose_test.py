#!/usr/bin/env python3
"""docker-compose.yml without a Docker engine: validates the file with `docker-compose config`,
then runs each service's command as the container would, on loopback. Service hostnames and
their port 8080 become 127.0.0.1 and a free port; the image's /scenarios is the source tree's
scenarios/library; the runner starts once every server's health check answers, as
`depends_on: condition: service_healthy` does.

    compose_test.py REPO_ROOT BIN_DIR_OF{mock-idp,mock-scim,scenario-runner}...
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import yaml


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def localise(argv, hosts, library):
    """The container's argv with compose hostnames, 0.0.0.0:8080 and /scenarios made local."""
    out = []
    for arg in argv:
        for host, port in hosts.items():
            arg = arg.replace(f"http://{host}:8080", f"http://127.0.0.1:{port}")
        if arg.startswith("/scenarios/"):
            arg = os.path.join(library, arg[len("/scenarios/"):])
        out.append(arg)
    return out


def wait_healthy(url, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_harness/health", timeout=2) as r:
                if json.loads(r.read()).get("status") == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"FAIL: {url} never became healthy")


def main():
    root, bins = sys.argv[1], sys.argv[2:]
    binaries = {os.path.basename(b): b for b in bins}
    compose_file = os.path.join(root, "docker-compose.yml")

    compose = shutil.which("docker-compose")
    if compose:
        check = subprocess.run([compose, "-f", compose_file, "config", "-q"], capture_output=True,
                               text=True)
        if check.returncode != 0:
            raise SystemExit(f"FAIL: docker-compose config: {check.stderr.strip()}")
        print("docker-compose config: valid")
    else:
        print("docker-compose not installed: checking the file's structure only")

    with open(compose_file) as f:
        spec = yaml.safe_load(f)
    services = spec["services"]
    assert set(services) == {"mock-idp", "mock-scim", "runner"}, services.keys()
    for name in ("mock-idp", "mock-scim"):
        assert "healthcheck" in services[name], f"{name} has no health check"
    needs = services["runner"]["depends_on"]
    assert all(needs[s]["condition"] == "service_healthy" for s in ("mock-idp", "mock-scim"))

    hosts = {name: free_port() for name in ("mock-idp", "mock-scim")}
    library = os.path.join(root, "scenarios", "library")
    procs = []
    try:
        for name in ("mock-idp", "mock-scim"):
            argv = localise(services[name]["command"], hosts, library)
            argv = [binaries[argv[0]]] + [a.replace("0.0.0.0:8080", f"127.0.0.1:{hosts[name]}")
                                          for a in argv[1:]]
            procs.append(subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL))
        for name in ("mock-idp", "mock-scim"):
            wait_healthy(f"http://127.0.0.1:{hosts[name]}")
        argv = localise(services["runner"]["command"], hosts, library)
        argv[0] = binaries[argv[0]]
        run = subprocess.run(argv + ["--junit", os.devnull], capture_output=True, text=True,
                             stdin=subprocess.DEVNULL, timeout=120)
        print(run.stdout[-3000:])
        if run.returncode != 0:
            print(run.stderr[-2000:])
            raise SystemExit(f"FAIL: the runner service exited {run.returncode}")
        assert "== PASSED" in run.stdout, "the runner did not report a passed scenario"
        for p in procs:
            p.terminate()
            assert p.wait(timeout=10) == 0, "a server did not exit 0 on SIGTERM"
        print("compose services: the walkthrough passed against mock-idp and mock-scim")
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()


if __name__ == "__main__":
    main()
