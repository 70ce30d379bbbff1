import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { StaffActor } from "../../../contracts/admin/actor.ts";
import { promotionOrdersRoute, promotionUsageRoute } from "../../../contracts/orders/routes.ts";
import {
  activatePromotionRoute,
  archivePromotionRoute,
  createPromotionRoute,
  generateCodesRoute,
  getPromotionRoute,
  listPromotionsRoute,
  patchPromotionRoute,
  pausePromotionRoute,
} from "../../../contracts/promotions/routes.ts";
import { AppError } from "../../../platform/errors.ts";
import { parseFormBody } from "../../../platform/http.ts";
import type { EdgeEnv } from "../types.ts";
import { callAudited } from "./audit.ts";
import { callAsActor } from "./call.ts";
import { issuesOnForm, validationIssues } from "./form-values.ts";
import { may, member, page } from "./page-kit.tsx";
import type { FormState } from "./pages.tsx";
import { formErrorsOf, formFromPromotion, formKindOf, termsFromForm } from "./promotion-form.ts";
import { PromotionFormPage, PromotionPage, PromotionsListPage } from "./promotions-pages.tsx";

/**
 * /admin/promotions: the pages of promotions-pages.tsx over the catalog's promotions API and the
 * orders service's usage, called as the member, each change recorded in the audit log as the
 * same change through /admin/api would be. Reading needs promotions:read, every post promotions:write.
 */
export const promotionPageRoutes = new Hono<EdgeEnv>();

const getPromotion = async (c: Context<EdgeEnv>, actor: StaffActor, id: string) => (await callAsActor(c, actor, "catalog", getPromotionRoute, { params: { id } })).promotion;
const usageOf = (c: Context<EdgeEnv>, actor: StaffActor, id: string) => callAsActor(c, actor, "orders", promotionUsageRoute, { params: { id } });

promotionPageRoutes.get("/admin/promotions", async (c) => {
  const actor = await member(c, "promotions:read");
  const { promotions } = await callAsActor(c, actor, "catalog", listPromotionsRoute, { query: {} });
  const rows = await Promise.all(promotions.map(async (promotion) => ({ promotion, usage: await usageOf(c, actor, promotion.id) })));
  return page(c, <PromotionsListPage actor={actor} rows={rows} canWrite={may(actor, "promotions:write")} />);
});

const NEW_FORM: FormState = { values: { kind: "percentage_order", activation: "code" } };
promotionPageRoutes.get("/admin/promotions/new", async (c) => page(c, <PromotionFormPage actor={await member(c, "promotions:write")} form={NEW_FORM} />));

promotionPageRoutes.post("/admin/promotions", async (c) => {
  const actor = await member(c, "promotions:write");
  const fields = await parseFormBody(c);
  const again = (form: Omit<FormState, "values">, status: ContentfulStatusCode) => page(c, <PromotionFormPage actor={actor} form={{ ...form, values: fields }} />, status);
  const terms = termsFromForm(fields);
  if (!terms.ok) return again(terms, 400);
  try {
    const { promotion } = await callAudited(c, actor, "catalog", createPromotionRoute, { json: { ...terms.value, status: fields.activeNow ? "active" : "draft" } });
    return c.redirect(`/admin/promotions/${encodeURIComponent(promotion.id)}`, 303);
  } catch (err) {
    const form = formErrorsOf(err);
    if (form && err instanceof AppError) return again(form, err.status);
    throw err;
  }
});

async function promotionPage(c: Context<EdgeEnv>, actor: StaffActor, id: string, extra: { codesForm?: FormState; generated?: string[] } = {}, status: ContentfulStatusCode = 200) {
  const cursor = c.req.query("cursor");
  const [promotion, usage, orders] = await Promise.all([
    getPromotion(c, actor, id),
    usageOf(c, actor, id),
    callAsActor(c, actor, "orders", promotionOrdersRoute, { params: { id }, query: cursor ? { cursor } : {} }),
  ]);
  const nextOrdersHref = orders.nextCursor ? `/admin/promotions/${encodeURIComponent(id)}?${new URLSearchParams({ cursor: orders.nextCursor })}` : undefined;
  return page(
    c,
    <PromotionPage
      actor={actor}
      promotion={promotion}
      usage={usage}
      orders={orders.orders}
      nextOrdersHref={nextOrdersHref}
      canWrite={may(actor, "promotions:write")}
      codesForm={extra.codesForm ?? {}}
      generated={extra.generated}
      idempotencyKey={crypto.randomUUID()}
    />,
    status,
  );
}

