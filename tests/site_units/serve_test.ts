/** scripts/serve.ts: the static server of the built site (no browser needed). */
import assert from "node:assert/strict";
import { handle, parseArgs, resolveUrlPath } from "../../scripts/serve.ts";
import { ISOLATION_HEADERS } from "../../lib/isolation.ts";
import {
  contentSecurityPolicyHeader,
  contentSecurityPolicyMeta,
} from "../../lib/content_security_policy.ts";

const root = await Deno.makeTempDir();
await Deno.mkdir(`${root}/lectures/x`, { recursive: true });
await Deno.writeTextFile(`${root}/index.html`, "<h1>home</h1>");
await Deno.writeTextFile(`${root}/lectures/x/index.html`, "<h1>x</h1>");
await Deno.writeTextFile(`${root}/app.js`, "export {}");
await Deno.writeTextFile(`${root}/../serve_test_secret.txt`, "secret");

const get = (path: string) => handle(root, new Request(`http://127.0.0.1${path}`));

Deno.test("serve: index pages, content types and 404", async () => {
  const home = await get("/");
  assert.equal(home.status, 200);
  assert.match(home.headers.get("content-type")!, /text\/html/);
  assert.equal(await home.text(), "<h1>home</h1>");
  const lecture = await get("/lectures/x/");
  assert.equal(await lecture.text(), "<h1>x</h1>");
  const js = await get("/app.js");
  assert.match(js.headers.get("content-type")!, /javascript/);
  await js.body?.cancel();
  const missing = await get("/nope/");
  assert.equal(missing.status, 404);
  await missing.body?.cancel();
  const dir = await get("/lectures/x");
  assert.equal(dir.status, 301);
  assert.equal(dir.headers.get("location"), "/lectures/x/");
});

Deno.test("serve: refuses path traversal out of the root", async () => {
  assert.equal(resolveUrlPath(root, "/../etc/passwd")?.startsWith(root), true);
  assert.equal(resolveUrlPath(root, "/%2e%2e/%2e%2e/etc/passwd")?.startsWith(root), true);
  assert.equal(resolveUrlPath(root, "/a%00b"), undefined);
  assert.equal(resolveUrlPath(root, "/%E0%A4%A"), undefined);
  for (
    const path of ["/../serve_test_secret.txt", "/%2e%2e/serve_test_secret.txt", "/..%2fetc/passwd"]
  ) {
    const res = await get(path);
    assert.notEqual(res.status, 200, path);
    assert.doesNotMatch(await res.text(), /secret|root:/, path);
  }
  const post = await handle(root, new Request("http://127.0.0.1/", { method: "POST" }));
  assert.equal(post.status, 405);
});

Deno.test("serve: a redirect never leaves the origin (no protocol-relative Location)", async () => {
  // "//evil.example/..%2flectures" resolves to the lectures folder; its redirect used to be
  // "//evil.example/..%2flectures/", which a browser reads as https://evil.example/….
  let redirects = 0;
  for (const path of ["//evil.example/..%2flectures", "///evil.example/..%2flectures/x"]) {
    const res = await get(path);
    await res.body?.cancel();
    if (res.status !== 301) continue;
    redirects++;
    const location = res.headers.get("location")!;
    assert.ok(location.startsWith("/") && !location.startsWith("//"), `Location ${location}`);
    assert.equal(new URL(location, "http://127.0.0.1/").host, "127.0.0.1");
  }
  assert.ok(redirects > 0, "neither path was redirected: the check saw nothing");
});

Deno.test("serve: every answer says nosniff and a referrer policy", async () => {
  for (const path of ["/", "/app.js", "/nope/", "/lectures/x"]) {
    const res = await get(path);
    await res.body?.cancel();
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
    assert.equal(res.headers.get("referrer-policy"), "strict-origin-when-cross-origin", path);
  }
});

Deno.test("serve: answers are cross-origin isolated where a browser can isolate them", async () => {
  for (const path of ["/", "/app.js", "/nope/", "/lectures/x"]) {
    const res = await get(path);
    await res.body?.cancel();
    assert.equal(res.headers.get("cross-origin-opener-policy"), "same-origin", path);
    assert.equal(res.headers.get("cross-origin-embedder-policy"), "require-corp", path);
    assert.equal(res.headers.get("cross-origin-resource-policy"), "same-origin", path);
  }
  // --no-isolation: a static host's answers, for the service worker's route; the rest stays.
  const bare = await handle(root, new Request("http://127.0.0.1/app.js"), "/", false);
  await bare.body?.cancel();
  for (const name of Object.keys(ISOLATION_HEADERS)) assert.equal(bare.headers.get(name), null);
  assert.equal(bare.headers.get("x-content-type-options"), "nosniff");
  // Plain http on a LAN address: browsers ignore the headers there, and Chromium logs an error.
  const lan = await handle(root, new Request("http://192.168.1.20:4321/app.js"));
  await lan.body?.cancel();
  for (const name of Object.keys(ISOLATION_HEADERS)) assert.equal(lan.headers.get(name), null);
  const https = await handle(root, new Request("https://course.example/app.js"));
  await https.body?.cancel();
  assert.equal(https.headers.get("cross-origin-embedder-policy"), "require-corp");
  assert.equal(parseArgs(["--no-isolation"]).isolation, false);
  assert.equal(parseArgs([]).isolation, undefined);
});

/** A policy's directives: name → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([n, ...v]) => [n, v]));
}

Deno.test("serve: every answer carries the site's Content-Security-Policy", async () => {
  const answers = [
    ...["/", "/app.js", "/nope/", "/lectures/x"].map((path) => get(path)),
    handle(root, new Request("http://127.0.0.1/app.js"), "/", false), // --no-isolation
    handle(root, new Request("http://192.168.1.20:4321/")), // a LAN address
  ];
  for (const res of await Promise.all(answers)) {
    await res.body?.cancel();
    assert.equal(res.headers.get("content-security-policy"), contentSecurityPolicyHeader());
  }
  const policy = directives(contentSecurityPolicyHeader());
  assert.deepEqual(policy.get("default-src"), ["'self'"]);
  assert.deepEqual(policy.get("object-src"), ["'none'"]);
  assert.deepEqual(policy.get("frame-ancestors"), ["'none'"]);
  assert.deepEqual(policy.get("base-uri"), ["'self'"]);
  assert.deepEqual(policy.get("connect-src"), ["'self'"]);
  const scripts = policy.get("script-src") ?? [];
  assert.ok(scripts.includes("'self'") && scripts.includes("'wasm-unsafe-eval'"), `${scripts}`);
  for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"]) {
    assert.ok(!scripts.includes(unsafe), `script-src allows ${unsafe}`);
  }
  // The <meta> copy for static hosts: the same policy without what a browser ignores there.
  const meta = directives(contentSecurityPolicyMeta());
  assert.equal(meta.has("frame-ancestors"), false);
  for (const [name, sources] of meta) assert.deepEqual(sources, policy.get(name), name);
  assert.equal(meta.size, policy.size - 1);
});
