// Compresses the console's JSON API answers (brotli, else gzip) when the browser takes them.
// Next's request handler drops a route's own Content-Encoding header, so it is done here, on
// the whole answer: API answers are built whole anyway, and are small once paged.
import {
  brotliCompressSync,
  constants,
  createBrotliCompress,
  createGzip,
  gzipSync,
} from "node:zlib";

const MIN_BYTES = 1024;

/** Brotli when the request takes it, else gzip, else none. */
const acceptedEncoding = (req) => {
  const accepts = String(req.headers["accept-encoding"] ?? "");
  return /\bbr\b/.test(accepts) ? "br" : /\bgzip\b/.test(accepts) ? "gzip" : undefined;
};

/** A written chunk as bytes: strings in the encoding given (else UTF-8), bytes as they are. */
export const bytes = (chunk, enc) =>
  typeof chunk === "string" ? Buffer.from(chunk, typeof enc === "string" ? enc : "utf8") : chunk;

/** Calls a write's callback, wherever Node's (chunk, encoding?, callback?) put it. */
const callBack = (enc, cb) => {
  if (typeof enc === "function") enc();
  else if (typeof cb === "function") cb();
};

/** res.end's arguments in their places: (chunk?, encoding?, callback?). */
export const endArgs = (chunk, enc, cb) =>
  typeof chunk === "function"
    ? [undefined, undefined, chunk]
    : typeof enc === "function"
      ? [chunk, undefined, enc]
      : [chunk, enc, cb];

/** Patches `res` so a JSON answer to `req` leaves compressed; anything else passes through. */
export function compressJsonAnswers(req, res) {
  const encoding = acceptedEncoding(req);
  if (!encoding || req.method !== "GET" || !req.url?.startsWith("/api/p/")) return;
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const writeHead = res.writeHead.bind(res);
  const chunks = [];
  let head;
  // Headers go out with the compressed body, at the end.
  res.flushHeaders = () => {};
  res.writeHead = (status, reason, headers) => {
    head = [
      status,
      typeof reason === "string" ? reason : undefined,
      typeof reason === "string" ? headers : reason,
    ];
    return res;
  };
  const flushHead = () => {
    if (!head) return;
    const [status, reason, headers] = head;
    head = undefined;
    if (headers && !Array.isArray(headers))
      for (const [k, v] of Object.entries(headers)) if (v !== undefined) res.setHeader(k, v);
    res.statusCode = status;
    if (reason) res.statusMessage = reason;
    if (Array.isArray(headers)) writeHead(status, headers);
  };
  res.write = (chunk, enc, cb) => {
    if (chunk !== undefined && chunk !== null) chunks.push(bytes(chunk, enc));
    callBack(enc, cb);
    return true;
  };
  res.end = (...args) => {
    const [chunk, enc, cb] = endArgs(...args);
    if (chunk !== undefined && chunk !== null) chunks.push(bytes(chunk, enc));
    flushHead();
    // Node's implicit header goes through res.writeHead: give it back before writing.
    res.writeHead = writeHead;
    let body = Buffer.concat(chunks);
    const type = String(res.getHeader("content-type") ?? "");
    if (
      res.statusCode === 200 &&
      type.includes("json") &&
      !res.getHeader("content-encoding") &&
      body.length >= MIN_BYTES
    ) {
      body =
        encoding === "br"
          ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
          : gzipSync(body, { level: 6 });
      res.setHeader("Content-Encoding", encoding);
      res.setHeader("Vary", "Accept-Encoding");
    }
    if (!res.headersSent) res.setHeader("Content-Length", body.length);
    if (body.length) write(body);
    return end(cb);
  };
}

/**
 * For a layer that must see a page's headers before they leave: writeHead's status, message and
 * header object go onto `res` (then `writeHead(status)` sends them). False for raw header
 * pairs, which the layer passes through as they are.
 */
export function takeHead(res, status, reason, headers) {
  const h = typeof reason === "string" ? headers : reason;
  if (Array.isArray(h)) return false;
  res.statusCode = status;
  if (typeof reason === "string") res.statusMessage = reason;
  if (h) for (const [k, v] of Object.entries(h)) if (v !== undefined) res.setHeader(k, v);
  return true;
}

/** A browser asking for a page (an address typed, a link followed, a reload). */
export const isPageNavigation = (req) =>
  req.method === "GET" &&
  String(req.headers.accept ?? "").includes("text/html") &&
  req.headers.rsc === undefined &&
  !/^\/(_next|api)\//.test(req.url ?? "");

/**
 * A page's HTML, compressed here rather than by Next: Next gzips at zlib's default level, and
 * on a 2-core machine that was ~8 ms of a rooms page's first byte. Brotli at quality 4 takes
 * a fifth of that and makes half the bytes. The page still streams: each chunk Next writes
 * and flushes leaves at once. Everything else (scripts, styles, RSC answers) keeps Next's own.
 */
export function compressPages(req, res) {
  const encoding = acceptedEncoding(req);
  if (!encoding || !isPageNavigation(req)) return;
  // Next compresses what the request accepts: this answer is ours to compress.
  delete req.headers["accept-encoding"];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const flushHeaders = res.flushHeaders.bind(res);
  const writeHead = res.writeHead.bind(res);
  /** @type {import("node:zlib").BrotliCompress | import("node:zlib").Gzip | undefined} */
  let zip;
  let decided = false;
  const decide = () => {
    if (decided) return;
    decided = true;
    const type = String(res.getHeader("content-type") ?? "");
    if (
      // Taken from Next for this request: anything textual it answers with is compressed here.
      !/^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/.test(type) ||
      res.getHeader("content-encoding") ||
      res.statusCode === 204 ||
      res.statusCode === 304
    )
      return;
    res.setHeader("Content-Encoding", encoding);
    res.appendHeader("Vary", "Accept-Encoding");
    res.removeHeader("Content-Length");
    zip =
      encoding === "br"
        ? createBrotliCompress({
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 4,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            },
          })
        : createGzip({ level: 3 });
    zip.on("data", (chunk) => write(chunk));
    zip.on("end", () => end());
    zip.on("error", (err) => res.destroy(err));
    // A browser that leaves mid-page: the compressor's memory goes with the connection.
    res.once("close", () => {
      if (!res.writableFinished) zip?.destroy();
    });
  };
  res.writeHead = (status, reason, headers) => {
    if (!takeHead(res, status, reason, headers)) {
      decided = true; // raw header pairs: passed through as they are
      return writeHead(status, reason, headers);
    }
    decide();
    return writeHead(status);
  };
  res.flushHeaders = () => {
    decide();
    flushHeaders();
  };
  let flushing = false;
  let ended = false;
  // One flush per turn of the event loop: what Next writes together leaves together, and a
  // page that streams (a Suspense boundary resolved later) still streams.
  const flushSoon = () => {
    if (flushing) return;
    flushing = true;
    setImmediate(() => {
      flushing = false;
      if (!ended) zip?.flush();
    });
  };
  res.write = (chunk, enc, cb) => {
    decide();
    if (!zip) return write(chunk, enc, cb);
    zip.write(bytes(chunk, enc));
    flushSoon();
    callBack(enc, cb);
    return true;
  };
  res.end = (...args) => {
    const [chunk, enc, cb] = endArgs(...args);
    decide();
    if (!zip) return end(chunk, enc, cb);
    ended = true;
    if (typeof cb === "function") res.once("finish", cb);
    if (chunk !== undefined && chunk !== null) zip.end(bytes(chunk, enc));
    else zip.end();
    return res;
  };
}
