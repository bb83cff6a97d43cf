/**
 * scripts/serve.ts as the instructor uses it: loopback unless --host is given, LAN URLs and a QR
 * code when it is, a URL prefix (--base), and no path traversal out of the served folder — tested
 * over raw TCP, so the server sees the paths exactly as a hostile client would send them.
 */
import assert from "node:assert/strict";
import {
  isLoopback,
  normaliseBase,
  parseArgs,
  serve,
  ServeArgumentError,
} from "../../scripts/serve.ts";

const SERVE = new URL("../../scripts/serve.ts", import.meta.url).pathname;

const parent = await Deno.makeTempDir({ prefix: "serve-lan-" });
const root = `${parent}/dist`;
await Deno.mkdir(`${root}/lectures/x`, { recursive: true });
await Deno.writeTextFile(`${root}/index.html`, "<h1>home</h1>");
await Deno.writeTextFile(`${root}/404.html`, "<h1>not here</h1>");
await Deno.writeTextFile(`${root}/lectures/x/index.html`, "<h1>x</h1>");
await Deno.writeTextFile(`${parent}/secret.txt`, "TOP-SECRET");
await Deno.writeTextFile(`${parent}/dist-evil.txt`, "TOP-SECRET");

/** This machine's non-loopback IPv4 addresses (none on some CI machines). */
const LAN = Deno.networkInterfaces()
  .filter((i) => i.family === "IPv4" && !isLoopback(i.address))
  .map((i) => i.address);

/** Starts the CLI; resolves once it has printed its address lines. */
async function startCli(args: string[], env: Record<string, string> = {}) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-net", "--allow-sys", SERVE, "--root", root, ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  const deadline = Date.now() + 30_000;
  while (!/Open http.*\n|the QR code opens .*\n|No LAN address/.test(out)) {
    assert.ok(Date.now() < deadline, `serve.ts printed only: ${out}`);
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  const port = Number(out.match(/ on [^ ]+:(\d+) /)?.[1]);
  return {
    out,
    port,
    async stop() {
      child.kill("SIGTERM");
      reader.releaseLock();
      await child.stdout.cancel().catch(() => {});
      await child.stderr.cancel();
      await child.status;
    },
  };
}

/** One raw HTTP/1.1 request; returns the status code and the body text. */
async function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(
      new TextEncoder().encode(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    );
    let text = "";
    const buffer = new Uint8Array(65536);
    for (;;) {
      const n = await conn.read(buffer);
      if (n === null) break;
      text += new TextDecoder().decode(buffer.subarray(0, n));
    }
    return { status: Number(text.match(/^HTTP\/1\.1 (\d{3})/)?.[1]), body: text };
  } finally {
    conn.close();
  }
}

