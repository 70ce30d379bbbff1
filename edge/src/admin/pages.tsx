import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import type { Actor, StaffActor } from "../../../contracts/admin/actor.ts";
import type { ApiToken, Staff } from "../../../contracts/admin/api.ts";
import { MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../../contracts/limits.ts";
import { PERMISSIONS, ROLES, roleAllows, type Permission } from "../../../domain/staff-roles.ts";
import { Field, FormError } from "../ui/components.tsx";
import { PageHead } from "../ui/layout.tsx";

/**
 * The admin pages: server-rendered, plain forms and links, no script. Each page shows only the
 * links and forms the member's role may use; the routes check the role all the same.
 */
export type FormState = { fieldErrors?: Record<string, string>; formError?: string | undefined; values?: Record<string, string> };

const NAV: { href: string; label: string; needs: Permission }[] = [
  { href: "/admin/catalog", label: "Catalog", needs: "catalog:read" },
  { href: "/admin/staff", label: "Staff", needs: "staff:read" },
  { href: "/admin/tokens", label: "API tokens", needs: "staff:read" },
  { href: "/admin/audit", label: "Audit log", needs: "audit:read" },
  { href: "/admin/orders", label: "Orders", needs: "orders:read" },
  { href: "/admin/promotions", label: "Promotions", needs: "promotions:read" },
  { href: "/admin/flash-sales", label: "Flash sales", needs: "promotions:read" },
  { href: "/admin/webhooks", label: "Webhooks", needs: "webhooks:read" },
];

export function AdminLayout(props: { title: string; actor?: Actor | undefined; children?: Child }) {
  const staff = props.actor?.kind === "staff" ? props.actor : undefined;
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <PageHead title={props.title} site="edgeshop admin" noIndex />
        <body>
          <a class="skip-link" href="#main">
            Skip to content
          </a>
          <header class="site-header">
            <a class="brand" href="/admin">
              edgeshop admin
            </a>
            {staff ? (
              <nav class="site-nav" aria-label="Admin">
                <ul>
                  {NAV.filter((item) => roleAllows(staff.role, item.needs)).map((item) => (
                    <li>
                      <a href={item.href}>{item.label}</a>
                    </li>
                  ))}
                  <li>
                    <form method="post" action="/admin/signout">
                      <button type="submit">Sign out {staff.email}</button>
                    </form>
                  </li>
                </ul>
              </nav>
            ) : null}
          </header>
          <main id="main">{props.children}</main>
        </body>
      </html>
    </>
  );
}

export function SignInPage(props: FormState) {
  return (
    <AdminLayout title="Sign in">
      <section class="account-form" aria-labelledby="signin-heading">
        <h1 id="signin-heading">Staff sign-in</h1>
        <FormError message={props.formError} />
        <form method="post" action="/admin/signin">
          <Field name="email" label="Email" error={props.fieldErrors?.email} input={{ type: "email", autocomplete: "username", required: true, value: props.values?.email ?? "" }} />
          <Field name="password" label="Password" error={props.fieldErrors?.password} input={{ type: "password", autocomplete: "current-password", required: true, maxlength: MAX_PASSWORD_LENGTH }} />
          <button type="submit">Sign in</button>
        </form>
      </section>
    </AdminLayout>
  );
}

export function DashboardPage(props: { actor: StaffActor; children?: Child }) {
  const granted = PERMISSIONS.filter((p) => roleAllows(props.actor.role, p));
  return (
    <AdminLayout title="Dashboard" actor={props.actor}>
      <h1>Signed in as {props.actor.email}</h1>
      <p>
        Role: <strong>{props.actor.role}</strong>. You may: {granted.join(", ")}.
      </p>
      {props.children}
      <p>Everything here is also a JSON API under /admin/api/ (document: <a href="/admin/api/openapi.json">/admin/api/openapi.json</a>).</p>
      <form method="post" action="/admin/signout-everywhere">
        <button type="submit">Sign out on every device</button>
      </form>
    </AdminLayout>
  );
}

