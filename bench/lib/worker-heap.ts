import WebSocket from "ws";

/**
 * The Worker isolate's JavaScript heap, read through `wrangler dev`'s inspector (the DevTools
 * protocol): after a full collection, what the edge code and every Durable Object in it still
 * hold. workerd's RSS also counts the runtime's native memory (actor bookkeeping, the local alarm
 * scheduler's in-memory alarms, allocator high-water marks), which is not ours to free; a heap
 * that stays flat while RSS climbs says the growth is the runtime's.
 */
export interface WorkerHeap {
  /** MB used after a forced garbage collection, and MB the heap holds from the OS. */
  read(): Promise<{ usedMb: number; totalMb: number } | undefined>;
  close(): void;
}

const CALL_TIMEOUT_MS = 10_000;

export async function connectWorkerHeap(inspectorUrl: string): Promise<WorkerHeap> {
  const targets = (await (await fetch(`${inspectorUrl}/json`)).json()) as { webSocketDebuggerUrl?: string }[];
  const url = targets.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target at ${inspectorUrl}`);
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  let nextId = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.on("message", (data: Buffer) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id === undefined) return;
    waiting.get(message.id)?.(message.result);
    waiting.delete(message.id);
  });
  // Resolves undefined when the inspector does not answer in time (a Worker reload, say).
  const call = (method: string): Promise<unknown> =>
    new Promise((resolve) => {
      const id = ++nextId;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, method }));
      setTimeout(() => {
        waiting.delete(id);
        resolve(undefined);
      }, CALL_TIMEOUT_MS).unref();
    });
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  return {
    async read() {
      await call("HeapProfiler.collectGarbage");
      const usage = (await call("Runtime.getHeapUsage")) as { usedSize: number; totalSize: number } | undefined;
      return usage ? { usedMb: mb(usage.usedSize), totalMb: mb(usage.totalSize) } : undefined;
    },
    close: () => ws.close(),
  };
}
