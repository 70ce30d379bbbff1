import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { actorPermissions, encodeActor, type Actor } from "../../../contracts/admin/actor.ts";
import { categoryInputSchema, categoryPatchSchema, importResultSchema, productInputSchema, productReplaceSchema, type ImportProblem } from "../../../contracts/catalog/merchant-api.ts";
import {
  merchantArchiveProductRoute,
  merchantCreateCategoryRoute,
  merchantCreateProductRoute,
  merchantExportProductsRoute,
  merchantImportProductsRoute,
  merchantListCategoriesRoute,
  merchantListProductsRoute,
  merchantPatchCategoryRoute,
  merchantProductDefinitionRoute,
  merchantReplaceProductRoute,
  merchantUnarchiveProductRoute,
} from "../../../contracts/catalog/merchant-routes.ts";
import { merchantAdjustStockRoute, merchantStockLevelsRoute, stockAdjustmentRequestSchema } from "../../../contracts/orders/stock-routes.ts";
import { AppError, relayedError, type ErrorBody } from "../../../platform/errors.ts";
import { parseFormBody } from "../../../platform/http.ts";
import { ACTOR_HEADER } from "../../../platform/signing.ts";
import { CATALOG_IMPORT_PAGE } from "../middleware/body-limit.ts";
import { callService } from "../origin.ts";
import type { EdgeEnv } from "../types.ts";
import { callAsActor } from "./call.ts";
import { fieldErrorsOf, newProductRequest, replaceProductRequest } from "./catalog-forms.ts";
import { CategoriesPage } from "./catalog-categories-page.tsx";
import { ImportPage } from "./catalog-import-page.tsx";
import { NewProductPage, ProductEditPage, ProductListPage } from "./catalog-pages.tsx";
import type { FormState } from "./pages.tsx";
import type { AdminPageKit } from "./page-kit.tsx";


/** Errors by field path (`variants.0.prices.USD`) from a schema's refusal, or the value. */
function check<S extends z.ZodType>(schema: S, value: unknown): { ok: true; value: z.output<S> } | { ok: false; errors: Record<string, string> } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[issue.path.join(".") || "form"] ??= issue.message;
  return { ok: false, errors };
}

/**
 * Runs a form's service call and redirects to `then`; a refusal naming fields re-renders the form
 * with them (and the refusal's status), anything else goes to the error page.
 */
