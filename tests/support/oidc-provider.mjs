// A real OpenID Connect provider (npm oidc-provider, a certified implementation) on loopback,
// for the sign-on tests: started by a test as its own process, stopped by the test by PID.
// Nothing of the protocol is mocked; what is configurable here is what a real deployment
// varies: who the users are and their groups, the client registered for the console, the
// provider's clock (a provider whose clock is wrong), and whether groups are in the ID token.
//
// Configured by one JSON argument (see tests/support/oidc.ts). Prints "ready <issuer>" once
// it listens.
import http from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

const opts = JSON.parse(process.argv[2] ?? "{}");
const { port, issuer, users, clients, clockOffsetSec = 0, groupsInIdToken = true } = opts;

// A provider whose clock is off: every time it writes (iat, exp, auth_time) moves with it.
if (clockOffsetSec) {
  const realNow = Date.now;
  Date.now = () => realNow() + clockOffsetSec * 1000;
}

const byLogin = new Map(users.map((u) => [u.login, u]));
const bySub = new Map(users.map((u) => [u.sub, u]));

const { privateKey } = await generateKeyPair("RS256", { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: `k-${Date.now()}`, alg: "RS256", use: "sig" };

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [jwk] },
  cookies: { keys: ["oidc-test-cookie-key-0123456789"] },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "preferred_username"],
    groups: ["groups"],
  },
  scopes: ["openid", "email", "profile", "groups"],
  // Claims of the scopes asked for go in the ID token itself (Keycloak's and Entra's habit);
  // false: only from userinfo, as the OpenID spec's default for a code flow.
  conformIdTokenClaims: !groupsInIdToken,
  pkce: { required: () => true },
  // Its outgoing calls (back-channel logout) refuse loopback addresses as SSRF protection;
  // here the console it calls is on loopback by design.
  fetch: (url, options) => {
    delete options.dispatcher;
    return fetch(url, options);
  },
  features: {
    devInteractions: { enabled: false },
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // The provider's own page, without the web font its default loads from the Internet.
      async logoutSource(ctx, form) {
        ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head>
<body><h1>Sign out of Test Identity Provider?</h1>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></body></html>`;
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head>
<body><h1>You are signed out of Test Identity Provider.</h1></body></html>`;
      },
    },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const u = bySub.get(sub);
    if (!u) return undefined;
    return {
      accountId: sub,
      claims: async () => ({
        sub,
        email: u.email,
        // null: a provider that says nothing about whether it verified the address.
        ...(u.emailVerified === null ? {} : { email_verified: u.emailVerified ?? true }),
        name: u.name,
        preferred_username: u.preferredUsername ?? u.login,
        groups: u.groups,
      }),
    };
  },
  // The console is a first-party client: no consent screen, everything it asks is granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile groups");
    await grant.save();
    return grant;
  },
});

// What the provider did that a test may need to read afterwards (in its log file).
for (const event of ["backchannel.success", "backchannel.error", "server_error", "grant.error"])
  provider.on(event, (...args) =>
    console.log(
      event,
      ...args.map((a) =>
        a instanceof Error
          ? `${a.message} ${a.cause?.message ?? ""} ${a.cause?.code ?? ""}`
          : (a?.clientId ?? ""),
      ),
    ),
  );

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, error = "") {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test Identity Provider</title>
<style>body{font-family:sans-serif;background:#eef2ff;display:grid;place-items:center;min-height:100vh;margin:0}
form{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:320px}
label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;box-sizing:border-box}
button{margin-top:1.5rem;padding:.6rem 1rem}.err{color:#b91c1c}</style></head>
<body><form method="post" action="/interaction/${escape(uid)}/login">
<h1>Test Identity Provider</h1>${error ? `<p class="err" role="alert">${escape(error)}</p>` : ""}
<label for="login">Login</label><input id="login" name="login" autocomplete="username" autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Sign in</button> <button type="submit" formaction="/interaction/${escape(uid)}/abort">Cancel</button>
</form></body></html>`;
}

const readForm = (req) =>
  new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => {
      body += c;
      if (body.length > 16_384) req.destroy();
    });
    req.on("end", () => resolve(new URLSearchParams(body)));
    req.on("error", reject);
  });

async function interaction(req, res) {
  const [, , uid, step] = new URL(req.url, issuer).pathname.split("/");
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error("interaction mismatch");
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(loginPage(uid));
    }
    if (step === "abort")
      return await provider.interactionFinished(req, res, {
        error: "access_denied",
        error_description: "The user cancelled the sign-in",
      });
    const form = await readForm(req);
    const user = byLogin.get(form.get("login") ?? "");
    if (!user || user.password !== form.get("password")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(loginPage(uid, "Wrong login or password."));
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
  } catch (e) {
    res.writeHead(400, { "content-type": "text/plain" });
    res.end(`interaction failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const handle = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url?.startsWith("/interaction/")) void interaction(req, res);
  else handle(req, res);
});
server.listen(port, "127.0.0.1", () => console.log(`ready ${issuer}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
