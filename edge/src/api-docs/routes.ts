import { Hono } from "hono";
import { storefrontApiDocument } from "./document.ts";
import type { EdgeEnv } from "../types.ts";

/**
 * The storefront API's OpenAPI document and a reference page for it and for the admin API's
 * document (`/admin/api/openapi.json`, edge/src/admin/routes.ts), both rendered with Swagger UI. Swagger UI's
 * files come from the `swagger-ui-dist` package through the Workers static assets binding
 * (`[assets]` in wrangler.toml points at node_modules/swagger-ui-dist, and the Worker runs first,
 * so only the two files named here are ever served from it). Nothing loads from another origin,
 * and the page has no inline script: its own policy allows scripts and styles from 'self' only.
 */
export const apiDocsRoutes = new Hono<EdgeEnv>();

export const DOCS_PATH = "/api/docs";
/** The files of swagger-ui-dist the page needs, by the name they are served under. */
const SWAGGER_FILES = new Set(["swagger-ui-bundle.js", "swagger-ui.css"]);

export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI sets style attributes on its elements as it renders.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>edgeshop API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
</head>
<body>
<header>
<h1>edgeshop API reference</h1>
<p>The storefront API (<a href="/api/openapi.json">/api/openapi.json</a>), then the admin API for merchants' own scripts and integrations (<a href="/admin/api/openapi.json">/admin/api/openapi.json</a>; an API token made by an owner at /admin/tokens, or an admin session).</p>
</header>
<main>
<section aria-label="Storefront API"><div id="swagger-ui"></div></section>
<section aria-label="Admin API"><div id="admin-api"></div></section>
</main>
<script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/init.js"></script>
</body>
</html>
`;

// Both documents on one page; only the first follows the address's #fragment (deep links).
const INIT = `window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true, tryItOutEnabled: false, validatorUrl: null });
window.adminUi = SwaggerUIBundle({ url: "/admin/api/openapi.json", dom_id: "#admin-api", deepLinking: false, tryItOutEnabled: false, validatorUrl: null });
`;

apiDocsRoutes.get("/api/openapi.json", (c) => {
  c.header("cache-control", "public, max-age=60");
  return c.json(storefrontApiDocument());
});

apiDocsRoutes.get(DOCS_PATH, (c) => {
  c.header("content-security-policy", DOCS_CSP);
  c.header("cache-control", "public, max-age=300");
  return c.html(PAGE);
});

apiDocsRoutes.get(`${DOCS_PATH}/init.js`, (c) => {
  c.header("content-type", "text/javascript; charset=utf-8");
  c.header("cache-control", "public, max-age=300");
  return c.body(INIT);
});

apiDocsRoutes.get(`${DOCS_PATH}/:file`, async (c, next) => {
  const file = c.req.param("file");
  if (!SWAGGER_FILES.has(file)) return next();
  const res = await c.env.ASSETS.fetch(new URL(`/${file}`, c.req.url));
  const out = new Response(res.body, res);
  out.headers.set("cache-control", "public, max-age=86400");
  return out;
});
