import { measure, type LoadOptions, type LoadResult } from "./load.ts";

/**
 * A figure as a share of the hello-world Worker's throughput (the runtime's ceiling on this
 * machine). The machine is shared, so its load drifts over a run: each target is measured right
 * after a ceiling measurement of its own, and its share is taken against that one, not against
 * one ceiling measured minutes earlier.
 */
export interface Share {
  result: LoadResult;
  ceiling: LoadResult;
  /** result.rps / ceiling.rps, in percent. */
  percent: number;
}

export async function measureShare(name: string, url: string, ceilingUrl: string, options: LoadOptions): Promise<Share> {
  const { headers: _headers, method: _method, body: _body, setupRequest: _setup, ...timing } = options;
  const ceiling = await measure("hello-world Worker (ceiling)", ceilingUrl, timing);
  const result = await measure(name, url, options);
  return { result, ceiling, percent: ceiling.rps > 0 ? (result.rps / ceiling.rps) * 100 : 0 };
}

/** The rows to print: each target after the ceiling it was measured against. */
export function shareRows(shares: readonly Share[]): LoadResult[] {
  return shares.flatMap((s) => [s.ceiling, { ...s.result, name: `${s.result.name} → ${Math.round(s.percent)} % of ceiling` }]);
}
