import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import { log, setLogLevel } from "../../platform/log.ts";
import { logLevel } from "../src/middleware/log-level.ts";
import type { EdgeEnv } from "../src/types.ts";

function appLogging() {
  const app = new Hono<EdgeEnv>();
  app.use("*", logLevel());
  app.get("/", (c) => {
    log("info", "an info line");
    log("warn", "a warning");
    return c.text("ok");
  });
  return app;
}

async function linesWritten(app: Hono<EdgeEnv>, level: string): Promise<string[]> {
  const spy = vi.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    await app.request("/", {}, { LOG_LEVEL: level } as EdgeEnv["Bindings"]);
    return spy.mock.calls.map((call) => (JSON.parse(String(call[0])) as { msg: string }).msg);
  } finally {
    spy.mockRestore();
  }
}

describe("the Worker's LOG_LEVEL", () => {
  afterEach(() => setLogLevel("info"));

  it("at warn, writes warnings and leaves out info lines", async () => {
    expect(await linesWritten(appLogging(), "warn")).toEqual(["a warning"]);
  });

  it("follows a changed binding, and at info writes both", async () => {
    const app = appLogging();
    await linesWritten(app, "warn");
    expect(await linesWritten(app, "info")).toEqual(["an info line", "a warning"]);
  });

  it("leaves the level as it was for a value it does not know", async () => {
    expect(await linesWritten(appLogging(), "loud")).toEqual(["an info line", "a warning"]);
  });
});
