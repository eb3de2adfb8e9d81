/**
 * One value per server process, made by `create` the first time any copy of the calling module
 * asks for it, and kept on `globalThis` under `Symbol.for("livekit-admin." + name)`.
 *
 * Why not a module-level `const`: Next may load a module more than once in one process (route
 * handlers, server actions, pages and the proxy are separate bundles, and the dev server loads
 * again after an edit), and each copy would make its own value. A connection pool would be
 * opened twice, a worker started twice, a cache filled twice.
 *
 * The rule: these values are per-process caches, connections and workers, nothing more. Each
 * instance of the console, and each restart, starts with its own. Anything security or
 * correctness depends on (sign-outs, throttles, leases, bulk jobs, history) lives in the
 * database or Redis, where every bundle, instance and restart sees the same state.
 *
 * A value that is replaced or cleared (a connection closed, a memo renewed) is kept in a holder
 * object returned by `create`, so every copy of the module sees the change. This is the one
 * place that touches `globalThis` this way: the structure test in tests/unit holds to it.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const held = globalThis as unknown as Record<symbol, T | undefined>;
  return (held[Symbol.for(`livekit-admin.${name}`)] ??= create());
}
