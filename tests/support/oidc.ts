import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";

/** Someone the test provider knows: login and password for its form, and their groups. */
export type ProviderUser = {
  login: string;
  password: string;
  sub: string;
  email: string;
  name: string;
  groups: string[];
  /** Whether the provider says it verified the e-mail: true unless set; null leaves the claim out. */
  emailVerified?: boolean | null;
  /** Its preferred_username: the login unless set. */
  preferredUsername?: string;
};

export const PROVIDER_USERS: ProviderUser[] = [
  {
    login: "olga",
    password: "olga-pass-1",
    sub: "sub-olga",
    email: "olga@example.test",
    name: "Olga Ops",
    groups: ["lk-operators", "staff"],
  },
  {
    login: "adam",
    password: "adam-pass-1",
    sub: "sub-adam",
    email: "adam@example.test",
    name: "Adam Admin",
    groups: ["lk-admins"],
  },
  {
    login: "nina",
    password: "nina-pass-1",
    sub: "sub-nina",
    email: "nina@example.test",
    name: "Nina Nogroup",
    groups: [],
  },
  {
    login: "vic",
    password: "vic-pass-1",
    sub: "sub-vic",
    email: "vic@example.test",
    name: "Vic Viewer",
    groups: ["lk-viewers", "second-ops"],
  },
  // Accounts whose names are someone else's: names are not unique at a provider.
  {
    login: "olga-twin",
    password: "olga-twin-pass-1",
    sub: "sub-olga-twin",
    email: "olga@example.test",
    name: "Olga's namesake",
    groups: ["lk-admins"],
  },
  {
    login: "mallory",
    password: "mallory-pass-1",
    sub: "sub-mallory",
    email: "adam@example.test",
    name: "Mallory Unverified",
    groups: ["lk-viewers"],
    emailVerified: null,
  },
  {
    login: "mallory-twin",
    password: "mallory-twin-pass-1",
    sub: "sub-mallory-twin",
    email: "mallory-twin@example.test",
    name: "Mallory's namesake",
    groups: ["lk-admins"],
    emailVerified: false,
    preferredUsername: "mallory",
  },
];

export type ProviderClient = {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  backchannel_logout_uri?: string;
  backchannel_logout_session_required?: boolean;
  token_endpoint_auth_method?: string;
};

export type TestProvider = { issuer: string; pid: number; stop: () => Promise<void> };

/**
 * Starts tests/support/oidc-provider.mjs (npm oidc-provider) on loopback as a process of its
 * own; `stop` ends it by its process group. `issuer` may name another port than `port` (a
 * proxy in front of it).
 */
export async function startOidcProvider(opts: {
  port: number;
  issuer?: string;
  clients: ProviderClient[];
  users?: ProviderUser[];
  clockOffsetSec?: number;
  groupsInIdToken?: boolean;
}): Promise<TestProvider> {
  const issuer = opts.issuer ?? `http://127.0.0.1:${opts.port}`;
  const clients = opts.clients.map((c) => ({
    response_types: ["code"],
    grant_types: ["authorization_code"],
    // openid-client's default way of sending the secret.
    token_endpoint_auth_method: "client_secret_post",
    ...c,
  }));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.resolve(__dirname, "oidc-provider.mjs"),
      JSON.stringify({ ...opts, issuer, clients, users: opts.users ?? PROVIDER_USERS }),
    ],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`provider did not start: ${output}`)), 20_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      if (output.includes("ready ")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (b: Buffer) => (output += b.toString()));
    // Everything it says, for reading after a run.
    const logDir = path.resolve(__dirname, "../../test-results");
    mkdirSync(logDir, { recursive: true });
    const logFile = path.join(logDir, `oidc-provider-${opts.port}.log`);
    for (const stream of [child.stdout, child.stderr])
      stream?.on("data", (b: Buffer) => appendFileSync(logFile, b));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`provider exited (${code}): ${output}`));
    });
  });
  const pid = child.pid!;
  return {
    issuer,
    pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
        return;
      }
      await exited;
    },
  };
}

/** A browser's cookies for one host (the provider's), enough to walk its login over HTTP. */
export class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/**
 * Walks the provider's real login over HTTP as a browser would: the authorization URL, its
 * login form posted with this login and password, its redirects, until it sends the browser
 * to `callbackPrefix`. Returns that URL (with the code, or the provider's error).
 */
export async function loginAtProvider(
  authorizationUrl: string,
  login: string,
  password: string,
  callbackPrefix: string,
  { cancel = false, jar = new Jar() }: { cancel?: boolean; jar?: Jar } = {},
): Promise<string> {
  let url = authorizationUrl;
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(callbackPrefix)) return url;
    const res = await fetch(url, {
      method: body ? "POST" : "GET",
      redirect: "manual",
      headers: {
        cookie: jar.header(),
        ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body,
    });
    jar.take(res);
    body = undefined;
    const location = res.headers.get("location");
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await res.text();
    const form = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    // The form's Cancel button posts to the interaction's abort step.
    const action = cancel ? form?.replace(/\/login$/, "/abort") : form;
    if (res.status !== 200 || !action)
      throw new Error(`provider answered ${res.status}: ${html.slice(0, 300)}`);
    if (/role="alert"/.test(html)) throw new Error("the provider refused the login");
    url = new URL(action, url).href;
    body = new URLSearchParams({ login, password });
  }
  throw new Error("too many redirects at the provider");
}

/**
 * Signs out at the provider with the cookies of an earlier login (its RP-initiated logout page,
 * confirmed). The provider then tells every client of that session through its back-channel.
 */
export async function logoutAtProvider(issuer: string, jar: Jar): Promise<void> {
  const page = await fetch(`${issuer}/session/end`, { headers: { cookie: jar.header() } });
  jar.take(page);
  const html = await page.text();
  const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1];
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !xsrf) throw new Error(`no logout form at the provider: ${html.slice(0, 200)}`);
  const res = await fetch(new URL(action, issuer), {
    method: "POST",
    redirect: "manual",
    headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ xsrf, logout: "yes" }),
  });
  if (res.status >= 400) throw new Error(`the provider's logout answered ${res.status}`);
}
