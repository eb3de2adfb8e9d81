// Compresses the console's JSON API answers (brotli, else gzip) when the browser takes them.
// Next's request handler drops a route's own Content-Encoding header, so it is done here, on
// the whole answer: API answers are built whole anyway, and are small once paged.
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const MIN_BYTES = 1024;

/** Patches `res` so a JSON answer to `req` leaves compressed; anything else passes through. */
export function compressJsonAnswers(req, res) {
  const accepts = String(req.headers["accept-encoding"] ?? "");
  const encoding = /\bbr\b/.test(accepts) ? "br" : /\bgzip\b/.test(accepts) ? "gzip" : undefined;
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
    if (chunk !== undefined && chunk !== null)
      chunks.push(Buffer.from(chunk, typeof enc === "string" ? enc : undefined));
    if (typeof enc === "function") enc();
    else if (typeof cb === "function") cb();
    return true;
  };
  res.end = (chunk, enc, cb) => {
    if (typeof chunk === "function") [cb, chunk] = [chunk, undefined];
    if (typeof enc === "function") [cb, enc] = [enc, undefined];
    if (chunk !== undefined && chunk !== null)
      chunks.push(Buffer.from(chunk, typeof enc === "string" ? enc : undefined));
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
