// The app icon's address carries a hash of its content (Next links it as
// "/icon.svg?icon.<hash>.svg"), yet Next serves it with "max-age=0, must-revalidate" and no
// validator, so every page load fetched it again: twice in Chromium, 3–20 ms of this server
// each, while the browser was still painting the page. A changed icon gets a new address, so
// the hashed one may be kept for a year. The bare /icon.svg keeps Next's headers.
import { takeHead } from "./compress.mjs";

const HASHED_ICON = /^\/icon\.svg\?icon\.[a-z0-9_-]+\.svg$/i;

/** Patches `res` so the hashed app icon is cached by the browser. */
export function cacheHashedIcon(req, res) {
  if ((req.method !== "GET" && req.method !== "HEAD") || !HASHED_ICON.test(req.url ?? "")) return;
  const writeHead = res.writeHead.bind(res);
  res.writeHead = (status, reason, headers) => {
    if (!takeHead(res, status, reason, headers)) return writeHead(status, reason, headers);
    if (res.statusCode === 200)
      res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    return writeHead(res.statusCode);
  };
}
