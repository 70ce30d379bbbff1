/**
 * Where a redirect may send a browser, decided on the parsed URL rather than the raw string:
 * `target` resolved against `base` (the request's URL) must stay on base's origin, and its path,
 * after the URL parser has removed `.` and `..` segments, must not begin with `//`. That second
 * rule matters because "/.//evil.example", "/%2e//evil.example" and "/a/..//evil.example" all
 * normalise to "//evil.example", which a browser reads in a Location header as another host.
 *
 * Returns the path, query and fragment to redirect to, or undefined when `target` is not safe.
 */
export function sameOriginPath(target: string, base: string | URL): string | undefined {
  if (target === "" || target.length > 2000) return undefined;
  // Browsers strip tabs and newlines from URLs ("/\t/host" becomes "//host") and read a
  // backslash as a slash, so neither is allowed anywhere in a redirect target.
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return undefined;
  let url: URL;
  let origin: string;
  try {
    url = new URL(target, base);
    origin = new URL(base).origin;
  } catch {
    return undefined;
  }
  if (url.origin !== origin || url.pathname.startsWith("//")) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}
