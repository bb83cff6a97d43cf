/**
 * scripts/serve.ts against slow and idle clients, over raw TCP: a client that sends part of a
 * request (or a byte now and then, slowloris) or nothing at all is disconnected within the
 * bounds, while a normal request works and a slow but steady download is not cut. Without the
 * guard (scripts/connection_guard.ts), Deno.serve held such connections for as long as they
 * lasted (checked: still open after 75 s).
 */
import assert from "node:assert/strict";
import { serve } from "../../scripts/serve.ts";

const HEADERS_MS = 500;
const IDLE_MS = 1_000;
/** How late a close may come: the guard's clock ticks, and a busy machine. */
const SLACK_MS = 1_500;
const BIG = 16 * 1024 * 1024;

const root = await Deno.makeTempDir({ prefix: "serve-timeouts-" });
await Deno.writeTextFile(`${root}/index.html`, "<h1>home</h1>");
// Larger than the sockets' buffers together, so the download really has to flow while it runs.
await Deno.writeFile(`${root}/big.bin`, new Uint8Array(BIG).map((_, i) => i % 251));

const encoder = new TextEncoder();

/** Reads until the server closes the connection; resolves with ms since `start` and bytes read. */
async function untilClosed(conn: Deno.Conn, start: number): Promise<{ ms: number; bytes: number }> {
  const buffer = new Uint8Array(64 * 1024);
  let bytes = 0;
  try {
    while (true) {
      const n = await conn.read(buffer);
      if (n === null) break;
      bytes += n;
    }
  } catch {
    // A reset also counts as closed.
  }
  return { ms: Date.now() - start, bytes };
}

Deno.test({
  name: "serve: slow and idle clients are disconnected, steady ones are not",
  async fn(t) {
    const { server, port } = serve({
      root,
      port: 0,
      timeouts: { headers: HEADERS_MS, idle: IDLE_MS },
    });
    const connect = () => Deno.connect({ hostname: "127.0.0.1", port });
    try {
      await t.step(
        "a partial request line, then nothing: closed after the headers bound",
        async () => {
          const conn = await connect();
          const start = Date.now();
          await conn.write(encoder.encode("GET / HT"));
          const { ms, bytes } = await untilClosed(conn, start);
          conn.close();
          assert.equal(bytes, 0, "no answer to half a request");
          assert.ok(ms >= HEADERS_MS - 50, `closed after ${ms} ms, before the bound`);
          assert.ok(ms < HEADERS_MS + SLACK_MS, `still open after ${ms} ms`);
        },
      );

      await t.step(
        "a header byte every 100 ms (slowloris): closed after the headers bound",
        async () => {
          const conn = await connect();
          const start = Date.now();
          const request = encoder.encode(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaa",
          );
          let sent = 0;
          const trickle = setInterval(() => {
            if (sent < request.length) conn.write(request.subarray(sent, ++sent)).catch(() => {});
          }, 100);
          const { ms } = await untilClosed(conn, start);
          clearInterval(trickle);
          conn.close();
          // Bytes keep arriving, so only the headers bound can have closed it, not the idle one.
          assert.ok(ms >= HEADERS_MS - 50, `closed after ${ms} ms, before the bound`);
          assert.ok(ms < HEADERS_MS + SLACK_MS, `still open after ${ms} ms`);
          assert.ok(sent < request.length, "the whole request went out: the check saw nothing");
        },
      );

      await t.step("a connection that sends nothing: closed after the idle bound", async () => {
        const conn = await connect();
        const { ms } = await untilClosed(conn, Date.now());
        conn.close();
        assert.ok(ms >= IDLE_MS - 50 && ms < IDLE_MS + SLACK_MS, `closed after ${ms} ms`);
      });

      await t.step(
        "a normal request is answered; its idle keep-alive connection closed",
        async () => {
          const response = await fetch(`http://127.0.0.1:${port}/`);
          assert.equal(response.status, 200);
          assert.equal(await response.text(), "<h1>home</h1>");
          const conn = await connect();
          const start = Date.now();
          await conn.write(encoder.encode("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
          const reader = conn.readable.getReader();
          // The whole answer, then nothing until the idle bound closes the connection.
          let answer = "";
          while (true) {
            const { value, done } = await reader.read();
            if (done) break;
            answer += new TextDecoder().decode(value);
          }
          const ms = Date.now() - start;
          assert.match(answer, /^HTTP\/1\.1 200[^]*<h1>home<\/h1>$/);
          assert.ok(ms >= IDLE_MS - 50 && ms < IDLE_MS + SLACK_MS, `closed after ${ms} ms`);
        },
      );

      await t.step("a slow but steady download outlasting both bounds is not cut", async () => {
        const conn = await connect();
        const start = Date.now();
        await conn.write(
          encoder.encode("GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        );
        const buffer = new Uint8Array(256 * 1024);
        let bytes = 0;
        let head = "";
        while (true) {
          const n = await conn.read(buffer);
          if (n === null) break;
          if (bytes === 0) head = new TextDecoder().decode(buffer.subarray(0, 200));
          bytes += n;
          await new Promise((r) => setTimeout(r, 50)); // ≈ 5 MB/s at most
        }
        conn.close();
        const ms = Date.now() - start;
        assert.match(head, /^HTTP\/1\.1 200/);
        assert.ok(bytes > BIG, `received ${bytes} bytes of ${BIG} (and the head)`);
        assert.ok(ms > 2 * IDLE_MS, `the download took ${ms} ms only: too fast to test the bounds`);
      });
    } finally {
      await server.shutdown();
    }
  },
});
