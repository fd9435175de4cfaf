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


class Limit:
    """The HTTP layer's limit: the bare cpp-httplib server, kept running for the whole run and
    measured again after every row, so that each share is taken against the limit measured just
    before and just after it. On a shared virtual machine the speed drifts by 20 % and more
    within minutes; a single limit measured at the start would put that drift into the shares."""

    def __init__(self, build, args):
        self.args = args
        self.server = Server([os.path.join(build, "bench", "raw-httplib-server"), "64"])
        self.runs = []

    def measure(self):
        r = wrk(self.server.url + "/Users/x", self.args)
        self.runs.append(r)
        print(f"  (limit: {r['rps']:,.0f} req/s, p99 {r['p99_ms']:.2f} ms)", flush=True)
        return r["rps"]

    def latest(self):
        return self.runs[-1]["rps"] if self.runs else self.measure()

    def stop(self):
        self.server.stop()
        return self.runs


def http(method, url, body=None, token=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        text = r.read().decode()
        return json.loads(text) if text else None


def aws(url, operation, body):
    """One sso-admin call in AWS JSON 1.1."""
    req = urllib.request.Request(url + "/", data=json.dumps(body).encode(), method="POST")
    req.add_header("Content-Type", "application/x-amz-json-1.1")
    req.add_header("X-Amz-Target", "SWBExternalService." + operation)
    req.add_header("X-Amz-Date", "20270101T000000Z")
    req.add_header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20270101/us-east-1/"
                   "sso/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "0" * 64)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read().decode())


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


def openssl_rsa2048_signs(seconds=5, elapsed=False):
    """`openssl speed rsa2048`: sign/s on one core, per CPU second (its default: user time) or
    per wall second (-elapsed)."""
    out = subprocess.run(["openssl", "speed", "-seconds", str(seconds)] +
                         (["-elapsed"] if elapsed else []) + ["rsa2048"],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"^rsa 2048 bits\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)", out, re.M)
    return float(m.group(1))


def tool(build, *argv):
    out = subprocess.run([os.path.join(build, "bench", argv[0]), *map(str, argv[1:])],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def authn_request_query(entity_id, acs, now):
    """A deflated, base64ed AuthnRequest for the HTTP-Redirect binding (as AWS sends it)."""
    import base64
    import zlib
    xml = ('<saml2p:AuthnRequest xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" '
           f'AssertionConsumerServiceURL="{acs}" ID="_bench-0001" IssueInstant="{now}" '
           'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Version="2.0">'
           '<saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">'
           f'{entity_id}</saml2:Issuer></saml2p:AuthnRequest>')
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = c.compress(xml.encode()) + c.flush()
    return "SAMLRequest=" + urllib.request.quote(base64.b64encode(raw).decode(), safe="")


def idp_fixture(users, groups, members, entity_id, acs):
    """A mock-idp config: USERS users, GROUPS groups of MEMBERS users each (all assigned)."""
    tenant = "8f2b1c6e-4d3a-4e59-9b7c-2a1d0e3f4c5b"
    us = [{"userPrincipalName": f"user{i}@contoso.onmicrosoft.com", "displayName": f"User {i}",
           "givenName": "User", "surname": str(i), "mail": f"user{i}@contoso.com",
           "jobTitle": "Engineer", "password": "Passw0rd!"} for i in range(users)]
    gs = [{"displayName": f"Group {g}", "mailNickname": f"group{g}",
           "members": [f"user{(g * members + k) % users}@contoso.onmicrosoft.com"
                       for k in range(members)]} for g in range(groups)]
    app = {"displayName": "AWS IAM Identity Center",
           "saml": {"identifierUris": [entity_id], "replyUrls": [acs]},
           "assignments": [g["displayName"] for g in gs] or [us[0]["userPrincipalName"]]}
    return {"tenant": {"id": tenant, "displayName": "Contoso",
                       "domains": ["contoso.onmicrosoft.com"]},
            "users": us, "groups": gs, "apps": [app]}


def write_json(obj):
    import tempfile
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump(obj, f)
    f.close()
    return f.name


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
    p.add_argument("--prov-users", type=int, default=10000)
    p.add_argument("--prov-groups", type=int, default=1000)
    p.add_argument("--prov-members", type=int, default=100)
    p.add_argument("--only", default="",
                   help="comma list: http,scim,scale,readiness,sso,saml,provisioning,library")
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
    if not only or {"http", "scim", "scale", "sso"} & only:
        limit = Limit(build, args)
        if not only or "http" in only:
            raw = Server([os.path.join(build, "bench", "raw-httplib-server"), "8", "defaults"])
            try:
                row("raw cpp-httplib GET, library defaults", wrk(raw.url + "/Users/x", args))
            finally:
                raw.stop()

    def measured(name, url, script, env, target=None):
        """A row whose share is taken against the limit measured just before and just after."""
        before = limit.latest()
        result = wrk(url, args, script, env)
        after = limit.measure()
        row(name, result, (before + after) / 2, target)

    mock_scim = os.path.join(build, "mock-scim", "mock-scim")
    mock_idp = os.path.join(build, "mock-idp", "mock-idp")
    if not only or "scim" in only:
        s = Server([mock_scim, "--listen", "127.0.0.1:0", "--no-access-log", "--log-level", "warn"])
        try:
            endpoint, token = enable_provisioning(s.url)
            seeded = seed(build, endpoint, token, 100, 10, 10)
            env = {"TOKEN": token}
            measured("mock-scim GET /Users/{id}", f"{endpoint}/Users/{seeded['firstUserId']}",
                     "auth_get.lua", env, ">= 80 %")
            flt = urllib.request.quote('userName eq "seed7@contoso.onmicrosoft.com"')
            measured("mock-scim GET /Users?filter=userName eq", f"{endpoint}/Users?filter={flt}",
                     "auth_get.lua", env, ">= 75 %")
            measured("mock-scim POST /Users", f"{endpoint}/Users", "create_user.lua", env,
                     ">= 50 %")
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
            measured(f"  filter userName eq at {args.scale_users:,} users",
                     f"{endpoint}/Users?filter={flt}", "auth_get.lua", env)
            gflt = urllib.request.quote('displayName eq "Seed Group 500"')
            measured(f"  filter displayName eq at {args.scale_groups:,} groups",
                     f"{endpoint}/Groups?filter={gflt}", "auth_get.lua", env)
        finally:
            s.stop()

    if not only or "readiness" in only:
        med, worst = readiness(mock_scim)
        rows.append(("mock-scim start to readiness line (20 runs)", f"{med:.1f} ms median",
                     f"{worst:.1f} max", "", "< 50 ms", 0))

    if not only or "sso" in only:
        s = Server([mock_scim, "--listen", "127.0.0.1:0", "--no-access-log", "--log-level", "warn"])
        try:
            instance = aws(s.url, "ListInstances", {})["Instances"][0]["InstanceArn"]
            ps = aws(s.url, "CreatePermissionSet", {"InstanceArn": instance, "Name": "BenchSet",
                                                    "SessionDuration": "PT4H"})
            ps_arn = ps["PermissionSet"]["PermissionSetArn"]
            measured("mock-scim sso-admin ListInstances", s.url + "/", "aws_json.lua",
                     {"TARGET": "SWBExternalService.ListInstances", "BODY": "{}"}, ">= 50 %")
            measured("mock-scim sso-admin DescribePermissionSet", s.url + "/", "aws_json.lua",
                     {"TARGET": "SWBExternalService.DescribePermissionSet",
                      "BODY": json.dumps({"InstanceArn": instance, "PermissionSetArn": ps_arn})},
                     ">= 50 %")
        finally:
            s.stop()

    if not only or "saml" in only:
        rsa = openssl_rsa2048_signs()
        rsa_wall = openssl_rsa2048_signs(elapsed=True)
        sign = tool(build, "saml-bench", "sign", args.duration)
        rate, cpu_rate = sign["signedResponsesPerSec"], sign["signedResponsesPerCpuSec"]
        print(f"  openssl speed rsa2048: {rsa:,.0f} sign/s per CPU second, {rsa_wall:,.0f} per "
              f"wall second (-elapsed); signed Responses ({sign['responseBytes']} bytes): "
              f"{cpu_rate:,.0f} per CPU second, {rate:,.0f} per wall second; the product's RSA "
              f"path alone: {sign['keySignsPerCpuSec']:,.0f} per CPU second", flush=True)
        rows.append(("signed Responses per CPU second, one core (assertion signed, rsa-sha256)",
                     f"{cpu_rate:,.0f}", "", f"{100 * cpu_rate / rsa:.0f} % of `openssl speed "
                     f"rsa2048` ({rsa:,.0f} sign/s)", ">= 75 %", 0))
        rows.append(("signed Responses per wall second, one core",
                     f"{rate:,.0f}", "", f"{100 * rate / rsa_wall:.0f} % of `openssl speed "
                     f"-elapsed rsa2048` ({rsa_wall:,.0f} sign/s)", ">= 75 %", 0))
        val = tool(build, "saml-bench", "validate", args.duration, 2)
        rows.append(("SP ResponseValidator, 2 threads (in-process)",
                     f"{val['validationsPerSec']:,.0f}", "", "", "", val["refused"]))
        s = Server([mock_scim, "--listen", "127.0.0.1:0", "--no-access-log", "--log-level", "warn"])
        try:
            acs = tool(build, "saml-bench", "acs", s.url, 20000, 4)
            rows.append(("mock-scim ACS sign-ins/s over HTTP (20,000 distinct signed Responses, "
                         "4 clients)", f"{acs['signInsPerSec']:,.0f}", f"{acs['p99Ms']:.2f}", "",
                         ">= 2,000/s", acs["refused"]))
        finally:
            s.stop()
        entity = "https://us-east-1.signin.aws.amazon.com/platform/saml/d-9067c2f8a1"
        acs_url = ("https://us-east-1.signin.aws.amazon.com/platform/saml/acs/"
                   "2f1e0d9c-8b7a-4654-a3b2-c1d0e9f8a7b6")
        fixture = idp_fixture(10, 1, 10, entity, acs_url)
        fixture["signIn"] = {"autoApprove": True,
                             "defaultUser": "user0@contoso.onmicrosoft.com"}
        cfg = write_json(fixture)
        s = Server([mock_idp, "--listen", "127.0.0.1:0", "--no-access-log", "--log-level", "warn",
                    "--config", cfg])
        try:
            now = http("GET", s.url + "/_harness/clock")["now"]
            path = f"/{fixture['tenant']['id']}/saml2?" + authn_request_query(entity, acs_url, now)
            one = argparse.Namespace(**{**vars(args), "threads": 1, "connections": 1})
            row("mock-idp SP-initiated round trip (AuthnRequest -> signed Response), 1 client",
                wrk(s.url + path, one), None, "p99 < 10 ms")
            row("mock-idp SP-initiated round trips, 32 clients", wrk(s.url + path, args))
        finally:
            s.stop()
            os.unlink(cfg)

    if not only or "provisioning" in only:
        u, g, m = args.prov_users, args.prov_groups, args.prov_members
        scim = Server([mock_scim, "--listen", "127.0.0.1:0", "--no-access-log", "--log-level",
                       "warn"])
        cfg = write_json(idp_fixture(u, g, m, "https://signin.aws.amazon.com/saml",
                                     "https://signin.aws.amazon.com/saml/acs"))
        idp = Server([mock_idp, "--listen", "127.0.0.1:0", "--no-access-log", "--log-level",
                      "warn", "--config", cfg])
        try:
            endpoint, token = enable_provisioning(scim.url)
            sp_id = http("GET", idp.url + "/_harness/apps")["apps"][0]["servicePrincipalId"]
            http("POST", f"{idp.url}/_harness/provisioning/{sp_id}/configure",
                 {"tenantUrl": endpoint, "secretToken": token, "scope": "assigned"})
            started = time.perf_counter()
            job = http("POST", f"{idp.url}/_harness/provisioning/{sp_id}/run", {}, timeout=600)
            took = time.perf_counter() - started
            counts = {e["key"].split(" ")[0]: e["value"]
                      for e in job["status"]["synchronizedEntryCountByType"]}
            objects = counts.get("User", 0) + counts.get("Group", 0)
            print(f"  initial cycle: {counts} in {took:.2f} s ({objects / took:,.0f} objects/s); "
                  f"RSS mock-idp {idp.rss_mb():.0f} MB, mock-scim {scim.rss_mb():.0f} MB; "
                  f"last execution {job['status']['lastExecution']}", flush=True)
            rows.append((f"initial provisioning cycle: {counts.get('User', 0):,} users + "
                         f"{counts.get('Group', 0):,} groups x {m} members into mock-scim",
                         f"{took:.2f} s", "", f"{objects / took:,.0f} objects/s (Azure: 0.2-1.7)",
                         "< 10 s", 0))
        finally:
            idp.stop()
            scim.stop()
            os.unlink(cfg)

    if not only or "library" in only:
        runner = os.path.join(build, "scenarios", "scenario-runner")
        lib = os.path.join(ROOT, "scenarios", "library")
        files = sorted(os.path.join(lib, f) for f in os.listdir(lib)
                       if f.endswith(".json") and f not in ("connect.json",
                                                            "08-scim-conformance.json"))
        times = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([runner, "run", *files], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
        rows.append((f"the scenario library, embedded ({len(files)} files, median of 3)",
                     f"{statistics.median(times):.2f} s", "", "", "< 3 s", 0))

    if limit:
        runs = limit.stop()
        rows.insert(0, ("raw cpp-httplib GET (the limit; median of the "
                        f"{len(runs)} runs around the rows)",
                        f"{statistics.median(r['rps'] for r in runs):,.0f}",
                        f"{statistics.median(r['p99_ms'] for r in runs):.2f}",
                        f"{min(r['rps'] for r in runs):,.0f} - {max(r['rps'] for r in runs):,.0f}",
                        "", sum(r["non2xx"] for r in runs)))

    print()
    print(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
          f"{os.cpu_count()} cores shared by wrk and the server")
    print(f"| measurement | req/s (or value) | p99 ms | share of limit | target | non-2xx |")
    print(f"|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(str(c) for c in r) + " |")


if __name__ == "__main__":
    sys.exit(main())
