// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The rtc-node native binding must be loaded by Node at run time, never bundled.
  serverExternalPackages: ["@livekit/rtc-node"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          // A console that deletes rooms must not be framed by another site (clickjacking).
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
