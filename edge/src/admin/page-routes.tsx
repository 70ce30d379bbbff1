import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { actorPermissions, type Actor } from "../../../contracts/admin/actor.ts";
import { auditQuerySchema, createStaffSchema, createTokenSchema, staffSignInSchema } from "../../../contracts/admin/api.ts";
import { createStaffRoute, createTokenRoute, listAuditRoute, listStaffRoute, listTokensRoute, revokeTokenRoute, staffSignInRoute } from "../../../contracts/admin/staff-routes.ts";
import { AppError } from "../../../platform/errors.ts";
import { log } from "../../../platform/log.ts";
import { parseFormBody } from "../../../platform/http.ts";
import { callCustomers, clientKey } from "../account/accounts.ts";
import { crossSiteReason } from "../middleware/same-origin.ts";
import type { EdgeEnv } from "../types.ts";
import { callAsActor } from "./call.ts";
import { AuditPage } from "./audit-pages.tsx";
import { AdminErrorPage, DashboardPage, SignInPage, StaffPage, TokensPage, type FormState } from "./pages.tsx";
import { checkForm, member, page, SignInNeeded } from "./page-kit.tsx";
import { promotionPageRoutes } from "./promotion-page-routes.tsx";
import { flashSalePageRoutes } from "./flash-sale-page-routes.tsx";
import { registerOrderPages, todaysFigures } from "./orders-page-routes.tsx";
import { mountRefundPages } from "./refund-pages.tsx";
import { mountCatalogPages } from "./catalog-page-routes.tsx";
import { actorOfSession, newAdminSession, readAdminSession, signOutAdmin, signOutAdminEverywhere, writeAdminSession } from "./session.ts";
import { mountWebhookPages } from "./webhooks-pages.tsx";

/**
 * The admin pages at /admin (pages.tsx): the same session, permissions and service routes as the
 * JSON API, with forms that post and answer with the page again (field errors beside their
 * fields) or a redirect. Not signed in: any page but the sign-in form redirects to it.
 */
export const adminPageRoutes = new Hono<EdgeEnv>();

adminPageRoutes.onError((err, c) => {
  if (err instanceof SignInNeeded) return c.redirect("/admin", 303);
  const status = err instanceof AppError ? err.status : 500;
  if (!(err instanceof AppError)) log("error", "admin page failed", { requestId: c.get("requestId"), path: c.req.path, error: err.stack ?? err.message });
  return page(c, <AdminErrorPage actor={c.get("actor")} status={status} message={err instanceof AppError ? err.message : "Something went wrong; try again."} />, status as ContentfulStatusCode);
});

// Forms are the cookie's writes: only from this site (login CSRF included).
adminPageRoutes.use("/admin/*", async (c, next) => {
  const reason = crossSiteReason(c.req.method, c.req.url, c.req.raw.headers);
  if (reason) throw new AppError("CROSS_SITE_REQUEST", reason);
  await next();
});

adminPageRoutes.get("/admin", async (c) => {
  const session = await readAdminSession(c);
  if (!session) return page(c, <SignInPage />);
  const actor = actorOfSession(session);
  return page(c, <DashboardPage actor={actor}>{await todaysFigures(c, actor)}</DashboardPage>);
});

adminPageRoutes.post("/admin/signin", async (c) => {
  const fields = await parseFormBody(c);
  const values = { email: fields.email ?? "" };
  const checked = checkForm(staffSignInSchema.omit({ clientKey: true }), fields);
  if (!checked.ok) return page(c, <SignInPage {...checked.state} values={values} />, 400);
  try {
    const { staff } = await callCustomers(c, staffSignInRoute, { json: { ...checked.value, clientKey: clientKey(c) } });
    await writeAdminSession(c, newAdminSession(staff));
    return c.redirect("/admin", 303);
  } catch (err) {
    if (err instanceof AppError && (err.code === "INVALID_CREDENTIALS" || err.code === "RATE_LIMITED")) return page(c, <SignInPage formError={err.message} values={values} />, err.status);
    throw err;
  }
});

adminPageRoutes.post("/admin/signout", async (c) => {
  await signOutAdmin(c);
  return c.redirect("/admin", 303);
});

adminPageRoutes.post("/admin/signout-everywhere", async (c) => {
  await signOutAdminEverywhere(c, (await member(c)).id);
  return c.redirect("/admin", 303);
});

