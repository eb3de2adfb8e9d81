/**
 * Only paths of this console are followed after sign-in (no open redirect): a relative path
 * that resolves on our own origin, never "//host", "/\\host" or a scheme.
 */
export function safeNext(next: string | null | undefined): string | undefined {
  if (!next || !next.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(next)) return undefined;
  const base = "http://console.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return undefined;
  }
  // Dot segments can normalise to a second leading slash ("/.//evil.example" is
  // "//evil.example"), which a browser reads as another host: the result is checked too.
  const out = url.pathname + url.search;
  return url.origin === base && !/^\/[/\\]/.test(out) ? out : undefined;
}
