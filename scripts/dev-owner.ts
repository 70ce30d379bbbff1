import type { CustomersDb } from "../regional-services/customers/db.ts";
import { ensureDevOwner } from "../regional-services/customers/staff.ts";

/**
 * The dev owner (staff.ts `ensureDevOwner`) when the shop has no owner yet, and the admin line
 * `npm run dev` prints about it: the published dev credentials, or a note that the shop's owner
 * is someone else's account. `npm run dev` calls it in its own process and
 * `npm run admin:create-owner -- --dev` from the command line.
 */
export async function devOwnerLine(db: CustomersDb, edgePort: number | string): Promise<string> {
  const owner = await ensureDevOwner(db);
  const url = `http://127.0.0.1:${edgePort}/admin`;
  return owner ? `admin        ${url}  ${owner.email} / ${owner.password}${owner.created ? " (created now)" : ""}` : `admin        ${url}  (sign in with your own owner account)`;
}
