/**
 * Every command answers a bad argument with one `error:` line naming it, the usage, and exit
 * code 2, before doing any work; never a stack trace. The commands run without write permission,
 * so a regression cannot write anything.
 */
import assert from "node:assert/strict";

const root = new URL("../../", import.meta.url);

const CASES: [script: string, args: string[], message: RegExp][] = [
  ["describe.ts", ["--nosuch", "x"], /Unknown option '--nosuch'/],
  ["describe.ts", [], /name one model/],
  ["evaluate.ts", ["--fastt"], /Unknown option '--fastt'/],
  ["bench.ts", ["--iters", "0"], /--iters must be a positive integer, got "0"/],
  ["bench.ts", ["--only", "nosuch"], /--only must be one of solvers, training, models/],
  ["bench.ts", ["--backends", "gpu"], /--backends must be one of cpu, wasm/],
  ["sweep.ts", ["vae-mnist", "--random", "-3"], /'--random=-XYZ'/],
  ["sweep.ts", ["vae-mnist", "--random=0"], /--random must be a positive integer, got "0"/],
  ["sweep.ts", ["vae-mnist", "--grid", "--steps", "1.5"], /--steps must be a positive integer/],
  ["sweep.ts", ["vae-mnist", "--grid", "--seed", "x"], /--seed must be an integer ≥ 0/],
];

Deno.test("commands: a bad argument is one 'error:' line, the usage, exit code 2", async () => {
  for (const [script, args, message] of CASES) {
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-env", `scripts/${script}`, ...args],
      cwd: root,
      stdin: "null",
      stdout: "null",
    }).output();
    const text = new TextDecoder().decode(stderr);
    const what = `${script} ${args.join(" ")}`;
    assert.equal(code, 2, `${what}: exit ${code}\n${text}`);
    assert.match(text.split("\n")[0], /^error: /, `${what}: ${text}`);
    assert.match(text.split("\n")[0], message, what);
    assert.match(text, /usage: deno task /, `${what}: no usage`);
    assert.doesNotMatch(text, /^\s+at /m, `${what}: a stack trace`);
  }
});
