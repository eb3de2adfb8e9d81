// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // A self-contained server folder for deployment: `npm run build:standalone` (which sets
  // LKA_STANDALONE) builds it. Other builds stay plain: Next warns when its own server loads a
  // standalone build, and the console's server (scripts/server.mjs) is what runs everywhere.
  ...(process.env.LKA_STANDALONE === "1" ? { output: "standalone" } : {}),
  // The stylesheet stays a file: its name changes with its content, so a browser keeps it and
  // every later page costs nothing for it. Inlined (experimental.inlineCss), it came twice in
  // every page, in a <style> and again in the RSC payload: 128 KB of a rooms page's 221 KB.
  // WASM (PGlite) and pg must be loaded by Node at run time. (@livekit/rtc-node is not here:
  // only the demo scripts and the tests use it, so it is a dev dependency.)
  // livekit-server-sdk too: the room-list worker thread loads it from node_modules
  // (lib/live/list-rooms-worker.ts), so the deployment folder must carry it.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "ioredis", "livekit-server-sdk"],
  experimental: {
    // Next copies a request's body for proxy.ts (server-action posts only) up to this size and
    // cuts it there. Twice the action limit (1 MiB): a longer body is still seen as too long,
    // and no copy grows past 2 MiB (the default is 10 MiB per request).
    proxyClientMaxBodySize: 2 * 1024 * 1024,
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          // A console that deletes rooms must not be framed by another site (clickjacking).
          // The Content-Security-Policy (with frame-ancestors 'none') comes from proxy.ts.
          { key: "X-Frame-Options", value: "DENY" },
          // An admin console has no business in search results.
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
          // Nothing here uses the camera, microphone, location, payments or USB.
          {
            key: "Permissions-Policy",
            value:
              "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), bluetooth=(), midi=(), display-capture=(), browsing-topics=()",
          },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
