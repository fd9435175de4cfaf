-- GET with the bearer token from $TOKEN; wrk's default request otherwise.
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "")
