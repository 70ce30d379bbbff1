import fc from "fast-check";
import type { RouteConfig } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRoute, adminSignInRoute, FORWARDED_ROUTES } from "../../contracts/admin/routes.ts";
import { PERMISSIONS } from "../../domain/staff-roles.ts";
import { badPathSegment, encodeLoose, malformedJson, nastyString, objectText, overlong, SEED, wrongType } from "./bad-input-arbitraries.ts";
import { casesSent, check, invalidFor, jsonProperty, refusedAsJson, send } from "./bad-input-harness.ts";
import { signedInOwner, staffWithRole } from "./admin-fixtures.ts";

/**
 * Generated hostile input against every route of the admin JSON API (`/admin/api/...`), sent as
 * an owner's API token, so that no permission stands between a case and the route's validation:
 * bodies that break the route's own request schema (wrong types, hostile text, malformed JSON,
 * wrong content types), hostile path segments and query values. Every answer is a 4xx in the
 * error shape, never a 5xx, and nothing the admin can read changes (promotions, flash sales,
 * staff, API tokens, the audit log).
 */
type Schema = { safeParse(v: unknown): { success: boolean }; shape?: Record<string, unknown> };

let auth: Record<string, string> = {};
let tokenName = "";
const ids = { promotion: "", staff: "", token: "" };

async function read(path: string): Promise<unknown> {
  const res = await send({ method: "GET", path, headers: auth });
  expect(res.status, path).toBe(200);
  return res.json();
}

/**
 * What hostile input could have changed: the promotion, staff member and token its cases aim at
 * (other spec files share the stack, so whole lists would move under them), and the audit log's
 * record of anything this file's token did.
 */
async function snapshot(): Promise<unknown> {
  const [promotion, staff, tokens, audit] = await Promise.all([
    read(`/admin/api/promotions/${ids.promotion}`),
    read("/admin/api/staff") as Promise<{ staff: { id: string }[] }>,
    read("/admin/api/tokens") as Promise<{ tokens: { id: string }[] }>,
    read(`/admin/api/audit?actor=${encodeURIComponent(tokenName)}&limit=100`),
  ]);
  return { promotion, staff: staff.staff.find((m) => m.id === ids.staff), token: tokens.tokens.find((t) => t.id === ids.token), audit };
}

let before: unknown;

beforeAll(async () => {
  const owner = await signedInOwner();
  tokenName = `bad input ${crypto.randomUUID().slice(0, 8)}`;
  const res = await owner.json("POST", "/admin/api/tokens", { name: tokenName, scopes: [...PERMISSIONS] });
  expect(res.status).toBe(201);
  const { secret, token } = await res.json<{ secret: string; token: { id: string } }>();
  ids.token = token.id;
  auth = { authorization: `Bearer ${secret}`, "sec-fetch-site": "same-origin" };
  const promotion = await owner.json("POST", "/admin/api/promotions", {
    name: "Bad-input target",
    description: "Never applies: a draft",
    target: "order",
    status: "draft",
    activation: "automatic",
    effect: { kind: "percentage", basisPoints: 1000 },
  });
  expect(promotion.status, await promotion.clone().text()).toBe(201);
  ids.promotion = (await promotion.json<{ promotion: { id: string } }>()).promotion.id;
  ids.staff = (await staffWithRole(owner, "read-only")).staff.id;
  before = await snapshot();
  expect(JSON.stringify(before)).toContain(ids.staff);
}, 60_000);

afterAll(() => {
  console.log(`bad input (admin): ${casesSent()} cases, seed ${SEED}`);
});

const jsonSchemaOf = (route: RouteConfig): Schema | undefined => (route.request?.body?.content?.["application/json"] as { schema?: Schema } | undefined)?.schema;
const withIds = (path: string, segment: string) => path.replace(/\{[^}]+\}/g, segment);
/** The path with the ids of this file's own promotion, staff member or token, so cases aim at real things. */
function aimed(path: string): string {
  if (path.includes("/promotions/{")) return withIds(path, ids.promotion);
  if (path.includes("/staff/{")) return withIds(path, ids.staff);
  if (path.includes("/tokens/{")) return withIds(path, ids.token);
  return withIds(path, crypto.randomUUID());
}

