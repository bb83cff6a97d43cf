/** scripts/preflight.sh: the instructor's checklist (build and kit steps skipped here: slow). */
import assert from "node:assert/strict";

const SCRIPT = new URL("../../scripts/preflight.sh", import.meta.url).pathname;

async function preflight(...args: string[]) {
  const out = await new Deno.Command("bash", {
    args: [SCRIPT, "--skip-build", "--skip-kit", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, text, summary: text.slice(text.indexOf("Pre-flight summary")) };
}

Deno.test("preflight: a ✓ checklist when Deno, the packages and the port are fine", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const free = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const { code, summary, text } = await preflight("--port", String(free));
  assert.equal(code, 0, text);
  assert.match(summary, /✓ Deno 2\.\d+\.\d+/);
  assert.match(summary, /✓ npm packages installed/);
  assert.match(summary, new RegExp(`✓ port ${free} is free`));
  assert.doesNotMatch(summary, /✗/);
});

Deno.test("preflight: a port in use is a ✗ with the fix, and the exit code says so", async () => {
  const busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (busy.addr as Deno.NetAddr).port;
    const { code, summary } = await preflight("--port", String(port));
    assert.equal(code, 1);
    assert.match(summary, new RegExp(`✗ port ${port} is in use .*--port`));
  } finally {
    busy.close();
  }
});

Deno.test("preflight: an unknown option prints the usage", async () => {
  const { code, text } = await preflight("--fast");
  assert.equal(code, 2);
  assert.match(text, /usage: bash scripts\/preflight\.sh/);
});
