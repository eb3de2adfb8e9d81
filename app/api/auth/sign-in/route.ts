import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { fieldErrorsOf } from "@/lib/procedures/field-errors";
import { accessConfig } from "@/lib/auth/access";
import { verifyPassword } from "@/lib/auth/password";
import {
  cookieOptions,
  newSessionToken,
  sessionCookieName,
  syncOperators,
} from "@/lib/auth/session";
import { signInKeys } from "@/lib/auth/throttle";
import { landingPathFor, safeNext } from "@/lib/auth/landing";
import { clientAddress, isCrossSite } from "@/lib/http/request";
import { readLimited } from "@/lib/http/limited-body";
import { log } from "@/lib/logger";
import { database } from "@/lib/db";
import { tryRecord, logLostAudit } from "@/lib/db/audit-record";
import {
  SIGN_IN_FAILURE,
  throttledMessage,
  TYPED_USERNAME_COOKIE,
  TYPED_USERNAME_MAX_AGE_SEC,
  type SignInFailureCode,
} from "@/lib/auth/sign-in-failures";
import { USERNAME_MAX_LENGTH } from "@/lib/auth/username";

export const dynamic = "force-dynamic";

const body = z.object({
  username: z
    .string()
    .trim()
    .min(1, "Enter your username")
    .max(USERNAME_MAX_LENGTH, `Username is longer than ${USERNAME_MAX_LENGTH} characters`),
  password: z
    .string()
    .min(1, "Enter your password")
    .max(1024, "Password is longer than 1024 characters"),
  next: z.string().max(2048).optional(),
});

const json = (data: unknown, status: number, headers: Record<string, string> = {}) =>
  NextResponse.json(data, { status, headers: { "Cache-Control": "no-store", ...headers } });

/** A same-site address to go to next (a path of this console); a 303 keeps it a GET. */
const seeOther = (location: string) =>
  new NextResponse(null, {
    status: 303,
    headers: { Location: location, "Cache-Control": "no-store" },
  });

/**
 * The form's own post, sent by the browser when the form is submitted before the page's
 * scripts run (it posts, so the password never lands in an address). Answered with redirects:
 * to the page asked for, or back to the sign-in page with the failure's code (never the
 * username or the password).
 */
const isFormPost = (req: NextRequest) =>
  /^application\/x-www-form-urlencoded\b/i.test(req.headers.get("content-type") ?? "");

/**
 * A username, a password and a path fit in a few KiB even percent-encoded; nothing longer is
 * read (a 300 MB body, chunked or not, costs at most this much memory).
 */
const SIGN_IN_MAX_BYTES = 16 * 1024;

type Input = { tooLarge: true } | { tooLarge?: false; value: unknown };

async function readInput(req: NextRequest): Promise<Input> {
  const body = await readLimited(req, SIGN_IN_MAX_BYTES);
  if (!body.ok) return { tooLarge: true };
  if (!isFormPost(req)) {
    try {
      return { value: JSON.parse(body.text) as unknown };
    } catch {
      return { value: undefined };
    }
  }
  const form = new URLSearchParams(body.text);
  const field = (name: string) => {
    const v = form.get(name);
    return v !== null && (name !== "next" || v !== "") ? v : undefined;
  };
  return {
    value: {
      username: field("username") ?? "",
      password: field("password") ?? "",
      next: field("next"),
    },
  };
}

const UNAVAILABLE = SIGN_IN_FAILURE.audit_unavailable;

/**
 * Sets (or, with max age 0, clears) the cookie that brings the username typed back to the
 * sign-in page: the session cookie's transport options, for /sign-in only.
 */
function keptUsername(req: NextRequest, res: NextResponse, value: string, maxAge: number) {
  res.cookies.set(TYPED_USERNAME_COOKIE, value, {
    ...cookieOptions(req.headers),
    path: "/sign-in",
    maxAge,
  });
}

