import { randomBytes } from "node:crypto";

/** `pay_3f9c…`: 128 random bits behind a prefix that says what the id names. */
export function newId(prefix: "pay" | "tok" | "ch" | "evt" | "re" | "sre"): string {
  return `${prefix}_${randomBytes(16).toString("hex")}`;
}
