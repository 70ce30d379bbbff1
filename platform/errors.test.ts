import { describe, expect, it } from "vitest";
import { AppError, relayedError } from "./errors.ts";
import { ERROR_CODES, ERROR_STATUS, errorBody, errorBodySchema, isErrorCode } from "../contracts/errors.ts";

describe("the error table", () => {
  it("gives IDEMPOTENCY_KEY_REUSED one status everywhere: 422", () => {
    expect(ERROR_STATUS.IDEMPOTENCY_KEY_REUSED).toBe(422);
  });

  it("is what AppError answers with: the thrower names the code, the table the status", () => {
    for (const code of ERROR_CODES) expect(new AppError(code, "m").status).toBe(ERROR_STATUS[code]);
  });

  it("knows its codes and nothing else", () => {
    expect(isErrorCode("OUT_OF_STOCK")).toBe(true);
    expect(isErrorCode("toString")).toBe(false);
  });

  it("relays a sibling's known code as is, and an unknown one as UPSTREAM_ERROR keeping the code", () => {
    expect(relayedError(errorBody("PRICE_CHANGED", "m", { changes: [] }))).toMatchObject({ code: "PRICE_CHANGED", status: 409, details: { changes: [] } });
    expect(relayedError({ error: { code: "NEW_THING", message: "m" } })).toMatchObject({ code: "UPSTREAM_ERROR", status: 502, details: { upstreamCode: "NEW_THING" } });
  });

  it("builds bodies the schema accepts, without a details key when there are none", () => {
    expect(errorBody("NOT_FOUND", "gone")).toStrictEqual({ error: { code: "NOT_FOUND", message: "gone" } });
    expect(errorBodySchema.safeParse(errorBody("NOT_FOUND", "gone", { a: 1 })).success).toBe(true);
  });
});
