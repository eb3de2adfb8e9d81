import "server-only";
import { maskStreamUrl } from "@/lib/url-mask";

/** Storage credentials of an egress request (S3, GCP, Azure, AliOSS) and any token or key. */
const CREDENTIAL = /secret|accesskey|accountkey|credentials|sessiontoken|password|token|streamkey/i;
const URL_KEYS = new Set(["url", "urls", "websocketUrl"]);

const maskAny = (v: unknown): unknown =>
  typeof v === "string"
    ? maskStreamUrl(v)
    : Array.isArray(v)
      ? v.map((x: unknown) => (typeof x === "string" ? maskStreamUrl(x) : x))
      : v;

/**
 * An egress webhook's `egressInfo` as History stores it: storage credentials dropped and every
 * stream URL masked, so the database (and backups of it) never hold a stream key.
 */
export function redactEgressJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactEgressJson);
  if (!v || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .filter(([k]) => !CREDENTIAL.test(k))
      .map(([k, x]) => [k, URL_KEYS.has(k) ? maskAny(x) : redactEgressJson(x)]),
  );
}
