import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { accessConfig } from "@/lib/auth/access";
import { verifyPassword } from "@/lib/auth/password";
import { cookieOptions, newSessionToken, SESSION_COOKIE } from "@/lib/auth/session";
import { ADDRESS_RULE, Throttle, USER_RULE, type ThrottleRule } from "@/lib/auth/throttle";
import { landingPathFor, safeNext } from "@/lib/auth/landing";
import { log } from "@/lib/logger";
import { tryRecord } from "@/lib/audit";

export const dynamic = "force-dynamic";

const throttle = new Throttle();

const body = z.object({
  username: z
    .string()
    .trim()
    .min(1, "Enter your username")
    .max(64, "Username is longer than 64 characters"),
  password: z
    .string()
    .min(1, "Enter your password")
    .max(1024, "Password is longer than 1024 characters"),
  next: z.string().optional(),
});

/**
 * The client's address. Behind a reverse proxy it is the last X-Forwarded-For hop; on a direct
 * connection Next sets that header from the socket. The per-user limit does not depend on it.
 */
function clientAddress(req: NextRequest): string {
  const hops = (req.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  return hops.at(-1) ?? "unknown";
}

const json = (data: unknown, status: number, headers: Record<string, string> = {}) =>
  NextResponse.json(data, { status, headers: { "Cache-Control": "no-store", ...headers } });

export async function POST(req: NextRequest) {
  // Only our own sign-in form may post here (no login CSRF).
  const origin = req.headers.get("origin");
  if (origin && new URL(origin).host !== req.headers.get("host")) {
    return json(
      { ok: false, error: { code: "forbidden", message: "Cross-site sign-in refused." } },
      403,
    );
  }
  const parsed = body.safeParse(await req.json().catch(() => undefined));
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const i of parsed.error.issues)
      (fieldErrors[i.path.join(".") || "_form"] ??= []).push(i.message);
    return json(
      {
        ok: false,
        error: {
          code: "invalid_input",
          message: parsed.error.issues[0]?.message ?? "Invalid input",
          fieldErrors,
        },
      },
      400,
    );
  }
  const { username, password } = parsed.data;
  const keys: [string, ThrottleRule][] = [
    [`user:${username.toLowerCase()}`, USER_RULE],
    [`addr:${clientAddress(req)}`, ADDRESS_RULE],
  ];
  const verdict = throttle.check(keys);
  if (!verdict.allowed) {
    log("warn", "sign-in refused", { username, reason: "throttled" });
    const minutes = Math.ceil(verdict.retryAfterSec / 60);
    return json(
      {
        ok: false,
        error: {
          code: "throttled",
          message: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        },
      },
      429,
      { "Retry-After": String(verdict.retryAfterSec) },
    );
  }
  if (verdict.delayMs > 0) await new Promise((r) => setTimeout(r, verdict.delayMs));

  const config = accessConfig();
  const op = config.operators.find((o) => o.username === username);
  // Unknown users are checked against a dummy hash: same work, same answer, same time.
  const valid = await verifyPassword(password, op?.passwordHash);
  if (!valid || !op) {
    throttle.fail(keys);
    log("warn", "sign-in failed", { username, address: clientAddress(req) });
    await tryRecord({
      actor: username,
      action: "auth.sign-in",
      target: clientAddress(req),
      outcome: "failed",
      errorCode: "unauthenticated",
    });
    return json(
      { ok: false, error: { code: "unauthenticated", message: "Wrong username or password." } },
      401,
    );
  }
  // Sessions are audited: no record, no session.
  if (
    !(await tryRecord({
      actor: username,
      action: "auth.sign-in",
      target: clientAddress(req),
      outcome: "ok",
    }))
  ) {
    return json(
      {
        ok: false,
        error: {
          code: "audit_unavailable",
          message:
            "Sign-in is unavailable: the audit log cannot be written. Check the audit database.",
        },
      },
      503,
    );
  }
  throttle.succeed(keys[0]![0]);
  log("info", "sign-in", { username });
  const res = json(
    { ok: true, data: { redirectTo: safeNext(parsed.data.next) ?? (await landingPathFor(op)) } },
    200,
  );
  res.cookies.set(
    SESSION_COOKIE,
    await newSessionToken(op.username),
    cookieOptions(req.headers.get("host")),
  );
  return res;
}