export async function POST(req: NextRequest) {
  const form = isFormPost(req);
  /** The page asked for, once the body is read (a refusal before that goes back without it). */
  const asked: { next?: unknown; username?: unknown } = {};
  const failure = (
    status: number,
    code: SignInFailureCode,
    message: string,
    extra: object = {},
  ) => {
    if (!form) return json({ ok: false, error: { code, message, ...extra } }, status);
    const back = new URLSearchParams({ failed: code });
    const next = typeof asked.next === "string" ? safeNext(asked.next) : undefined;
    if (next) back.set("next", next);
    const res = seeOther(`/sign-in?${back}`);
    // The page starts again empty: the username typed comes back with it, not in the address.
    const username = typeof asked.username === "string" ? asked.username.trim() : "";
    if (username && username.length <= USERNAME_MAX_LENGTH)
      keptUsername(req, res, encodeURIComponent(username), TYPED_USERNAME_MAX_AGE_SEC);
    return res;
  };
  // Only our own sign-in form may post here (no login CSRF).
  if (isCrossSite(req.headers)) return failure(403, "forbidden", SIGN_IN_FAILURE.forbidden);
  const read = await readInput(req);
  // No sign-in is this long, from a form or a script: a plain 413 (not the form's way back to
  // the page, which would carry nothing of it).
  if (read.tooLarge)
    return json(
      {
        ok: false,
        error: {
          code: "invalid_input",
          message: "The sign-in request is larger than a sign-in can be.",
        },
      },
      413,
    );
  const input = read.value;
  asked.next = (input as { next?: unknown } | undefined)?.next;
  asked.username = (input as { username?: unknown } | undefined)?.username;
  const parsed = body.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    const message = parsed.error.issues[0]?.message ?? "Invalid input";
    return failure(400, "invalid_input", message, { fieldErrors });
  }
  const { username, password } = parsed.data;
  // The operators file turned local passwords off (oidc.passwords): no password is checked.
  if (!accessConfig().passwords)
    return failure(403, "passwords_off", SIGN_IN_FAILURE.passwords_off);
  // Served without the console's own server, nobody can say who is guessing: no throttle
  // could hold, so no password is checked.
  const address = clientAddress(req.headers);
  if (address === undefined) return failure(503, "served_wrong", SIGN_IN_FAILURE.served_wrong);
  const counted = signInKeys(username, address);
  const keys = [counted.pair, counted.address, counted.user];
  let db: Awaited<ReturnType<typeof database>>;
  try {
    db = await database();
  } catch (e) {
    // Without the database there is no throttle and no record: refuse, and leave a trace.
    logLostAudit(
      { actor: username, action: "auth.sign-in", target: address, outcome: "refused" },
      e,
    );
    return failure(503, "audit_unavailable", UNAVAILABLE);
  }
  const verdict = await db.throttle.reserve(keys);
  if (!verdict.allowed) {
    const addressOnly = verdict.key === counted.address.key;
    log("warn", "sign-in refused", { username, address, reason: verdict.reason, addressOnly });
    const code = verdict.reason === "locked" ? "throttled" : "busy";
    const message = throttledMessage(verdict.reason, addressOnly, verdict.retryAfterSec);
    if (form) return failure(429, code, message);
    return json({ ok: false, error: { code, message } }, 429, {
      "Retry-After": String(verdict.retryAfterSec),
    });
  }
  try {
    if (verdict.delayMs > 0) await new Promise((r) => setTimeout(r, verdict.delayMs));
    const config = accessConfig();
    const op = config.operators.find((o) => o.username === username);
    // Unknown users are checked against a dummy hash: same work, same answer, same time.
    const valid = await verifyPassword(password, op?.passwordHash);
    if (!valid || !op) {
      await db.throttle.fail(keys);
      log("warn", "sign-in failed", { username, address });
      await db.security
        .recordSignInFailure({ address, username, known: op !== undefined })
        .catch((e: unknown) =>
          logLostAudit(
            { actor: username, action: "auth.sign-in", target: address, outcome: "failed" },
            e,
          ),
        );
      return failure(401, "unauthenticated", SIGN_IN_FAILURE.unauthenticated);
    }
    await syncOperators(config);
    // Sessions are audited: no record, no session.
    if (
      !(await tryRecord({
        actor: username,
        action: "auth.sign-in",
        target: address,
        outcome: "ok",
      }))
    ) {
      await db.throttle.release(keys);
      return failure(503, "audit_unavailable", UNAVAILABLE);
    }
    await db.throttle.succeed(keys);
    log("info", "sign-in", { username });
    const redirectTo = safeNext(parsed.data.next) ?? (await landingPathFor(op));
    const res = form ? seeOther(redirectTo) : json({ ok: true, data: { redirectTo } }, 200);
    const secure = cookieOptions(req.headers).secure;
    res.cookies.set(
      sessionCookieName(secure),
      await newSessionToken(op.username),
      cookieOptions(req.headers),
    );
    // The username kept after an earlier failed form post is not needed any more.
    if (form) keptUsername(req, res, "", 0);
    return res;
  } catch (e) {
    await db.throttle.release(keys).catch(() => undefined);
    log("error", "sign-in error", { username }, e);
    return failure(503, "audit_unavailable", UNAVAILABLE);
  }
}
