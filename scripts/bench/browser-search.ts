/**
 * In Debian Chromium, against a console that lists `rooms` rooms (started by live-view.ts):
 *   - keystroke → rows updated in the rooms table's search, p50/p95, vs a plain page that
 *     filters the same names in memory (interleaved, same run);
 *   - navigation → first rows, vs a plain page that fetches the rooms and draws 100 rows.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Page } from "@playwright/test";

const PLAIN_PAGE = `<!doctype html><meta charset="utf-8"><title>plain</title>
<input id="room-search" type="search"><p data-testid="room-count"></p>
<table><tbody></tbody></table>
<script>
let rooms = [];
const tbody = document.querySelector("tbody");
const count = document.querySelector("[data-testid=room-count]");
function draw(q) {
  const m = q ? rooms.filter((r) => r.name.toLowerCase().includes(q.toLowerCase())) : rooms;
  count.textContent = (q ? m.length.toLocaleString("en-US") + " of " : "") + rooms.length.toLocaleString("en-US") + " rooms";
  tbody.innerHTML = m.slice(0, 100).map((r) => '<tr data-room="' + r.name + '"><th>' + r.name + "</th><td>" + r.numParticipants + "</td></tr>").join("");
}
document.querySelector("#room-search").addEventListener("input", (e) => draw(e.target.value));
fetch("/rooms.json").then((r) => r.json()).then((d) => { rooms = d; draw(""); });
</script>`;

/** A plain page and the same rooms as JSON, served from memory on loopback. */
export async function servePlainPage(rooms: unknown[]) {
  const json = JSON.stringify(rooms);
  const server = http.createServer((req, res) => {
    if (req.url === "/rooms.json") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(json);
    } else {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(PLAIN_PAGE);
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

/** Types `query` one key at a time; per key, ms from keydown until the rows match it. */
async function typeAndTime(page: Page, query: string, total: number, names: string[]) {
  // Typing waits for the page to be ready (loaded and hydrated), as a person would.
  await page.waitForLoadState("load");
  await page.locator("#room-search").fill("");
  await page.locator("#room-search").focus();
  await page.evaluate(
    `document.addEventListener("keydown", () => (window.__k = performance.now()), true)`,
  );
  const times: number[] = [];
  for (let i = 1; i <= query.length; i++) {
    const q = query.slice(0, i);
    const expected = names.filter((n) => n.toLowerCase().includes(q.toLowerCase())).length;
    const want = `${expected.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`;
    await page.keyboard.type(query[i - 1]!);
    // A string, not a function: tsx would wrap named closures in a helper the page lacks.
    const dt = await page.evaluate<number>(`new Promise((resolve) => {
      const q = ${JSON.stringify(q.toLowerCase())};
      const want = ${JSON.stringify(want)};
      const done = () => {
        const rows = [...document.querySelectorAll("tbody tr[data-room]")];
        const count = document.querySelector("[data-testid=room-count]")?.textContent ?? "";
        return count.includes(want) && rows.length > 0 &&
          rows.every((r) => r.getAttribute("data-room").toLowerCase().includes(q));
      };
      if (done()) return resolve(performance.now() - window.__k);
      const mo = new MutationObserver(() => {
        if (done()) { mo.disconnect(); resolve(performance.now() - window.__k); }
      });
      mo.observe(document.body, { childList: true, subtree: true, characterData: true });
    })`);
    times.push(dt);
    // The letter is still in the box (it never vanishes while rows load).
    if ((await page.locator("#room-search").inputValue()) !== q) throw new Error("letter lost");
  }
  return times;
}

/**
 * Installed in every page before its own scripts (Playwright's init script): notes the moment
 * the first room row enters the document, outside any hidden element, the start of the next
 * frame, and when that row's text was painted (Element Timing, marked on the row as it
 * arrives, before any frame could paint it), on the page's own clock (from navigation start).
 * A probe injected after navigation would run only when the page's scripts leave the main
 * thread free, and would time itself, not the rows.
 */
export const FIRST_ROW_PROBE = `(() => {
  // Shown, not only parsed: React streams a Suspense boundary's content in a hidden element
  // and moves it into place later.
  const first = () => [...document.querySelectorAll("tbody tr[data-room]")].find((r) => !r.closest("[hidden]"));
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.identifier === "first-row" && window.__firstRowPainted === undefined)
        window.__firstRowPainted = e.renderTime || e.loadTime;
  }).observe({ type: "element", buffered: true });
  const mark = (row) => {
    const inserted = performance.now();
    // Element Timing reports text by the element that holds it: every element of the row.
    // Again at the frame (before its paint): the parser may have paused inside the row, and
    // a row whose text came later would never report.
    const tag = () => {
      for (const el of row.querySelectorAll("*")) el.setAttribute("elementtiming", "first-row");
    };
    tag();
    requestAnimationFrame(() => {
      tag();
      window.__firstRow = { inserted, frame: performance.now() };
    });
  };
  const mo = new MutationObserver(() => {
    const row = first();
    if (row) { mo.disconnect(); mark(row); }
  });
  mo.observe(document, { childList: true, subtree: true });
})()`;

/** From navigation start to the frame that shows the first row; rows come with our HTML. */
export async function timeToFirstRows(page: Page, url: string) {
  await page.goto(url, { waitUntil: "commit" });
  // Asked by evaluate, not waitForFunction: the console's CSP forbids the eval that one uses.
  const ready = `window.__firstRow !== undefined && window.__firstRowPainted !== undefined`;
  for (let i = 0; !(await page.evaluate<boolean>(ready)); i++) {
    if (i > 1_500) {
      // What the page got to: the rows, the probe's two marks, whether the app started.
      const state = await page.evaluate<string>(`JSON.stringify({
        url: location.href, readyState: document.readyState,
        rows: document.querySelectorAll("tbody tr[data-room]").length,
        frame: window.__firstRow, painted: window.__firstRowPainted, app: typeof window.next })`);
      throw new Error(`no room row at ${url}: ${state}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return page.evaluate<{
    total: number;
    painted: number;
    response: number;
    responseEnd: number;
    inserted: number;
  }>(`(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    return {
      total: window.__firstRow.frame,
      painted: window.__firstRowPainted,
      response: nav ? nav.responseStart : NaN,
      responseEnd: nav && nav.responseEnd > 0 ? nav.responseEnd : NaN,
      inserted: window.__firstRow.inserted,
    };
  })()`);
}

export async function measureBrowser(opts: {
  consoleUrl: string;
  cookie: { name: string; value: string };
  rooms: { name: string; numParticipants: number }[];
  rounds: number;
}) {
  const plain = await servePlainPage(opts.rooms);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"],
  });
  const context = await browser.newContext();
  await context.addInitScript(FIRST_ROW_PROBE);
  await context.addCookies([{ ...opts.cookie, url: opts.consoleUrl }]);
  const page = await context.newPage();
  const names = opts.rooms.map((r) => r.name);
  const query = "bench-12";
  // Every prefix of the query must match some room, or a keystroke would wait for rows forever
  // (rooms made by hand with other names on a LiveKit given by --livekit).
  if (!names.some((n) => n.includes(query)))
    throw new Error(`no room name contains "${query}": the benchmark's rooms are named bench-N`);
  const out = {
    ours: [] as number[],
    plain: [] as number[],
    navOurs: [] as number[],
    navPlain: [] as number[],
    /** The first row's text painted (Element Timing), ours and the plain page's. */
    paintOurs: [] as number[],
    paintPlain: [] as number[],
    /** Our page: first and last byte of the HTML, and the first row in the document. */
    oursResponse: [] as number[],
    oursResponseEnd: [] as number[],
    oursInserted: [] as number[],
    /** The plain page's first HTML byte: what its server and the browser's request cost. */
    plainResponse: [] as number[],
  };
  try {
    for (let round = 0; round < opts.rounds; round++) {
      // Interleaved: plain and ours take turns, so neither always runs warmer.
      const navPlain = await timeToFirstRows(page, plain.url);
      out.navPlain.push(navPlain.total);
      out.paintPlain.push(navPlain.painted);
      out.plainResponse.push(navPlain.response);
      out.plain.push(...(await typeAndTime(page, query, names.length, names)));
      const nav = await timeToFirstRows(page, `${opts.consoleUrl}/p/default/rooms`);
      out.navOurs.push(nav.total);
      out.paintOurs.push(nav.painted);
      out.oursResponse.push(nav.response);
      out.oursResponseEnd.push(nav.responseEnd);
      out.oursInserted.push(nav.inserted);
      out.ours.push(...(await typeAndTime(page, query, names.length, names)));
    }
  } finally {
    await browser.close();
    plain.close();
  }
  return out;
}