Deno.test("serve: only loopback unless asked; arguments checked", () => {
  for (const h of ["127.0.0.1", "127.3.2.1", "localhost", "::1", "[::1]"]) assert.ok(isLoopback(h));
  for (const h of ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1"]) assert.ok(!isLoopback(h), h);
  for (const hostname of ["0.0.0.0", "::", ...LAN]) {
    assert.throws(() => serve({ hostname, root, port: 0 }), ServeArgumentError, hostname);
  }
  assert.equal(parseArgs([]).hostname, undefined, "no --host: the default 127.0.0.1");
  assert.deepEqual(
    [parseArgs(["--host", "0.0.0.0"]).hostname, parseArgs(["--host", "0.0.0.0"]).allowNonLoopback],
    ["0.0.0.0", true],
  );
  assert.throws(() => parseArgs(["--host"]), /--host needs a value/);
  assert.throws(() => parseArgs(["--lan"]), /unknown argument "--lan"/);
  assert.equal(normaliseBase("neural-ode"), "/neural-ode/");
  assert.equal(normaliseBase("/a/b/"), "/a/b/");
  for (const bad of ["/../x/", "/a/../b", "/%2e%2e/", "/a b/"]) {
    assert.throws(() => normaliseBase(bad), ServeArgumentError, bad);
  }
});

Deno.test({
  name: "serve CLI: without --host it listens on 127.0.0.1 only, whatever the environment says",
  sanitizeResources: false,
  async fn() {
    const cli = await startCli(["--port", "0", "--quiet"], {
      HOST: "0.0.0.0",
      HOSTNAME: "0.0.0.0",
    });
    try {
      assert.match(cli.out, new RegExp(`Open http://127\\.0\\.0\\.1:${cli.port}/ \\(this machine`));
      const local = await fetch(`http://127.0.0.1:${cli.port}/`);
      assert.equal(await local.text(), "<h1>home</h1>");
      for (const address of LAN) {
        await assert.rejects(
          fetch(`http://${address}:${cli.port}/`),
          `reachable on ${address} without --host`,
        );
      }
    } finally {
      await cli.stop();
    }
  },
});

Deno.test({
  name: "serve CLI: --host 0.0.0.0 --base prints every LAN URL and a QR code, and serves there",
  sanitizeResources: false,
  ignore: LAN.length === 0,
  async fn() {
    const cli = await startCli([
      "--port",
      "0",
      "--quiet",
      "--host",
      "0.0.0.0",
      "--base",
      "/neural-ode",
    ]);
    try {
      for (const address of LAN) {
        assert.ok(cli.out.includes(`  http://${address}:${cli.port}/neural-ode/\n`), cli.out);
      }
      assert.match(cli.out, /[▀▄█]{5,}/, "a QR code drawn with block characters");
      const res = await fetch(`http://${LAN[0]}:${cli.port}/neural-ode/lectures/x/`);
      assert.equal(await res.text(), "<h1>x</h1>");
    } finally {
      await cli.stop();
    }
  },
});

Deno.test({
  name: "serve: a base path, and no traversal out of the root in any encoding (raw TCP)",
  sanitizeResources: false,
  async fn() {
    const { server, port } = serve({ root, port: 0, base: "/neural-ode/" });
    try {
      assert.equal((await rawGet(port, "/neural-ode/")).status, 200);
      assert.match((await rawGet(port, "/neural-ode/lectures/x/")).body, /<h1>x<\/h1>/);
      const bare = await rawGet(port, "/");
      assert.equal(bare.status, 302);
      assert.match(bare.body, /location: \/neural-ode\//i);
      assert.equal((await rawGet(port, "/lectures/x/")).status, 404, "outside the prefix");
      const attacks = [
        "/../secret.txt",
        "/neural-ode/../secret.txt",
        "/neural-ode/../../secret.txt",
        "/neural-ode/%2e%2e/secret.txt",
        "/neural-ode/%2E%2E%2Fsecret.txt",
        "/neural-ode/..%2Fsecret.txt",
        "/neural-ode/%2F..%2F..%2Fsecret.txt",
        "/neural-ode/..%5csecret.txt",
        "/neural-ode/..\\secret.txt",
        "/neural-ode/%252e%252e/secret.txt",
        "/neural-ode/%252e%252e%252fsecret.txt",
        "/neural-ode/.%2e/secret.txt",
        "/neural-ode/%c0%ae%c0%ae/secret.txt",
        "/neural-ode/..%00/secret.txt",
        "/neural-ode/....//secret.txt",
        "/neural-ode/../dist-evil.txt",
        "/neural-ode%2f..%2fsecret.txt",
        "//etc/passwd",
        "/neural-ode//etc/passwd",
        "/neural-ode/%2fetc%2fpasswd",
      ];
      for (const path of attacks) {
        const { status, body } = await rawGet(port, path);
        assert.ok([400, 404].includes(status), `${path} → ${status}`);
        assert.doesNotMatch(body, /TOP-SECRET|root:x:0/, path);
      }
    } finally {
      await server.shutdown();
    }
  },
});