/** A hostile value for any field: the wrong type, hostile or overlong text, a bad number. */
const badField = fc.oneof(
  wrongType.map((v) => JSON.stringify(v)),
  nastyString.map((s) => JSON.stringify(s)),
  fc.constantFrom("-1", "1.5", "1e999", "-1e999", "9007199254740993", '"NaN"', "{}", "[]", '""'),
);

/** Bodies the route's own schema refuses: fields made hostile, unknown shapes, malformed JSON. */
function badBody(schema: Schema): fc.Arbitrary<string> {
  const names = Object.keys(schema.shape ?? {});
  const fieldWise = names.length
    ? fc.dictionary(fc.constantFrom(...names), badField, { minKeys: 1, maxKeys: names.length }).map((fields) => objectText(fields))
    : fc.constant("{}");
  return fc
    .oneof({ weight: 6, arbitrary: fieldWise }, { weight: 1, arbitrary: wrongType.map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: malformedJson }, { weight: 1, arbitrary: overlong.map((s) => JSON.stringify({ name: s })) })
    .filter(invalidFor(schema));
}

const bodyRoutes = [...FORWARDED_ROUTES.map(({ route }) => adminRoute(route)), adminSignInRoute].filter((route) => jsonSchemaOf(route));
const paramRoutes = FORWARDED_ROUTES.map(({ route }) => adminRoute(route)).filter((route) => route.path.includes("{"));
const queryRoutes = FORWARDED_ROUTES.map(({ route }) => adminRoute(route)).filter((route) => route.method === "get" && (route.request?.query as Schema | undefined)?.shape);

describe("the admin API refuses bad input with a 4xx and the error shape", () => {
  it("covers the routes that take bodies, path ids and queries", () => {
    expect(bodyRoutes.length).toBeGreaterThanOrEqual(10);
    expect(paramRoutes.length).toBeGreaterThanOrEqual(10);
    expect(queryRoutes.length).toBeGreaterThanOrEqual(2);
  });

  it.each(bodyRoutes.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))("%s: bodies its schema refuses", async (_, route) => {
    const schema = jsonSchemaOf(route) as Schema;
    await check(jsonProperty(route.method.toUpperCase(), fc.constant(aimed(route.path)), badBody(schema), fc.constant(auth)), 25);
  });

  it.each(paramRoutes.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))("%s: hostile ids", async (_, route) => {
    const method = route.method.toUpperCase();
    const params = route.request?.params as Schema | undefined;
    const name = /\{([^}]+)\}/.exec(route.path)?.[1] ?? "id";
    await check(
      fc.asyncProperty(badPathSegment, async (segment) => {
        const path = withIds(route.path, segment);
        const res = await send({ method, path, headers: auth, ...(method === "GET" ? {} : { body: "{}", contentType: "application/json" }) });
        // An id of the right form that names nothing may be read as "nothing yet" (orders counts a
        // promotion's uses before its replica knows it); anything else must be refused.
        let decoded: string | undefined;
        try {
          decoded = decodeURIComponent(segment);
        } catch {
          decoded = undefined;
        }
        const wellFormed = method === "GET" && decoded !== undefined && params?.safeParse({ [name]: decoded }).success === true;
        if (wellFormed && res.status === 200) return;
        await refusedAsJson(res, `${method} ${path}`);
      }),
      15,
    );
  });

  it.each(queryRoutes.map((route) => [`GET ${route.path}`, route] as const))("%s: hostile query values", async (_, route) => {
    const schema = route.request?.query as Schema;
    const names = Object.keys(schema.shape ?? {});
    const query = fc
      .tuple(fc.constantFrom(...names), fc.oneof(nastyString, fc.constantFrom("-1", "1.5", "1e999", "NaN", "0x10", "99999999999")), fc.nat(2))
      .filter(([name, value]) => !schema.safeParse({ [name]: value }).success)
      .map(([name, value, repeat]) => Array.from({ length: repeat + 1 }, () => `${name}=${encodeLoose(value)}`).join("&"));
    await check(
      fc.asyncProperty(query, async (q) => {
        const path = `${aimed(route.path)}?${q}`;
        await refusedAsJson(await send({ method: "GET", path, headers: auth }), `GET ${path}`);
      }),
      20,
    );
  });

  it("changed nothing the admin can read", async () => {
    expect(await snapshot()).toEqual(before);
  });
});
