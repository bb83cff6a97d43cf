/**
 * `deno task test`: every test of the repository, in phases that each run even when an earlier
 * one failed (so one failure never hides the rest), exiting non-zero when any phase failed.
 *
 *   1. build the site (tests/site_units/ and the browser tests read site/dist)
 *   2. unit tests (lib, models, kit invariants, weights, scripts, and in tests/site_units/ the
 *      site's figure code and built pages, read without a browser) on the cpu backend
 *   3. the solver tests again on the wasm backend (the one training uses)
 *   4. tests/site/: browser tests in headless Chromium, test files in parallel (one job per
 *      core), and the LAN server test (it needs the machine's network interfaces, hence -A)
 *
 * Each phase's own Deno summary line stays in the output (.ci/run sums them). Name phases to run
 * only those: `deno task test unit browser` (keys: build, unit, solver, browser).
 */

interface Phase {
  name: string;
  args: string[];
  env?: Record<string, string>;
}

const UNIT_PERMISSIONS = [
  "--allow-read",
  "--allow-env",
  "--allow-net=127.0.0.1",
  "--allow-run",
  // The hint record: tests/kit/hints_test.ts runs the real `deno task hint` and puts it back.
  "--allow-write=/tmp,exercises/.hints-used.json",
];

const PHASES: Phase[] = [
  { name: "build the site", args: ["task", "build"] },
  // tests/site_units/ is in here: only tests/site/ (browser) is left to phase 4.
  { name: "unit tests", args: ["test", ...UNIT_PERMISSIONS, "--ignore=tests/site", "tests/"] },
  {
    name: "solver tests on wasm",
    args: ["test", "--allow-read", "--allow-env", "tests/ode/"],
    env: { TFJS_BACKEND: "wasm" },
  },
  // -A: Playwright reads /proc and spawns Chromium; the tests serve on 127.0.0.1 only.
  { name: "browser tests", args: ["test", "-A", "--parallel", "tests/site/"] },
];

const only = Deno.args.length ? new Set(Deno.args) : undefined;
const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const phase of PHASES) {
  if (only && !only.has(phase.name.split(" ")[0])) continue;
  console.log(`\n=== ${phase.name}: deno ${phase.args.join(" ")}`);
  const start = performance.now();
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: phase.args,
    env: phase.env,
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  results.push({ name: phase.name, ok: code === 0, seconds: (performance.now() - start) / 1000 });
}

console.log("\n=== phases");
for (const r of results) {
  console.log(`${r.ok ? "ok    " : "FAILED"} ${r.name.padEnd(22)} ${r.seconds.toFixed(0)} s`);
}
Deno.exit(results.every((r) => r.ok) ? 0 : 1);
