import { afterEach, describe, expect, it, vi } from "vitest";
import { setLogLevel } from "../../../platform/log.ts";
import { createServiceApp } from "../server.ts";

/** Feed polls and health probes arrive several times a second: only their failures log at info. */
function app() {
  const a = createServiceApp("orders");
  a.get("/internal/events", (c) => c.json({ events: [] }));
  a.get("/internal/feeds", (c) => c.json({ error: { code: "INTERNAL", message: "down" } }, 500));
  a.get("/orders", (c) => c.json({ orders: [] }));
  // Each edge isolate asks for the catalog's version about once a second while it serves shoppers.
  a.get("/catalog/version", (c) => c.json({ version: "v1" }));
  return a;
}

async function logged(level: "info" | "debug", path: string): Promise<{ level: string; path: string; status: number }[]> {
  setLogLevel(level);
  const spy = vi.spyOn(console, "log").mockImplementation(() => undefined);
  await app().request(path);
  const lines = spy.mock.calls.map(([line]) => JSON.parse(String(line)) as { level: string; path: string; status: number });
  spy.mockRestore();
  return lines;
}

afterEach(() => setLogLevel("warn"));

describe("request logger", () => {
  it("logs a successful poll at debug, so it is hidden at info", async () => {
    expect(await logged("info", "/internal/events?after=3")).toEqual([]);
    expect(await logged("info", "/healthz")).toEqual([]);
    expect(await logged("info", "/catalog/version")).toEqual([]);
    expect(await logged("debug", "/internal/events?after=3")).toEqual([expect.objectContaining({ level: "debug", path: "/internal/events", status: 200 })]);
  });

  it("logs a failed poll and every other request at info, as before", async () => {
    expect(await logged("info", "/internal/feeds")).toEqual([expect.objectContaining({ level: "info", path: "/internal/feeds", status: 500 })]);
    expect(await logged("info", "/orders")).toEqual([expect.objectContaining({ level: "info", path: "/orders", status: 200 })]);
  });
});
