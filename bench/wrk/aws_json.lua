-- POST / in AWS JSON 1.1: X-Amz-Target from $TARGET, the JSON body from $BODY, and a SigV4-shaped
-- Authorization header (mock-scim checks its shape, not the signature).
wrk.method = "POST"
wrk.path = "/"
wrk.headers["Content-Type"] = "application/x-amz-json-1.1"
wrk.headers["X-Amz-Target"] = os.getenv("TARGET") or "SWBExternalService.ListInstances"
wrk.headers["X-Amz-Date"] = "20270101T000000Z"
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20270101/us-east-1/sso/" ..
  "aws4_request, SignedHeaders=host;x-amz-date, Signature=" .. string.rep("0", 64)
wrk.body = os.getenv("BODY") or "{}"
