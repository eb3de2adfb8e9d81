// The app's bootstrap script starts after the first frame with the page's rows, not before it.
//
// React ends the server-rendered shell with `<script src=… async>` for the app's entry chunk.
// The browser has it cached after the first visit, so it runs at the parser's first pause:
// ~35 ms of module evaluation (React, the router) between the rows arriving and the frame that
// shows them (traced in Chromium on a 10,000-room rooms page). Here each such tag in the body
// is replaced by a small script with the same nonce that adds it after the next frame (at once
// in a tab opened in the background, where no frame comes until it is shown). The file itself is
// still fetched early (React's preload link for it stays), and hydration starts as before,
// one frame later. Inline scripts (the RSC payload) and the head's chunk scripts are untouched.
// A page whose bootstrap markup differs (a basePath or an assetPrefix, say) passes through as
// it was.
import { bytes, endArgs, isPageNavigation, takeHead } from "./compress.mjs";

/** A script of the app's own chunks, loaded async, as React writes bootstrap scripts. */
const BOOT_TAG =
  /<script src="(\/_next\/static\/[^"<>]+\.js)"((?: [a-zA-Z-]+(?:="[^"<>]*")?)*)><\/script>/g;
/** The start of a tag like that one, which may be cut at the end of a written chunk. */
const BOOT_START = '<script src="/_next/';

/** The script that loads `src` after the first frame, with the original tag's nonce. */
export function deferredBoot(src, attrs) {
  const attr = (name) => new RegExp(` ${name}="([^"]*)"`, "i").exec(attrs)?.[1];
  const nonce = attr("nonce");
  // Subresource integrity, when the build adds it, holds for the script added later too.
  const integrity = attr("integrity");
  const crossOrigin = attr("crossorigin");
  const load =
    "var go=function(){setTimeout(function(){" +
    `var s=document.createElement("script");s.src=${JSON.stringify(src)};s.async=true;` +
    (integrity === undefined ? "" : `s.integrity=${JSON.stringify(integrity)};`) +
    (crossOrigin === undefined ? "" : `s.crossOrigin=${JSON.stringify(crossOrigin)};`) +
    'document.body.appendChild(s)},0)};document.visibilityState==="hidden"?go():requestAnimationFrame(go)';
  return `<script${nonce === undefined ? "" : ` nonce="${nonce}"`}>${load}</script>`;
}

/**
 * Rewrites HTML text (one byte per character, `latin1`): the bootstrap tags after `<body` are
 * deferred. Returns what may be written now and what must wait for the next chunk (a tag that
 * may be cut in two).
 */
export function rewriteChunk(state, text) {
  let out = state.carry + text;
  state.carry = "";
  let from = 0;
  if (!state.inBody) {
    const body = out.indexOf("<body");
    if (body < 0) {
      // "<body" itself may be cut: the last few characters wait for the next look.
      const keep = Math.max(0, out.length - 4);
      state.carry = out.slice(keep);
      return out.slice(0, keep);
    }
    state.inBody = true;
    from = body;
  }
  const head = out.slice(0, from);
  let rest = out
    .slice(from)
    .replace(BOOT_TAG, (tag, src, attrs) =>
      / async(?:="[^"]*")?(?= |$)/.test(attrs) ? deferredBoot(src, attrs) : tag,
    );
  // Hold back a bootstrap tag cut at the end of this chunk (it is complete in the next one).
  const boot = rest.lastIndexOf(BOOT_START);
  const open = rest.lastIndexOf("<");
  if (boot >= 0 && !rest.includes("</script>", boot) && rest.length - boot < 1024) {
    state.carry = rest.slice(boot);
    rest = rest.slice(0, boot);
  } else if (open >= 0 && BOOT_START.startsWith(rest.slice(open))) {
    state.carry = rest.slice(open);
    rest = rest.slice(0, open);
  }
  return head + rest;
}

/** Patches `res` so a page's bootstrap script starts after the page's first frame. */
export function bootAfterPaint(req, res) {
  if (!isPageNavigation(req)) return;
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const writeHead = res.writeHead.bind(res);
  /** undefined until the first write: then whether this answer is rewritten. */
  let rewrite;
  const state = { carry: "", inBody: false };
  const decide = () => {
    if (rewrite !== undefined) return rewrite;
    // Any status: a not-found or error page boots the app too.
    rewrite =
      /^text\/html\b/.test(String(res.getHeader("content-type") ?? "")) &&
      !(res.headersSent && res.hasHeader("content-length"));
    // The rewritten page has another length: it goes out chunked.
    if (rewrite && !res.headersSent) res.removeHeader("content-length");
    return rewrite;
  };
  // Headers given to writeHead as an object are set here, so decide() sees them.
  res.writeHead = (status, reason, headers) => {
    if (!takeHead(res, status, reason, headers)) {
      rewrite = false; // raw header pairs: passed through as they are
      return writeHead(status, reason, headers);
    }
    decide();
    return writeHead(status);
  };
  /** A written chunk as text, one character per byte. */
  const text = (chunk, enc) => {
    const b = bytes(chunk, enc);
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
  };
  res.write = (chunk, enc, cb) => {
    if (chunk === undefined || chunk === null || !decide()) return write(chunk, enc, cb);
    const out = rewriteChunk(state, text(chunk, enc));
    return write(Buffer.from(out, "latin1"), typeof enc === "function" ? enc : cb);
  };
  res.end = (...args) => {
    const [chunk, enc, cb] = endArgs(...args);
    const none = chunk === undefined || chunk === null;
    if ((none && state.carry === "") || !decide()) return end(chunk, enc, cb);
    // The last chunk: nothing comes after it, so what was held back goes out as it is.
    const out = (none ? "" : rewriteChunk(state, text(chunk, enc))) + state.carry;
    state.carry = "";
    return end(Buffer.from(out, "latin1"), cb);
  };
}