async function submit(c: Context<EdgeEnv>, call: () => Promise<unknown>, then: string, refused: (errors: Record<string, string>, status: ContentfulStatusCode) => Response | Promise<Response>): Promise<Response> {
  try {
    await call();
    return c.redirect(then, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (errors && err instanceof AppError) return refused(errors, err.status as ContentfulStatusCode);
    throw err;
  }
}

const canWrite = (actor: Actor) => actorPermissions(actor).includes("catalog:write");

/** Mounts the catalog pages at /admin/catalog on the admin pages' app. */
export function mountCatalogPages(app: Hono<EdgeEnv>, { member, page }: AdminPageKit): void {
  const categoriesOf = async (c: Context<EdgeEnv>, actor: Actor) => (await callAsActor(c, actor, "catalog", merchantListCategoriesRoute, {})).categories;

  app.get("/admin/catalog", async (c) => {
    const actor = await member(c, "catalog:read");
    const query = Object.fromEntries(Object.entries(c.req.query()).filter(([k, v]) => v !== "" && ["q", "status", "cursor"].includes(k)));
    const listed = await callAsActor(c, actor, "catalog", merchantListProductsRoute, { query: { ...query, limit: 50 } });
    const next = listed.nextCursor ? `/admin/catalog?${new URLSearchParams({ ...query, cursor: listed.nextCursor })}` : undefined;
    return page(c, <ProductListPage actor={actor} rows={listed.products} query={query} nextHref={next} canWrite={canWrite(actor)} />);
  });

  const newPage = async (c: Context<EdgeEnv>, actor: Actor, form: FormState, status: ContentfulStatusCode = 200) => page(c, <NewProductPage actor={actor} categories={await categoriesOf(c, actor)} form={form} />, status);
  app.get("/admin/catalog/new", async (c) => newPage(c, await member(c, "catalog:write"), {}));
  app.post("/admin/catalog/new", async (c) => {
    const actor = await member(c, "catalog:write");
    const fields = await parseFormBody(c);
    const read = newProductRequest(fields);
    const checked = "errors" in read ? { ok: false as const, errors: read.errors } : check(productInputSchema, read.value);
    if (!checked.ok) return newPage(c, actor, { fieldErrors: checked.errors, values: fields }, 400);
    return submit(c, () => callAsActor(c, actor, "catalog", merchantCreateProductRoute, { json: checked.value }), `/admin/catalog/products/${checked.value.slug}?notice=created`, (errors, status) =>
      newPage(c, actor, { fieldErrors: errors, values: fields }, status),
    );
  });

  const editPage = async (c: Context<EdgeEnv>, actor: Actor, slug: string, forms: { form?: FormState; stockForm?: FormState & { variantId?: string } }, status: ContentfulStatusCode = 200) => {
    const [{ product }, categories] = await Promise.all([callAsActor(c, actor, "catalog", merchantProductDefinitionRoute, { params: { slug } }), categoriesOf(c, actor)]);
    const { stock } = await callAsActor(c, actor, "orders", merchantStockLevelsRoute, { query: { variants: product.variants.map((v) => v.id).join(",") || "none" } });
    const notice = { created: "Product created.", saved: "Saved.", adjusted: "Stock adjusted.", archived: "Archived: it has left the shop.", unarchived: "Back on sale." }[c.req.query("notice") ?? ""];
    return page(c, <ProductEditPage actor={actor} product={product} categories={categories} stock={stock} form={forms.form ?? {}} stockForm={forms.stockForm ?? {}} canWrite={canWrite(actor)} notice={notice} />, status);
  };
  app.get("/admin/catalog/products/:slug", async (c) => editPage(c, await member(c, "catalog:read"), c.req.param("slug"), {}));
  app.post("/admin/catalog/products/:slug", async (c) => {
    const actor = await member(c, "catalog:write");
    const slug = c.req.param("slug");
    const fields = await parseFormBody(c);
    const read = replaceProductRequest(fields);
    const checked = "errors" in read ? { ok: false as const, errors: read.errors } : check(productReplaceSchema, read.value);
    if (!checked.ok) return editPage(c, actor, slug, { form: { fieldErrors: checked.errors, values: fields } }, 400);
    return submit(c, () => callAsActor(c, actor, "catalog", merchantReplaceProductRoute, { params: { slug }, json: checked.value }), `/admin/catalog/products/${slug}?notice=saved`, (errors, status) =>
      editPage(c, actor, slug, { form: { fieldErrors: errors, values: fields } }, status),
    );
  });
  for (const [action, route] of [
    ["archive", merchantArchiveProductRoute],
    ["unarchive", merchantUnarchiveProductRoute],
  ] as const) {
    app.post(`/admin/catalog/products/:slug/${action}`, async (c) => {
      const actor = await member(c, "catalog:write");
      const slug = c.req.param("slug");
      await callAsActor(c, actor, "catalog", route, { params: { slug } });
      return c.redirect(`/admin/catalog/products/${slug}?notice=${action}d`, 303);
    });
  }
  app.post("/admin/catalog/products/:slug/stock/:variantId", async (c) => {
    const actor = await member(c, "catalog:write");
    const { slug, variantId } = c.req.param();
    const fields = await parseFormBody(c);
    const amount = fields.amount?.trim() === "" ? Number.NaN : Number(fields.amount);
    const request = fields.mode === "set" ? { set: amount, reason: fields.reason ?? "" } : { delta: amount, reason: fields.reason ?? "" };
    const checked = check(stockAdjustmentRequestSchema, request);
    const refused = (errors: Record<string, string>, status: ContentfulStatusCode) => editPage(c, actor, slug, { stockForm: { variantId, fieldErrors: errors, values: fields } }, status);
    if (!checked.ok) return refused(checked.errors, 400);
    const adjustment = { params: { id: variantId }, json: checked.value, ...(fields.key ? { idempotencyKey: fields.key } : {}) };
    return submit(c, () => callAsActor(c, actor, "orders", merchantAdjustStockRoute, adjustment), `/admin/catalog/products/${slug}?notice=adjusted`, refused);
  });

  const categoriesPage = async (c: Context<EdgeEnv>, actor: Actor, form: FormState, editing?: string, status: ContentfulStatusCode = 200) =>
    page(c, <CategoriesPage actor={actor} categories={await categoriesOf(c, actor)} form={form} canWrite={canWrite(actor)} editing={editing} />, status);
  app.get("/admin/catalog/categories", async (c) => categoriesPage(c, await member(c, "catalog:read"), {}));
  const categoryWrite = async (c: Context<EdgeEnv>, editing: string | undefined) => {
    const actor = await member(c, "catalog:write");
    const fields = await parseFormBody(c);
    const body = { name: fields.name, parent: fields.parent ? fields.parent : null, ...(fields.position ? { position: Number(fields.position) } : {}) };
    const checked = editing === undefined ? check(categoryInputSchema, { ...body, slug: fields.slug }) : check(categoryPatchSchema, body);
    if (!checked.ok) return categoriesPage(c, actor, { fieldErrors: checked.errors, values: fields }, editing, 400);
    const call = () =>
      editing === undefined
        ? callAsActor(c, actor, "catalog", merchantCreateCategoryRoute, { json: checked.value as z.output<typeof categoryInputSchema> })
        : callAsActor(c, actor, "catalog", merchantPatchCategoryRoute, { params: { slug: editing }, json: checked.value });
    return submit(c, call, "/admin/catalog/categories", (errors, status) => categoriesPage(c, actor, { fieldErrors: errors, values: fields }, editing, status));
  };
  app.post("/admin/catalog/categories", (c) => categoryWrite(c, undefined));
  app.post("/admin/catalog/categories/:slug", (c) => categoryWrite(c, c.req.param("slug")));

  app.get("/admin/catalog/export.csv", async (c) => {
    const actor = await member(c, "catalog:read");
    const res = await callService(c, "catalog", merchantExportProductsRoute.path, { headers: { [ACTOR_HEADER]: encodeActor(actor) } });
    if (!res.ok) throw new AppError("SERVICE_UNAVAILABLE", "the export failed, try again shortly");
    return new Response(res.body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="products.csv"', "cache-control": "no-store" } });
  });

  app.get(CATALOG_IMPORT_PAGE, async (c) => page(c, <ImportPage actor={await member(c, "catalog:write")} />));
  app.post(CATALOG_IMPORT_PAGE, async (c) => {
    const actor = await member(c, "catalog:write");
    const form = await c.req.formData().catch(() => new FormData());
    const file = form.get("file");
    const csv = file instanceof File && file.size > 0 ? await file.text() : String(form.get("csv") ?? "");
    if (csv.trim() === "") return page(c, <ImportPage actor={actor} problems={[]} message="Choose a CSV file or paste one." />, 400);
    const res = await callService(c, "catalog", merchantImportProductsRoute.path, { method: "POST", raw: { body: csv, contentType: "text/csv" }, headers: { [ACTOR_HEADER]: encodeActor(actor) } });
    const body: unknown = await res.json().catch(() => undefined);
    if (res.ok) return page(c, <ImportPage actor={actor} result={importResultSchema.parse(body)} />);
    const error = res.status < 500 ? (body as ErrorBody | undefined)?.error : undefined;
    if (!error) throw new AppError("SERVICE_UNAVAILABLE", "the import failed, try again shortly");
    const problems = (error.details as { problems?: ImportProblem[] } | undefined)?.problems;
    if (!problems) throw relayedError(body as ErrorBody);
    return page(c, <ImportPage actor={actor} problems={problems} message={error.message} />, 400);
  });
}
