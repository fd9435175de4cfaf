"""pysaml2 (Debian's python3-pysaml2) acting as the external IdP of mock-scim: its metadata is
the identity source, it reads mock-scim's SP metadata, signs Responses and posts them to the ACS.
A valid Response is accepted; each bad one is refused with its own reason (read from the request
journal: the browser sees only AWS's generic error page).

usage: aws_pysaml2_test.py MOCK_SCIM_BINARY XMLSEC1 WORK_DIR
"""
import base64
import datetime
import os
import re
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aws_common import Checks, MockScim  # noqa: E402

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT  # noqa: E402
from saml2.config import IdPConfig  # noqa: E402
from saml2.metadata import create_metadata_string  # noqa: E402
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID  # noqa: E402
from saml2.server import Server  # noqa: E402

IDP_ENTITY = "https://idp.pysaml2.test/saml2/idp"
SSO_URL = "https://idp.pysaml2.test/saml2/sso"
OTHER_SP = "https://other-sp.example.test/saml"


def make_key(work, name):
    key = os.path.join(work, name + ".key")
    cert = os.path.join(work, name + ".crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                    "-subj", "/CN=" + name, "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    return key, cert


def idp_server(xmlsec, key, cert, sp_metadata):
    conf = IdPConfig()
    conf.load({
        "entityid": IDP_ENTITY,
        "service": {"idp": {
            "endpoints": {"single_sign_on_service": [(SSO_URL, BINDING_HTTP_REDIRECT),
                                                     (SSO_URL, BINDING_HTTP_POST)]},
            "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
            "policy": {"default": {"lifetime": {"minutes": 15}}},
        }},
        "key_file": key, "cert_file": cert,
        "metadata": {"inline": sp_metadata},
        "xmlsec_binary": xmlsec,
        "delete_tmpfiles": True,
    })
    return Server(config=conf), conf


def main():
    binary, xmlsec, work = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(work, exist_ok=True)
    c = Checks()
    server = MockScim(binary)
    try:
        server.create_user("alice@example.com", "Alice", "Liddell")
        server.create_user("carol@example.com", "Carol", "Danvers")
        server.create_user("bob@example.com", "Bob", "Builder", active=False)
        sp_md = server.harness("GET", "/_harness/sp-metadata")
        portal = server.harness("GET", "/_harness/access-portal")
        acs, sp_entity = portal["acsUrl"], portal["entityId"]
        acs_path = urllib.parse.urlparse(acs).path
        other_md = sp_md.replace('entityID="%s"' % sp_entity, 'entityID="%s"' % OTHER_SP)

        key, cert = make_key(work, "pysaml2-idp")
        idp, conf = idp_server(xmlsec, key, cert, [sp_md, other_md])
        idp_md = create_metadata_string(None, config=conf, sign=False)
        if isinstance(idp_md, bytes):
            idp_md = idp_md.decode()
        source = server.harness("PUT", "/_harness/identity-source", raw=idp_md.encode(),
                                content_type="application/samlmetadata+xml")
        c.check(source["entityId"] == IDP_ENTITY, "pysaml2's IdP metadata is the identity source")

        attacker_key, attacker_cert = make_key(work, "attacker")
        attacker, _ = idp_server(xmlsec, attacker_key, attacker_cert, [sp_md, other_md])

        def respond(name="alice@example.com", destination=acs, audience=sp_entity, signer=idp,
                    sign=True, in_response_to=None):
            out = signer.create_authn_response(
                identity={"mail": [name]}, in_response_to=in_response_to,
                destination=destination, sp_entity_id=audience,
                name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=name),
                authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
                sign_assertion=sign, sign_response=False)
            return out.decode() if isinstance(out, bytes) else str(out)

        def post(xml):
            posted[0] += 1
            body = urllib.parse.urlencode({
                "SAMLResponse": base64.b64encode(xml.encode()).decode(), "RelayState": "/start"})
            status, _, headers = server.request(
                "POST", server.url + acs_path, raw=body.encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"})
            return status, headers

        posted = [0]  # requests made to the ACS so far

        def last_note():
            # The server records an exchange just after answering it: wait for the new entry.
            for _ in range(200):
                entries = server.harness("GET", "/_harness/requests")["requests"]
                notes = [e.get("note", "") for e in entries
                         if e["request"]["path"].startswith("/platform/saml/acs/")]
                if len(notes) >= posted[0]:
                    return notes[-1]
                time.sleep(0.01)
            return ""

        def accepted(xml, what):
            status, headers = post(xml)
            c.check(status == 302 and "x-amz-sso_authn=" in headers.get("Set-Cookie", ""),
                    what + " is accepted (%d, %s)" % (status, last_note()))

        def refused(xml, reason, what):
            status, headers = post(xml)
            note = last_note()
            c.check(status == 400 and "Set-Cookie" not in headers and
                    note.startswith("sign-in refused: " + reason + ":"),
                    "%s is refused as %s (%d, %s)" % (what, reason, status, note))

        accepted(respond(), "a valid signed Response (IdP-initiated)")

        # SP-initiated: the portal redirects to pysaml2 with an AuthnRequest.
        status, _, headers = server.request("GET", server.url + "/start")
        location = headers.get("Location", "")
        c.check(status == 302 and location.startswith(SSO_URL + "?"),
                "the portal sends the browser to the IdP")
        query = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
        req = idp.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        c.check(req.message.issuer.text == sp_entity, "pysaml2 reads the AuthnRequest")
        accepted(respond(in_response_to=req.message.id), "the answer to the AuthnRequest")

        # Times are judged by mock-scim's virtual clock.
        xml = respond()
        server.harness("POST", "/_harness/clock", {"advance": "PT2H"})
        refused(xml, "expired", "an expired Response")
        server.harness("POST", "/_harness/clock", {"reset": True})
        past = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1))
        server.harness("POST", "/_harness/clock", {"set": past.strftime("%Y-%m-%dT%H:%M:%SZ")})
        refused(respond(), "not_yet_valid", "a Response not yet valid")
        server.harness("POST", "/_harness/clock", {"reset": True})

        refused(respond(audience=OTHER_SP), "wrong_audience", "a Response for another SP")
        refused(respond(destination="https://elsewhere.example.test/acs"), "wrong_destination",
                "a Response for another ACS")
        refused(respond(sign=False), "no_signature", "an unsigned Response")
        refused(respond(signer=attacker), "untrusted_key", "a Response signed by another key")

        signed = respond()
        refused(signed.replace("alice@example.com", "carol@example.com"), "bad_signature",
                "a Response altered after signing")

        # Signature wrapping: the signed Assertion hidden in Extensions, an altered copy (same
        # ID, same Signature) where the SP reads claims.
        signed = respond()
        m = re.search(r"<(\w+:)?Assertion[\s>].*?</\1Assertion>", signed, re.S)
        original = m.group(0)
        evil = original.replace("alice@example.com", "carol@example.com")
        status_tag = re.search(r"<(\w+:)?Status[\s>]", signed)
        prefix = status_tag.group(1) or ""
        wrapped = signed.replace(original, evil)
        at = wrapped.find(status_tag.group(0))
        wrapped = (wrapped[:at] + "<%sExtensions>%s</%sExtensions>" % (prefix, original, prefix) +
                   wrapped[at:])
        refused(wrapped, "wrapped", "a signature-wrapped Response")

        once = respond()
        accepted(once, "a fresh Response")
        refused(once, "replay", "the same Response posted again")

        refused(respond("nobody@example.com"), "unknown_user", "a Response for an unknown user")
        refused(respond("bob@example.com"), "inactive_user", "a Response for a disabled user")
    finally:
        server.stop()
    c.exit()


if __name__ == "__main__":
    main()
