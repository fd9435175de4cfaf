#!/usr/bin/env node
// A small SCIM 2.0 server written with scimmy + scimmy-routers + express, kept in memory.
// Usage: server.mjs --listen 127.0.0.1:0 [--token SECRET]
// Prints "listening on http://HOST:PORT" when ready; SIGTERM exits with status 0.
// Serves /scim/v2/{Users,Groups,...} and /dump (everything stored, for tests).
import {randomUUID} from "node:crypto";
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const [host, port] = flag("--listen", "127.0.0.1:0").split(":");
const token = flag("--token", "interop-token");

function store(kind) {
  const items = new Map();
  const plain = (x) => JSON.parse(JSON.stringify(x));
  return {
    items,
    ingress: (resource, instance) => {
      const now = new Date().toISOString();
      const data = plain(instance);
      if (resource.id) {
        const old = items.get(resource.id);
        if (!old) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
        const next = {...data, id: resource.id, meta: {...old.meta, lastModified: now}};
        items.set(resource.id, next);
        return next;
      }
      if (kind === "User") {
        for (const u of items.values()) {
          if (String(u.userName).toLowerCase() === String(data.userName).toLowerCase()) {
            throw new SCIMMY.Types.Error(409, "uniqueness", "userName is already taken");
          }
        }
      }
      const created = {...data, id: randomUUID(), meta: {resourceType: kind, created: now, lastModified: now}};
      items.set(created.id, created);
      return created;
    },
    egress: (resource) => {
      if (resource.id) {
        const one = items.get(resource.id);
        if (!one) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
        return one;
      }
      // scimmy leaves filtering to the handler: Filter.match() selects the matching values.
      const all = [...items.values()];
      return resource.filter ? resource.filter.match(all) : all;
    },
    degress: (resource) => {
      if (!items.delete(resource.id)) {
        throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
      }
    },
  };
}

const users = store("User");
const groups = store("Group");
SCIMMY.Resources.declare(SCIMMY.Resources.User)
  .ingress(users.ingress).egress(users.egress).degress(users.degress);
SCIMMY.Resources.declare(SCIMMY.Resources.Group)
  .ingress(groups.ingress).egress(groups.egress).degress(groups.degress);

const app = express();
app.get("/dump", (req, res) => {
  res.json({users: [...users.items.values()], groups: [...groups.items.values()]});
});
app.use("/scim/v2", new SCIMMYRouters({
  type: "bearer",
  docUri: "https://example.com/help/bearer.html",
  handler: (request) => {
    if (request.header("Authorization") !== `Bearer ${token}`) {
      throw new Error("Authorization failed");
    }
    return "interop";
  },
}));

const server = app.listen(Number(port), host, () => {
  process.stdout.write(`listening on http://${host}:${server.address().port}\n`);
});
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