async function staffPage(c: Context<EdgeEnv>, actor: Actor, form: FormState, status: ContentfulStatusCode = 200) {
  const { staff } = await callAsActor(c, actor, "customers", listStaffRoute, {});
  return page(c, <StaffPage actor={actor} staff={staff} canWrite={actorPermissions(actor).includes("staff:write")} form={form} created={c.req.query("added")} />, status);
}

adminPageRoutes.get("/admin/staff", async (c) => staffPage(c, await member(c, "staff:read"), {}));

adminPageRoutes.post("/admin/staff", async (c) => {
  const actor = await member(c, "staff:write");
  const fields = await parseFormBody(c);
  const values = { email: fields.email ?? "", name: fields.name ?? "", role: fields.role ?? "" };
  const checked = checkForm(createStaffSchema, { ...fields, name: fields.name || undefined });
  if (!checked.ok) return staffPage(c, actor, { ...checked.state, values }, 400);
  try {
    const { staff } = await callAsActor(c, actor, "customers", createStaffRoute, { json: checked.value });
    return c.redirect(`/admin/staff?added=${encodeURIComponent(staff.email)}`, 303);
  } catch (err) {
    if (err instanceof AppError && err.code === "EMAIL_TAKEN") return staffPage(c, actor, { fieldErrors: { email: err.message }, values }, 409);
    throw err;
  }
});

async function tokensPage(c: Context<EdgeEnv>, actor: Actor, form: FormState, status: ContentfulStatusCode = 200, secret?: string) {
  const { tokens } = await callAsActor(c, actor, "customers", listTokensRoute, {});
  return page(c, <TokensPage actor={actor} tokens={tokens} canWrite={actorPermissions(actor).includes("staff:write")} form={form} secret={secret} />, status);
}

adminPageRoutes.get("/admin/tokens", async (c) => tokensPage(c, await member(c, "staff:read"), {}));

adminPageRoutes.post("/admin/tokens", async (c) => {
  const actor = await member(c, "staff:write");
  const form = await c.req.formData().catch(() => new FormData());
  const name = String(form.get("name") ?? "");
  const checked = checkForm(createTokenSchema, { name, scopes: form.getAll("scopes").map(String) });
  if (!checked.ok) return tokensPage(c, actor, { ...checked.state, values: { name } }, 400);
  const created = await callAsActor(c, actor, "customers", createTokenRoute, { json: checked.value });
  // The secret is in this answer only, so it is a page, not a redirect.
  return tokensPage(c, actor, {}, 201, created.secret);
});

adminPageRoutes.post("/admin/tokens/:id/revoke", async (c) => {
  const actor = await member(c, "staff:write");
  await callAsActor(c, actor, "customers", revokeTokenRoute, { params: { id: c.req.param("id") } });
  return c.redirect("/admin/tokens", 303);
});

/** The page's day fields as the API's times: `from` at the day's start, `to` through its end (UTC). */
const auditQueryOfPage = (fields: Record<string, string>) => ({
  ...fields,
  ...(/^\d{4}-\d{2}-\d{2}$/.test(fields.from ?? "") ? { from: `${fields.from}T00:00:00Z` } : {}),
  ...(/^\d{4}-\d{2}-\d{2}$/.test(fields.to ?? "") ? { to: `${fields.to}T23:59:59.999Z` } : {}),
});

adminPageRoutes.get("/admin/audit", async (c) => {
  const actor = await member(c, "audit:read");
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ""));
  const checked = checkForm(auditQuerySchema, auditQueryOfPage(raw));
  if (!checked.ok) return page(c, <AuditPage actor={actor} entries={[]} form={{ ...checked.state, values: raw }} />, 400);
  const result = await callAsActor(c, actor, "customers", listAuditRoute, { query: checked.value });
  const next = result.nextBefore === null ? undefined : `/admin/audit?${new URLSearchParams({ ...raw, before: String(result.nextBefore) })}`;
  return page(c, <AuditPage actor={actor} entries={result.entries} form={{ values: raw }} nextHref={next} />);
});

registerOrderPages(adminPageRoutes, { member, page, checkForm });
adminPageRoutes.route("/", promotionPageRoutes);
adminPageRoutes.route("/", flashSalePageRoutes);
mountRefundPages(adminPageRoutes, { member, page, checkForm });
mountWebhookPages(adminPageRoutes, { member, page, checkForm });
mountCatalogPages(adminPageRoutes, { member, page, checkForm });
