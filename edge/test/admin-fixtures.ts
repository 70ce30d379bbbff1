import type { Staff } from "../../contracts/admin/api.ts";
import { adminPath } from "../../contracts/admin/routes.ts";
import { PERMISSIONS, type Role } from "../../domain/staff-roles.ts";
import { DEV_OWNER_EMAIL, DEV_SECRETS } from "../../platform/dev-secrets.ts";
import { Shopper } from "./cart-fixtures.ts";

/**
 * A browser (or script) using the admin: keeps its cookies as a browser would, or sends an API
 * token. The test stack made the dev owner (scripts/stack.ts), as `npm run dev` does.
 */
export class AdminClient {
  /** The cookie jar: a browser's, as the shopper specs keep it. */
  readonly #browser = new Shopper();
  /** Each client its own address: sign-in limits count per email and address, as in production. */
  readonly #address = `198.51.100.${Math.floor(Math.random() * 250) + 1}:${crypto.randomUUID().slice(0, 8)}`;
  readonly token: string | undefined;
  constructor(token?: string) {
    this.token = token;
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has("sec-fetch-site")) headers.set("sec-fetch-site", "same-origin");
    headers.set("cf-connecting-ip", this.#address);
    if (this.token) headers.set("authorization", `Bearer ${this.token}`);
    return this.#browser.fetch(path, { ...init, headers });
  }

  json(method: string, path: string, body?: unknown): Promise<Response> {
    return this.fetch(path, body === undefined ? { method } : { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  }

  cookie(name: string): string | undefined {
    return this.#browser.cookie(name);
  }

  setCookie(name: string, value: string): void {
    this.#browser.setCookie(name, value);
  }
}

export async function signedIn(email: string, password: string): Promise<AdminClient> {
  const client = new AdminClient();
  const res = await client.json("POST", "/admin/api/session", { email, password });
  if (res.status !== 200) throw new Error(`admin sign-in of ${email} answered ${res.status}: ${await res.text()}`);
  return client;
}

export const signedInOwner = () => signedIn(DEV_OWNER_EMAIL, DEV_SECRETS.DEV_OWNER_PASSWORD);

/** A new staff member with `role`, made by `owner` through the admin API, and signed in. */
export async function staffWithRole(owner: AdminClient, role: Role): Promise<{ staff: Staff; password: string; client: AdminClient }> {
  const email = `${role}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const password = `${role} password ${crypto.randomUUID()}`;
  const res = await owner.json("POST", "/admin/api/staff", { email, role, password, name: `The ${role} one` });
  if (res.status !== 201) throw new Error(`creating a ${role} member answered ${res.status}: ${await res.text()}`);
  const { staff } = await res.json<{ staff: Staff }>();
  return { staff, password, client: await signedIn(email, password) };
}

let ownerToken: Promise<string> | undefined;

/** An owner's API token for the specs that set a scene as the merchant (made once per test file). */
function merchantToken(): Promise<string> {
  ownerToken ??= (async () => {
    const owner = await signedInOwner();
    const res = await owner.json("POST", "/admin/api/tokens", { name: "edge specs", scopes: [...PERMISSIONS] });
    if (res.status !== 201) throw new Error(`creating the specs' API token answered ${res.status}: ${await res.text()}`);
    return (await res.json<{ secret: string }>()).secret;
  })();
  return ownerToken;
}

/**
 * A merchant call as a merchant's script makes it: a service's merchant route (`/merchant/...`)
 * through the edge's admin API with an API token. Answers the raw response.
 */
export async function merchantApi(method: string, merchantPath: string, body?: unknown): Promise<Response> {
  const client = new AdminClient(await merchantToken());
  return client.json(method, adminPath(merchantPath.split("?")[0] ?? "") + (merchantPath.includes("?") ? merchantPath.slice(merchantPath.indexOf("?")) : ""), body);
}

/** The dev owner signed in, and a new member with `role` the owner added, signed in too. */
export async function ownerAndMember(role: Role): Promise<{ owner: AdminClient; member: AdminClient; memberEmail: string }> {
  const owner = await signedInOwner();
  const { staff, client } = await staffWithRole(owner, role);
  return { owner, member: client, memberEmail: staff.email };
}
