import "server-only";
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** scrypt parameters: ~50 ms and 32 MiB per check on this class of machine. */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LEN = 32;
const PREFIX = "scrypt";

function scrypt(
  password: string,
  salt: Buffer,
  keylen: number,
  opts: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const memFor = (N: number, r: number) => 128 * N * r * 2;

/** "scrypt$N$r$p$salt$hash" with base64url salt and hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LEN, {
    ...PARAMS,
    maxmem: memFor(PARAMS.N, PARAMS.r),
  });
  return [
    PREFIX,
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

export const PASSWORD_HASH_PATTERN =
  /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{32,}$/;

type Parsed = { N: number; r: number; p: number; salt: Buffer; key: Buffer };

function parse(stored: string): Parsed | undefined {
  if (!PASSWORD_HASH_PATTERN.test(stored)) return undefined;
  const [, n, r, p, salt, key] = stored.split("$");
  const parsed = {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt!, "base64url"),
    key: Buffer.from(key!, "base64url"),
  };
  // Bounded so a hostile config cannot make each sign-in burn gigabytes.
  const sane =
    parsed.N >= 2 ** 14 &&
    parsed.N <= 2 ** 20 &&
    (parsed.N & (parsed.N - 1)) === 0 &&
    parsed.r >= 1 &&
    parsed.r <= 16 &&
    parsed.p >= 1 &&
    parsed.p <= 4;
  return sane ? parsed : undefined;
}

export function isPasswordHash(stored: string): boolean {
  return parse(stored) !== undefined;
}

/** A hash of nothing anyone knows: checked for unknown users so timing does not tell them apart. */
const DUMMY = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** Constant-time comparison; false for a malformed hash. Pass undefined for an unknown user. */
export async function verifyPassword(
  password: string,
  stored: string | undefined,
): Promise<boolean> {
  const parsed = parse(stored ?? DUMMY);
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed.key.length, {
    N: parsed.N,
    r: parsed.r,
    p: parsed.p,
    maxmem: memFor(parsed.N, parsed.r),
  });
  return stored !== undefined && timingSafeEqual(key, parsed.key);
}
