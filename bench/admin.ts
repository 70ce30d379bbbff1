import { DEV_OWNER_EMAIL, DEV_SECRETS } from "../platform/dev-secrets.ts";
import { merchantToken, startEdgeStack } from "./lib/edge-stack.ts";
import { measure, printTable, type LoadResult } from "./lib/load.ts";

/**
 * `npm run bench:admin`: what the admin's gates cost, through the production bundle of the edge
 * under Miniflare and the regional stack. Measures GET /admin/api/me with the session cookie
 * (verified at the edge: the JWT and two SESSIONS_KV reads), the same with an API token (one
 * signed round trip to the customers service per request), and a forwarded read
 * (GET /admin/api/staff: the edge's gate, the signed forward, the service's gate, a query).
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const { edge, close } = await startEdgeStack(19800);

try {
  const token = await merchantToken(edge.url);
  const signIn = await fetch(`${edge.url}/admin/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: DEV_OWNER_EMAIL, password: DEV_SECRETS.DEV_OWNER_PASSWORD }),
  });
  await signIn.arrayBuffer();
  const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
  const opts = { connections: CONNECTIONS, durationSeconds: DURATION };
  const bearer = { authorization: `Bearer ${token}` };
  const rows: LoadResult[] = [];
  rows.push(await measure("GET /admin/api/me (session cookie)", `${edge.url}/admin/api/me`, { ...opts, headers: { cookie } }));
  rows.push(await measure("GET /admin/api/me (API token)", `${edge.url}/admin/api/me`, { ...opts, headers: bearer }));
  rows.push(await measure("GET /admin/api/staff (session cookie)", `${edge.url}/admin/api/staff`, { ...opts, headers: { cookie } }));
  rows.push(await measure("GET /admin/api/staff (API token)", `${edge.url}/admin/api/staff`, { ...opts, headers: bearer }));
  printTable(`admin gates — ${CONNECTIONS} connections, ${DURATION} s each, Miniflare runtime`, rows);
} finally {
  await close();
}
