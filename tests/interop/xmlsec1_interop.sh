#!/usr/bin/env bash
# Interop: the xmlsec1 command (Debian package xmlsec1) verifies what core/saml signs.
# The certificate is taken from our federation metadata by python3's XML parser, not by our code.
# Usage: xmlsec1_interop.sh <saml_interop_fixtures> <xmlsec1> <work-dir>
set -euo pipefail
fixtures=$1
xmlsec1=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
"$fixtures" "$work"

python3 - "$work/metadata.xml" "$work/idp-cert.pem" <<'PY'
import sys, textwrap
import xml.etree.ElementTree as ET
md = "urn:oasis:names:tc:SAML:2.0:metadata"
ds = "http://www.w3.org/2000/09/xmldsig#"
root = ET.parse(sys.argv[1]).getroot()
cert = root.find(f"{{{md}}}IDPSSODescriptor/{{{md}}}KeyDescriptor[@use='signing']/{{{ds}}}KeyInfo/{{{ds}}}X509Data/{{{ds}}}X509Certificate")
b64 = "".join(cert.text.split())
with open(sys.argv[2], "w") as out:
    out.write("-----BEGIN CERTIFICATE-----\n" + "\n".join(textwrap.wrap(b64, 64)) + "\n-----END CERTIFICATE-----\n")
PY

failures=0
# verify <file> <signature-node-xpath> <expect: ok|fail>
verify() {
  local file=$1 xpath=$2 expect=$3
  local out
  if out=$("$xmlsec1" --verify --pubkey-cert-pem "$work/idp-cert.pem" --enabled-key-data rsa \
      --enabled-reference-uris same-doc \
      --id-attr:ID urn:oasis:names:tc:SAML:2.0:protocol:Response \
      --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion \
      --id-attr:ID urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor \
      --node-xpath "$xpath" "$work/$file" 2>&1); then
    result=ok
  elif grep -q '^FAIL$' <<<"$out" && grep -q 'References (ok/all): 0/1' <<<"$out"; then
    result=fail  # a verification failure, not a usage or parsing error
  else
    result=error
  fi
  if [[ $result == "$expect" ]]; then
    echo "PASS $file $xpath: $result"
  else
    echo "FAIL $file $xpath: expected $expect, got $result"
    echo "$out" | tail -5
    failures=$((failures + 1))
  fi
}

assertion_sig="/*[local-name()='Response']/*[local-name()='Assertion']/*[local-name()='Signature']"
response_sig="/*[local-name()='Response']/*[local-name()='Signature']"
metadata_sig="/*[local-name()='EntityDescriptor']/*[local-name()='Signature']"

verify metadata.xml "$metadata_sig" ok
for alg in sha256 sha1; do
  verify "response-assertion-$alg.xml" "$assertion_sig" ok
  verify "response-response-$alg.xml" "$response_sig" ok
  verify "response-both-$alg.xml" "$assertion_sig" ok
  verify "response-both-$alg.xml" "$response_sig" ok
done
verify response-altered.xml "$assertion_sig" fail

if ((failures > 0)); then
  echo "$failures interop check(s) failed"
  exit 1
fi
echo "all xmlsec1 interop checks passed"
