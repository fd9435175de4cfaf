"""Shared helpers of the AWS interop tests: start mock-scim, talk SCIM and /_harness/."""
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are answers to check, not to follow."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class MockScim:
    """The real mock-scim binary on a free loopback port."""

    def __init__(self, binary):
        self.proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--log-level", "warn"],
            stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise RuntimeError("mock-scim did not start: %r" % line)
        self.url = line[len("listening on "):]
        prov = self.harness("POST", "/_harness/provisioning", {})
        self.scim = prov["scimEndpoint"]
        self.token = prov["accessToken"]

    def request(self, method, url, body=None, headers=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with _OPENER.open(req, timeout=10) as res:
                return res.status, res.read().decode(), dict(res.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(), dict(e.headers)

    def harness(self, method, path, body=None, raw=None, content_type="application/json"):
        status, text, _ = self.request(method, self.url + path, body,
                                       {"Content-Type": content_type}, raw)
        if status != 200:
            raise RuntimeError("%s %s -> %d %s" % (method, path, status, text))
        return json.loads(text) if text and text.lstrip().startswith("{") else text

    def scim_post(self, resource, body):
        status, text, _ = self.request("POST", self.scim + "/" + resource, body, {
            "Authorization": "Bearer " + self.token, "Content-Type": "application/scim+json"})
        if status != 201:
            raise RuntimeError("SCIM POST %s -> %d %s" % (resource, status, text))
        return json.loads(text)

    def scim_patch(self, path, body):
        status, text, _ = self.request("PATCH", self.scim + path, body, {
            "Authorization": "Bearer " + self.token, "Content-Type": "application/scim+json"})
        if status not in (200, 204):
            raise RuntimeError("SCIM PATCH %s -> %d %s" % (path, status, text))

    def create_user(self, user_name, given="Test", family="User", active=True):
        return self.scim_post("Users", {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": user_name, "displayName": given + " " + family, "active": active,
            "name": {"givenName": given, "familyName": family},
            "emails": [{"value": user_name, "type": "work", "primary": True}]})

    def create_group(self, name, member_ids):
        group = self.scim_post("Groups", {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": name})
        if member_ids:
            self.scim_patch("/Groups/" + group["id"], {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{"op": "add", "path": "members",
                                "value": [{"value": m} for m in member_ids]}]})
        return group

    def stop(self):
        """SIGTERM; the exit status must be 0."""
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=15)
        if code != 0:
            raise RuntimeError("mock-scim exited with %d" % code)


class Checks:
    """Counts failures instead of stopping at the first one."""

    def __init__(self):
        self.failures = 0

    def check(self, ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            self.failures += 1

    def exit(self):
        print("%d failure(s)" % self.failures)
        sys.exit(1 if self.failures else 0)
