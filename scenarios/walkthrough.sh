#!/usr/bin/env bash
# The main job. Until the scenario runner lands: start mock-scim, enable automatic
# provisioning, create a user the way Azure AD does, and print ready-to-paste curl commands.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${MOCK_SCIM_BIN:-build/release/mock-scim/mock-scim}"
fifo="$(mktemp -u)"
mkfifo "$fifo"
"$bin" --listen 127.0.0.1:0 --log-level warn >"$fifo" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$fifo"' EXIT
read -r line <"$fifo"
url="${line#listening on }"
echo "mock-scim is $line"
# cpp-httplib refuses a POST without a body length: send an empty body.
enable="$(curl -sf -X POST -d '' "$url/_harness/provisioning")"
endpoint="$(echo "$enable" | python3 -c 'import json,sys; print(json.load(sys.stdin)["scimEndpoint"])')"
token="$(echo "$enable" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')"
echo "automatic provisioning enabled: SCIM endpoint $endpoint"
echo
echo "# create a user as Azure AD does:"
cat <<CMD
curl -s -X POST '$endpoint/Users' -H 'Authorization: Bearer $token' -H 'Content-Type: application/scim+json' \\
  -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice@contoso.onmicrosoft.com","active":true,"displayName":"Alice","name":{"givenName":"Alice","familyName":"Liddell"},"emails":[{"primary":true,"type":"work","value":"alice@contoso.com"}],"externalId":"0b4f1a3e-8f5e-4d3a-9c57-3c1c2a9e8b11"}'
CMD
curl -s -X POST "$endpoint/Users" -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
  -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice@contoso.onmicrosoft.com","active":true,"displayName":"Alice","name":{"givenName":"Alice","familyName":"Liddell"},"emails":[{"primary":true,"type":"work","value":"alice@contoso.com"}],"externalId":"0b4f1a3e-8f5e-4d3a-9c57-3c1c2a9e8b11"}'
echo; echo
echo "# look it up the way Azure AD matches users:"
echo "curl -s -G '$endpoint/Users' --data-urlencode 'filter=userName eq \"alice@contoso.onmicrosoft.com\"' -H 'Authorization: Bearer $token'"
curl -s -G "$endpoint/Users" --data-urlencode 'filter=userName eq "alice@contoso.onmicrosoft.com"' -H "Authorization: Bearer $token"
echo; echo
echo "# what the server saw: curl -s $url/_harness/requests"
