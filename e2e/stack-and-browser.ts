import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { launchBrowser } from "./browser.ts";
import { startDevStack, type DevStack } from "./dev-stack.ts";

/**
 * For the describe block it is called in: the stack as `npm run dev` starts it (on ports from
 * `base`) and a Chromium, both started before its tests and stopped after them. The stack's
 * output is kept, not printed; a failing test shows its end.
 */
export function stackAndBrowser(base?: number): { readonly stack: DevStack; readonly browser: Browser } {
  let stack: DevStack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    stack = await startDevStack(base);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  afterEach((context) => {
    if (context.task.result?.state === "fail") console.error(`--- dev stack output ---\n${stack?.output().slice(-6000) ?? ""}`);
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} has not started`);
    return value;
  };
  return {
    get stack() {
      return started(stack, "dev stack");
    },
    get browser() {
      return started(browser, "browser");
    },
  };
}
