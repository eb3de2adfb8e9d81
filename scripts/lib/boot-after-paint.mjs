// The app's scripts start after the first frame with the page's rows, not before it.
//
// React and Next write the app's chunks as `<script src=… async>` tags: Next's shared chunks
// in the head, React's bootstrap (entry) script at the end of the shell. Traced in Chromium on
// a 10,000-room rooms page, with the files cached after the first visit:
// - the head's eight tags cost the parser ~9 ms of fetch set-up before it reached the body;
// - the bootstrap ran ~35 ms of module evaluation (React, the router) between the rows
//   arriving and the frame that shows them.
// Here the head's tags are taken out, and the bootstrap tag is replaced by one small script,
// with the same nonce, that adds all of them after the next frame (at once in a tab opened in
// the background, where no frame comes until it is shown). Not a script in the head: an inline
// script there waits for the stylesheet and holds the parser with it. They are async scripts,
// so the order they run in was never fixed; hydration starts as before, one frame later.
// React's preload link for the bootstrap stays, so on a first visit the largest file is still
// fetched early. Inline scripts (the RSC payload) are untouched. Tags held from the head are
// added at the end of the page if no bootstrap tag comes; a page whose script markup differs
// (a basePath or an assetPrefix, say) passes through as it was.
import { bytes, endArgs, isPageNavigation, takeHead } from "./compress.mjs";

/** A script of the app's own chunks, loaded async, as React and Next write them. */
const BOOT_TAG =
  /<script src="(\/_next\/static\/[^"<>]+\.js)"((?: [a-zA-Z-]+(?:="[^"<>]*")?)*)><\/script>/g;
/** The start of a tag like that one, which may be cut at the end of a written chunk. */
const BOOT_START = '<script src="/_next/';
const ASYNC = / async(?:="[^"]*")?(?= |$)/;

/** A deferred tag: its address, and the attributes that must hold for the script added. */
function scriptOf(src, attrs) {
  const attr = (name) => new RegExp(` ${name}="([^"]*)"`, "i").exec(attrs)?.[1];
  return {
    src,
    nonce: attr("nonce"),
    integrity: attr("integrity"),
    crossOrigin: attr("crossorigin"),
  };
}

/** One script (with the tags' nonce) that adds `scripts` after the first frame. */
export function deferredScripts(scripts) {
  const nonce = scripts.find((x) => x.nonce !== undefined)?.nonce;
  const adds = scripts
    .map(
      ({ src, integrity, crossOrigin }) =>
        `s=document.createElement("script");s.src=${JSON.stringify(src)};s.async=true;` +
        // Subresource integrity, when the build adds it, holds for the script added later too.
        (integrity === undefined ? "" : `s.integrity=${JSON.stringify(integrity)};`) +
        (crossOrigin === undefined ? "" : `s.crossOrigin=${JSON.stringify(crossOrigin)};`) +
        "document.head.appendChild(s);",
    )
    .join("");
  const load =
    `var go=function(){setTimeout(function(){var s;${adds}},0)};` +
    'document.visibilityState==="hidden"?go():requestAnimationFrame(go)';
  return `<script${nonce === undefined ? "" : ` nonce="${nonce}"`}>${load}</script>`;
}

/** A page's rewrite so far: text held back, whether `<body` has passed, tags taken out. */
export const rewriteState = () => ({ carry: "", inBody: false, held: [] });

/**
 * Rewrites HTML text (one byte per character, `latin1`). Returns what may be written now; a
 * tag that may be cut in two waits in `state.carry` for the next chunk.
 */
export function rewriteChunk(state, text) {
  let out = state.carry + text;
  state.carry = "";
  const bodyAt = state.inBody ? 0 : out.indexOf("<body");
  out = out.replace(BOOT_TAG, (tag, src, attrs, at) => {
    if (!ASYNC.test(attrs)) return tag;
    const script = scriptOf(src, attrs);
    if (bodyAt < 0 || at < bodyAt) {
      state.held.push(script);
      return "";
    }
    const scripts = [...state.held, script];
    state.held = [];
    return deferredScripts(scripts);
  });
  if (bodyAt >= 0) state.inBody = true;
  // Hold back a tag cut at the end of this chunk (it is complete in the next one), or the
  // start of "<body".
  const boot = out.lastIndexOf(BOOT_START);
  const open = out.lastIndexOf("<");
  const tail = open >= 0 ? out.slice(open) : "";
  if (boot >= 0 && !out.includes("</script>", boot) && out.length - boot < 1024) {
    state.carry = out.slice(boot);
    out = out.slice(0, boot);
  } else if (
    open >= 0 &&
    (BOOT_START.startsWith(tail) || (!state.inBody && "<body".startsWith(tail)))
  ) {
    state.carry = tail;
    out = out.slice(0, open);
  }
  return out;
}

/** The end of the page: what was held back, and the head's tags if no bootstrap tag came. */
export function finishRewrite(state) {
  const out = state.carry + (state.held.length ? deferredScripts(state.held) : "");
  state.carry = "";
  state.held = [];
  return out;
}

/** Patches `res` so a page's app scripts start after the page's first frame. */
export function bootAfterPaint(req, res) {
  if (!isPageNavigation(req)) return;
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const writeHead = res.writeHead.bind(res);
  /** undefined until the first write: then whether this answer is rewritten. */
  let rewrite;
  const state = rewriteState();
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
    if ((none && state.carry === "" && !state.held.length) || !decide()) return end(chunk, enc, cb);
    // The last chunk: nothing comes after it, so what was held back goes out now.
    const out = (none ? "" : rewriteChunk(state, text(chunk, enc))) + finishRewrite(state);
    return end(Buffer.from(out, "latin1"), cb);
  };
}
