/**
 * What a server-action request of this console looks like: the browser's React client sends the
 * arguments as one JSON array (text/plain). Anything else is refused before Next parses it, with
 * a 4xx and one warning line, so a fuzzer or scanner cannot fill the log or page the on-call with
 * 5xx answers.
 */
export const ACTION_BODY_MAX_BYTES = 1024 * 1024;
const MAX_ARGS = 4;
const MAX_DEPTH = 32;

export type BodyVerdict = { ok: true } | { ok: false; status: 400 | 413 | 415; reason: string };

/**
 * React's reply encoding marks special values with a leading "$" and escapes a plain string's
 * "$" as "$$". Our client sends only plain data (and "$undefined" for absent fields); any other
 * reference ("$1", "$@0", "$F…", "$K…") would make React look for parts that are not there.
 */
const PLAIN_MARKERS = new Set(["$undefined", "$NaN", "$Infinity", "$-Infinity", "$-0"]);
const isForeignReference = (s: string) =>
  s.startsWith("$") && !s.startsWith("$$") && !PLAIN_MARKERS.has(s) && !/^\$D/.test(s);

/** The problem with a decoded argument list, if any: too deep, or a reference we never send. */
function shapeProblem(v: unknown): string | undefined {
  // Iterative: a 5,000-deep body must not overflow the stack.
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (d > MAX_DEPTH) return "arguments nested too deeply";
    if (typeof x === "string" && isForeignReference(x))
      return "a reference this console never sends";
    if (x && typeof x === "object") {
      for (const child of Object.values(x as Record<string, unknown>)) stack.push([child, d + 1]);
    }
  }
  return undefined;
}

export function checkActionBody(contentType: string | null, body: string): BodyVerdict {
  if (!(contentType ?? "").toLowerCase().startsWith("text/plain"))
    return { ok: false, status: 415, reason: "not a JSON argument list" };
  if (Buffer.byteLength(body) > ACTION_BODY_MAX_BYTES)
    return { ok: false, status: 413, reason: "body over 1 MiB" };
  let args: unknown;
  try {
    args = JSON.parse(body);
  } catch {
    return { ok: false, status: 400, reason: "body is not JSON" };
  }
  if (!Array.isArray(args)) return { ok: false, status: 400, reason: "arguments are not a list" };
  if (args.length > MAX_ARGS) return { ok: false, status: 400, reason: "too many arguments" };
  const problem = shapeProblem(args);
  if (problem) return { ok: false, status: 400, reason: problem };
  return { ok: true };
}