export function StaffPage(props: { actor: Actor; staff: Staff[]; canWrite: boolean; form: FormState; created?: string | undefined }) {
  const e = props.form.fieldErrors;
  return (
    <AdminLayout title="Staff" actor={props.actor}>
      <h1>Staff</h1>
      {props.created ? <p role="status">{props.created} was added.</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {props.staff.map((s) => (
            <tr>
              <td>{s.email}</td>
              <td>{s.name ?? ""}</td>
              <td>{s.role}</td>
              <td>{s.disabled ? "disabled" : "active"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.canWrite ? (
        <section aria-labelledby="add-staff">
          <h2 id="add-staff">Add a staff member</h2>
          <FormError message={props.form.formError} />
          <form method="post" action="/admin/staff">
            <Field name="email" label="Email" error={e?.email} input={{ type: "email", required: true, value: props.form.values?.email ?? "" }} />
            <Field name="name" label="Name (optional)" error={e?.name} input={{ type: "text", maxlength: MAX_NAME_LENGTH, value: props.form.values?.name ?? "" }} />
            <div class="field">
              <label for="role">Role</label>
              <select id="role" name="role">
                {ROLES.map((r) => (
                  <option value={r} selected={r === (props.form.values?.role ?? "read-only")}>
                    {r}
                  </option>
                ))}
              </select>
              {e?.role ? <p class="field-error">{e.role}</p> : null}
            </div>
            <Field
              name="password"
              label={`First password (at least ${MIN_PASSWORD_LENGTH} characters)`}
              error={e?.password}
              input={{ type: "password", autocomplete: "new-password", required: true, minlength: MIN_PASSWORD_LENGTH, maxlength: MAX_PASSWORD_LENGTH }}
            />
            <button type="submit">Add</button>
          </form>
        </section>
      ) : null}
    </AdminLayout>
  );
}

export function TokensPage(props: { actor: Actor; tokens: ApiToken[]; canWrite: boolean; form: FormState; secret?: string | undefined }) {
  return (
    <AdminLayout title="API tokens" actor={props.actor}>
      <h1>API tokens</h1>
      {props.secret ? (
        <p role="status">
          New token: <code>{props.secret}</code>. Copy it now: it is not shown again.
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created by</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {props.tokens.map((t) => (
            <tr>
              <td>{t.name}</td>
              <td>{t.scopes.join(", ")}</td>
              <td>{t.createdBy}</td>
              <td>
                {t.revoked ? (
                  "revoked"
                ) : props.canWrite ? (
                  <form method="post" action={`/admin/tokens/${encodeURIComponent(t.id)}/revoke`}>
                    <button type="submit">Revoke {t.name}</button>
                  </form>
                ) : (
                  "active"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.canWrite ? (
        <section aria-labelledby="new-token">
          <h2 id="new-token">New token</h2>
          <FormError message={props.form.formError} />
          <form method="post" action="/admin/tokens">
            <Field name="name" label="Name" error={props.form.fieldErrors?.name} input={{ type: "text", required: true, maxlength: MAX_NAME_LENGTH, value: props.form.values?.name ?? "" }} />
            <fieldset>
              <legend>Scopes</legend>
              {PERMISSIONS.map((p) => (
                <div>
                  <input type="checkbox" id={`scope-${p}`} name="scopes" value={p} />
                  <label for={`scope-${p}`}>{p}</label>
                </div>
              ))}
              {props.form.fieldErrors?.scopes ? <p class="field-error">{props.form.fieldErrors.scopes}</p> : null}
            </fieldset>
            <button type="submit">Create token</button>
          </form>
        </section>
      ) : null}
    </AdminLayout>
  );
}

export function AdminErrorPage(props: { actor?: Actor | undefined; status: number; message: string }) {
  return (
    <AdminLayout title={props.status === 403 ? "Not allowed" : "Error"} actor={props.actor}>
      <h1>{props.status === 403 ? "Not allowed" : "Something went wrong"}</h1>
      <p>{props.message}</p>
    </AdminLayout>
  );
}
