/** JSON log lines, one per event, on stdout: the same shape in the Worker and in Node. */
export type LogLevel = "debug" | "info" | "warn" | "error";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let minimum: LogLevel = "info";

/** Set once at start-up from configuration (tests run with "warn" to keep their output readable). */
export function setLogLevel(level: LogLevel): void {
  minimum = level;
}

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  if (RANK[level] < RANK[minimum]) return;
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}
