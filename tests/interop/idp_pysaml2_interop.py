#!/usr/bin/python3
"""Interop: pysaml2 (python3-pysaml2) as the service provider of mock-idp, and the xmlsec1
command verifying mock-idp's signatures with the certificate from its federation metadata.

For every signing option (assertion, response, both) and algorithm (sha256, sha1): pysaml2
loads our federation metadata, sends an AuthnRequest with the HTTP-Redirect binding, and
accepts the signed Response that mock-idp posts back (non-interactive login); a copy whose
NameID was altered is refused by pysaml2 and by xmlsec1. xmlsec1 also verifies the metadata.

Usage: idp_pysaml2_interop.py <mock-idp binary> <example.json> <xmlsec1> <work dir>
"""
import base64
import html
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig

TENANT = "8f2b1c6e-4d3a-4e59-9b7c-2a1d0e3f4c5b"
APP_ID = "3d5c9a1b-7e2f-4a6b-8c0d-9e1f2a3b4c5d"
# The Identifier and Reply URL of the app in mock-idp/config/example.json.
SP_ENTITY = "https://us-east-1.signin.aws.amazon.com/platform/saml/d-9067c2f8a1"
ACS = ("https://us-east-1.signin.aws.amazon.com/platform/saml/acs/"
       "2f1e0d9c-8b7a-4654-a3b2-c1d0e9f8a7b6")

binary, config_path, xmlsec1, work = sys.argv[1:5]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


proc = subprocess.Popen([binary, "--listen", "127.0.0.1:0", "--config", config_path,
                         "--auto-approve", "--log-level", "warn", "--no-access-log"],
                        stdout=subprocess.PIPE, text=True)
