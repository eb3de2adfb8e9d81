/**
 * Reads until `ok` holds or `ms` pass, then returns the last value read (the caller's expect
 * says what was wrong with it, instead of a bare timeout).
 */
export async function until<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  { ms = 15_000, stepMs = 100 }: { ms?: number; stepMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
