import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Actor } from "../../../contracts/admin/actor.ts";
import {
  createWebhookEndpointRoute,
  deleteWebhookEndpointRoute,
  getWebhookEndpointRoute,
  listWebhookDeliveriesRoute,
  listWebhookEndpointsRoute,
  patchWebhookEndpointRoute,
  replayWebhookDeliveryRoute,
  rotateWebhookSecretRoute,
  sendWebhookTestRoute,
} from "../../../contracts/admin/webhook-routes.ts";
import { createWebhookEndpointSchema, MAX_WEBHOOK_URL_LENGTH, WEBHOOK_EVENT_TYPES, type WebhookDelivery, type WebhookEndpoint } from "../../../contracts/admin/webhooks-api.ts";
import { AppError } from "../../../platform/errors.ts";
import { Field, FormError } from "../ui/components.tsx";
import type { EdgeEnv } from "../types.ts";
import { callAsActor } from "./call.ts";
import { AdminLayout, type FormState } from "./pages.tsx";
import type { AdminPageKit } from "./page-kit.tsx";

/**
 * The webhook pages (owners): endpoints with a form to add one (its secret shown once, on the
 * answer page), and each endpoint's page with its delivery log, a replay button per delivery and
 * a test button. Plain forms; each replay or test form carries a key made when the page was
 * drawn, so a double click or a resent form sends once.
 */

const endpointHref = (id: string) => `/admin/webhooks/${encodeURIComponent(id)}`;

function EventCheckboxes(props: { checked: readonly string[]; error?: string | undefined }) {
  return (
    <fieldset>
      <legend>Events</legend>
      {WEBHOOK_EVENT_TYPES.map((type) => (
        <div>
          <input type="checkbox" id={`event-${type}`} name="events" value={type} checked={props.checked.includes(type)} />
          <label for={`event-${type}`}>{type}</label>
        </div>
      ))}
      {props.error ? <p class="field-error">{props.error}</p> : null}
    </fieldset>
  );
}

function SecretNotice(props: { secret?: string | undefined }) {
  if (!props.secret) return null;
  return (
    <p role="status">
      Signing secret: <code>{props.secret}</code>. Copy it now: it is not shown again. Check each delivery's <code>Edgeshop-Signature</code> header with it.
    </p>
  );
}