promotionPageRoutes.get("/admin/promotions/:id", async (c) => promotionPage(c, await member(c, "promotions:read"), c.req.param("id")));

promotionPageRoutes.get("/admin/promotions/:id/edit", async (c) => {
  const actor = await member(c, "promotions:write");
  const promotion = await getPromotion(c, actor, c.req.param("id"));
  if (!formKindOf(promotion)) throw new AppError("BAD_REQUEST", `a ${promotion.effect.kind} promotion is changed through the JSON API (PATCH /admin/api/promotions/${promotion.id})`);
  return page(c, <PromotionFormPage actor={actor} promotion={promotion} form={{ values: formFromPromotion(promotion) }} />);
});

promotionPageRoutes.post("/admin/promotions/:id", async (c) => {
  const actor = await member(c, "promotions:write");
  const fields = await parseFormBody(c);
  const promotion = await getPromotion(c, actor, c.req.param("id"));
  const again = (form: Omit<FormState, "values">, status: ContentfulStatusCode) => page(c, <PromotionFormPage actor={actor} promotion={promotion} form={{ ...form, values: fields }} />, status);
  // Conditions the form does not show (products, variants, customers) are kept as they are.
  const terms = termsFromForm(fields, promotion.conditions);
  if (!terms.ok) return again(terms, 400);
  try {
    await callAudited(c, actor, "catalog", patchPromotionRoute, { params: { id: promotion.id }, json: terms.value });
    return c.redirect(`/admin/promotions/${encodeURIComponent(promotion.id)}`, 303);
  } catch (err) {
    const form = formErrorsOf(err);
    if (form && err instanceof AppError) return again(form, err.status);
    throw err;
  }
});

for (const [action, route] of [
  ["pause", pausePromotionRoute],
  ["activate", activatePromotionRoute],
  ["archive", archivePromotionRoute],
] as const) {
  promotionPageRoutes.post(`/admin/promotions/:id/${action}`, async (c) => {
    const actor = await member(c, "promotions:write");
    const { promotion } = await callAudited(c, actor, "catalog", route, { params: { id: c.req.param("id") } });
    return c.redirect(`/admin/promotions/${encodeURIComponent(promotion.id)}`, 303);
  });
}

promotionPageRoutes.post("/admin/promotions/:id/codes", async (c) => {
  const actor = await member(c, "promotions:write");
  const id = c.req.param("id");
  const fields = await parseFormBody(c);
  const values = { count: fields.count ?? "", prefix: fields.prefix ?? "" };
  const again = (form: Omit<FormState, "values">, status: ContentfulStatusCode) => promotionPage(c, actor, id, { codesForm: { ...form, values } }, status);
  if (!/^\d{1,6}$/.test(values.count.trim())) return again({ fieldErrors: { count: "count must be a whole number" } }, 400);
  try {
    const json = { count: Number(values.count.trim()), ...(values.prefix.trim() ? { prefix: values.prefix } : {}) };
    // The form's key: posting the same form twice (a reload, a double click) answers the same codes.
    const idempotencyKey = fields.idempotencyKey || undefined;
    const { codes } = await callAudited(c, actor, "catalog", generateCodesRoute, { params: { id }, json, ...(idempotencyKey ? { idempotencyKey } : {}) });
    if (fields.format === "csv") {
      return c.body(`code\n${codes.join("\n")}\n`, 201, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${id}-codes.csv"`, "cache-control": "no-store" });
    }
    return promotionPage(c, actor, id, { generated: codes }, 201);
  } catch (err) {
    const issues = validationIssues(err);
    if (!issues || !(err instanceof AppError)) throw err;
    return again(issuesOnForm(issues, err.message, (path) => (path === "count" || path === "prefix" ? path : undefined)), 400);
  }
});