try:
    ready = proc.stdout.readline().strip()
    assert ready.startswith("listening on "), ready
    base = ready[len("listening on "):]

    def call(method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.read()

    metadata = call("GET", f"/{TENANT}/federationmetadata/2007-06/federationmetadata.xml"
                           f"?appid={APP_ID}")
    check(metadata.startswith(b"\xef\xbb\xbf"), "metadata starts with a UTF-8 BOM, as Azure's")
    metadata_file = os.path.join(work, "metadata.xml")
    with open(metadata_file, "wb") as out:
        out.write(metadata)
    # pysaml2 reads metadata files as text; a leading BOM character would stop its parser.
    metadata_nobom = os.path.join(work, "metadata-nobom.xml")
    with open(metadata_nobom, "wb") as out:
        out.write(metadata[3:] if metadata.startswith(b"\xef\xbb\xbf") else metadata)

    # The signing certificate, read from the metadata by python's own XML parser.
    md_ns = "urn:oasis:names:tc:SAML:2.0:metadata"
    ds_ns = "http://www.w3.org/2000/09/xmldsig#"
    root = ET.fromstring(metadata[3:])
    cert_text = root.find(f"{{{md_ns}}}IDPSSODescriptor/{{{md_ns}}}KeyDescriptor/"
                          f"{{{ds_ns}}}KeyInfo/{{{ds_ns}}}X509Data/{{{ds_ns}}}X509Certificate").text
    pem_file = os.path.join(work, "idp-cert.pem")
    with open(pem_file, "w") as out:
        out.write("-----BEGIN CERTIFICATE-----\n" +
                  "\n".join(textwrap.wrap("".join(cert_text.split()), 64)) +
                  "\n-----END CERTIFICATE-----\n")

    def xmlsec_verify(path, xpath):
        result = subprocess.run(
            [xmlsec1, "--verify", "--pubkey-cert-pem", pem_file, "--enabled-key-data", "rsa",
             "--enabled-reference-uris", "same-doc",
             "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
             "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
             "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor",
             "--node-xpath", xpath, path], capture_output=True, text=True)
        return result.returncode == 0

    check(xmlsec_verify(metadata_file, "/*[local-name()='EntityDescriptor']/"
                                       "*[local-name()='Signature']"),
          "xmlsec1 verifies the federation metadata signature")

    def client(want_assertions_signed, want_response_signed):
        config = SPConfig()
        config.load({
            "entityid": SP_ENTITY,
            "xmlsec_binary": xmlsec1,
            "metadata": {"local": [metadata_nobom]},
            "allow_unknown_attributes": True,
            "service": {"sp": {
                "endpoints": {"assertion_consumer_service": [(ACS, BINDING_HTTP_POST)]},
                "want_assertions_signed": want_assertions_signed,
                "want_response_signed": want_response_signed,
                "authn_requests_signed": False,
                "allow_unsolicited": False,
                "name_id_format": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            }},
        })
        return Saml2Client(config)

    def form_value(page, name):
        m = re.search(r'name="' + name + r'" value="([^"]*)"', page)
        return html.unescape(m.group(1)) if m else None

    for option in ("assertion", "response", "both"):
        for alg in ("sha256", "sha1"):
            label = f"{option}/{alg}"
            call("PUT", f"/_harness/apps/{APP_ID}/saml",
                 {"signingOption": option, "signingAlgorithm": alg})
            sp = client(option != "response", option != "assertion")
            request_id, info = sp.prepare_for_authenticate(relay_state="rs-" + label,
                                                           binding=BINDING_HTTP_REDIRECT)
            location = dict(info["headers"])["Location"]
            check(location.startswith(f"{base}/{TENANT}/saml2?SAMLRequest="),
                  f"{label}: pysaml2 sends its AuthnRequest to the SSO URL of our metadata")
            path = location[len(base):] + "&login_hint=" + urllib.parse.quote("alice@contoso.com")
            page = call("GET", path).decode()
            saml_response = form_value(page, "SAMLResponse")
            check(saml_response is not None, f"{label}: an auto-posting form with SAMLResponse")
            check(form_value(page, "RelayState") == "rs-" + label, f"{label}: RelayState kept")
            try:
                parsed = sp.parse_authn_request_response(saml_response, BINDING_HTTP_POST,
                                                         {request_id: "/"})
                ok = parsed is not None and parsed.name_id.text == "alice@contoso.com"
                detail = ""
            except Exception as e:  # pysaml2 raises on any refusal
                ok, detail = False, f" ({type(e).__name__}: {e})"
            check(ok, f"{label}: pysaml2 accepts the signed Response{detail}")

            xml = base64.b64decode(saml_response)
            response_file = os.path.join(work, f"response-{option}-{alg}.xml")
            with open(response_file, "wb") as out:
                out.write(xml)
            if option != "response":
                check(xmlsec_verify(response_file, "//*[local-name()='Assertion']/"
                                                   "*[local-name()='Signature']"),
                      f"{label}: xmlsec1 verifies the Assertion signature")
            if option != "assertion":
                check(xmlsec_verify(response_file, "/*[local-name()='Response']/"
                                                   "*[local-name()='Signature']"),
                      f"{label}: xmlsec1 verifies the Response signature")

            altered = xml.replace(b">alice@contoso.com</NameID>", b">mallory@contoso.com</NameID>")
            check(altered != xml, f"{label}: the NameID can be altered for the negative test")
            altered_file = os.path.join(work, f"altered-{option}-{alg}.xml")
            with open(altered_file, "wb") as out:
                out.write(altered)
            xpath = ("//*[local-name()='Assertion']/*[local-name()='Signature']"
                     if option != "response" else
                     "/*[local-name()='Response']/*[local-name()='Signature']")
            check(not xmlsec_verify(altered_file, xpath),
                  f"{label}: xmlsec1 refuses the altered NameID")
            try:
                sp.parse_authn_request_response(base64.b64encode(altered).decode(),
                                                BINDING_HTTP_POST, {request_id: "/"})
                refused = False
            except Exception:
                refused = True
            check(refused, f"{label}: pysaml2 refuses the altered NameID")
finally:
    proc.terminate()
    status = proc.wait(timeout=10)
check(status == 0, "mock-idp exits 0 on SIGTERM")
if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("all interop checks passed")