export function WebhooksPage(props: { actor: Actor; endpoints: WebhookEndpoint[]; form: FormState; secret?: string | undefined }) {
  const e = props.form.fieldErrors;
  return (
    <AdminLayout title="Webhooks" actor={props.actor}>
      <h1>Webhooks</h1>
      <SecretNotice secret={props.secret} />
      <table>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Events</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {props.endpoints.map((endpoint) => (
            <tr>
              <td>
                <a href={endpointHref(endpoint.id)}>{endpoint.url}</a>
              </td>
              <td>{endpoint.events.join(", ")}</td>
              <td>{endpoint.enabled ? "enabled" : "disabled"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="new-endpoint">
        <h2 id="new-endpoint">Add an endpoint</h2>
        <FormError message={props.form.formError} />
        <form method="post" action="/admin/webhooks">
          <Field name="url" label="URL (https://…)" error={e?.url} input={{ type: "url", required: true, maxlength: MAX_WEBHOOK_URL_LENGTH, value: props.form.values?.url ?? "" }} />
          <Field name="description" label="Description (optional)" error={e?.description} input={{ type: "text", maxlength: 200, value: props.form.values?.description ?? "" }} />
          <EventCheckboxes checked={(props.form.values?.events ?? "").split(",")} error={e?.events} />
          <button type="submit">Add endpoint</button>
        </form>
      </section>
    </AdminLayout>
  );
}

function DeliveryRow(props: { delivery: WebhookDelivery; endpointId: string }) {
  const d = props.delivery;
  return (
    <tr>
      <td>{d.createdAt}</td>
      <td>{d.type}</td>
      <td>{d.eventId}</td>
      <td>{d.status}</td>
      <td>{d.lastResponseCode ?? "—"}</td>
      <td>{d.attempts}</td>
      <td>{d.nextAttemptAt ?? "—"}</td>
      <td>{d.lastError ?? ""}</td>
      <td>
        <form method="post" action={`/admin/webhooks/deliveries/${encodeURIComponent(d.id)}/replay`}>
          <input type="hidden" name="endpoint" value={props.endpointId} />
          <input type="hidden" name="key" value={crypto.randomUUID()} />
          <button type="submit">Replay {d.eventId}</button>
        </form>
      </td>
    </tr>
  );
}

export function WebhookEndpointPage(props: { actor: Actor; endpoint: WebhookEndpoint; deliveries: WebhookDelivery[]; nextHref?: string | undefined; notice?: string | undefined; secret?: string | undefined }) {
  const { endpoint } = props;
  const action = (path: string) => `${endpointHref(endpoint.id)}/${path}`;
  return (
    <AdminLayout title={`Webhook ${endpoint.url}`} actor={props.actor}>
      <h1>{endpoint.url}</h1>
      <SecretNotice secret={props.secret} />
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <p>
        Events: {endpoint.events.join(", ")}. {endpoint.enabled ? "Enabled" : "Disabled"}.{endpoint.description ? ` ${endpoint.description}` : ""}
      </p>
      <form method="post" action={action("test")}>
        <input type="hidden" name="key" value={crypto.randomUUID()} />
        <button type="submit">Send a test event</button>
      </form>
      <form method="post" action={action("enabled")}>
        <input type="hidden" name="enabled" value={endpoint.enabled ? "false" : "true"} />
        <button type="submit">{endpoint.enabled ? "Disable" : "Enable"}</button>
      </form>
      <form method="post" action={action("rotate-secret")}>
        <button type="submit">Rotate the signing secret</button>
      </form>
      <form method="post" action={action("delete")}>
        <button type="submit">Delete this endpoint</button>
      </form>
      <h2>Deliveries</h2>
      <table>
        <thead>
          <tr>
            {["Queued", "Event", "Event id", "Status", "Response", "Attempts", "Next retry", "Last error", ""].map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.deliveries.map((d) => (
            <DeliveryRow delivery={d} endpointId={endpoint.id} />
          ))}
        </tbody>
      </table>
      {props.nextHref ? <a href={props.nextHref}>Older deliveries</a> : null}
    </AdminLayout>
  );
}

/** The field a service's VALIDATION_FAILED names (its first issue), for the form. */
function fieldErrorsOf(err: AppError): Record<string, string> {
  const issues = (err.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
  const first = issues[0];
  return first ? { [first.path.split(".")[0] || "url"]: first.message } : { url: err.message };
}

/** Registers the webhook pages on the admin pages' app, with its session and form helpers. */
export function mountWebhookPages(app: Hono<EdgeEnv>, kit: AdminPageKit): void {
  const { member, page, checkForm } = kit;

  const listPage = async (c: Context<EdgeEnv>, actor: Actor, form: FormState, status: ContentfulStatusCode = 200, secret?: string) => {
    const { endpoints } = await callAsActor(c, actor, "customers", listWebhookEndpointsRoute, {});
    return page(c, <WebhooksPage actor={actor} endpoints={endpoints} form={form} secret={secret} />, status);
  };

  const endpointPage = async (c: Context<EdgeEnv>, actor: Actor, id: string, extra: { secret?: string; status?: ContentfulStatusCode } = {}) => {
    const { endpoint } = await callAsActor(c, actor, "customers", getWebhookEndpointRoute, { params: { id } });
    const before = c.req.query("before");
    const query = { endpoint: id, limit: 50, ...(before ? { before: Number(before) } : {}) };
    const { deliveries, nextBefore } = await callAsActor(c, actor, "customers", listWebhookDeliveriesRoute, { query });
    const nextHref = nextBefore === null ? undefined : `${endpointHref(id)}?before=${nextBefore}`;
    const notice = c.req.query("done");
    return page(c, <WebhookEndpointPage actor={actor} endpoint={endpoint} deliveries={deliveries} nextHref={nextHref} notice={notice} secret={extra.secret} />, extra.status ?? 200);
  };

  app.get("/admin/webhooks", async (c) => listPage(c, await member(c, "webhooks:read"), {}));

  app.post("/admin/webhooks", async (c) => {
    const actor = await member(c, "webhooks:write");
    const form = await c.req.formData().catch(() => new FormData());
    const events = form.getAll("events").map(String);
    const values = { url: String(form.get("url") ?? ""), description: String(form.get("description") ?? ""), events: events.join(",") };
    const checked = checkForm(createWebhookEndpointSchema, { url: values.url, description: values.description || undefined, events });
    if (!checked.ok) return listPage(c, actor, { ...checked.state, values }, 400);
    try {
      const created = await callAsActor(c, actor, "customers", createWebhookEndpointRoute, { json: checked.value });
      // The secret is in this answer only, so it is a page, not a redirect.
      return listPage(c, actor, {}, 201, created.secret);
    } catch (err) {
      // A destination the service refuses (private or loopback address) is the URL field's error.
      if (err instanceof AppError && err.code === "VALIDATION_FAILED") return listPage(c, actor, { fieldErrors: fieldErrorsOf(err), values }, 400);
      throw err;
    }
  });

  app.get("/admin/webhooks/:id", async (c) => endpointPage(c, await member(c, "webhooks:read"), c.req.param("id")));

  app.post("/admin/webhooks/:id/test", async (c) => {
    const actor = await member(c, "webhooks:write");
    const id = c.req.param("id");
    const key = String((await c.req.formData().catch(() => new FormData())).get("key") ?? "") || undefined;
    await callAsActor(c, actor, "customers", sendWebhookTestRoute, { params: { id }, ...(key ? { idempotencyKey: key } : {}) });
    return c.redirect(`${endpointHref(id)}?done=${encodeURIComponent("A test event was queued.")}`, 303);
  });

  app.post("/admin/webhooks/:id/enabled", async (c) => {
    const actor = await member(c, "webhooks:write");
    const id = c.req.param("id");
    const enabled = (await c.req.formData().catch(() => new FormData())).get("enabled") === "true";
    await callAsActor(c, actor, "customers", patchWebhookEndpointRoute, { params: { id }, json: { enabled } });
    return c.redirect(endpointHref(id), 303);
  });

  app.post("/admin/webhooks/:id/rotate-secret", async (c) => {
    const actor = await member(c, "webhooks:write");
    const id = c.req.param("id");
    const { secret } = await callAsActor(c, actor, "customers", rotateWebhookSecretRoute, { params: { id } });
    return endpointPage(c, actor, id, { secret });
  });

  app.post("/admin/webhooks/:id/delete", async (c) => {
    const actor = await member(c, "webhooks:write");
    await callAsActor(c, actor, "customers", deleteWebhookEndpointRoute, { params: { id: c.req.param("id") } });
    return c.redirect("/admin/webhooks", 303);
  });

  app.post("/admin/webhooks/deliveries/:id/replay", async (c) => {
    const actor = await member(c, "webhooks:write");
    const form = await c.req.formData().catch(() => new FormData());
    const key = String(form.get("key") ?? "") || undefined;
    const { delivery } = await callAsActor(c, actor, "customers", replayWebhookDeliveryRoute, { params: { id: c.req.param("id") }, ...(key ? { idempotencyKey: key } : {}) });
    return c.redirect(`${endpointHref(delivery.endpointId)}?done=${encodeURIComponent(`${delivery.eventId} will be sent again.`)}`, 303);
  });
}
