/**
 * The single-source rule of the exercise kit: solutions/, the stubs in exercises/ and their docs
 * are exactly what `deno task kit:generate` writes from lib/'s marked regions, and they are
 * formatted and lint-clean as committed code must be.
 */
import assert from "node:assert/strict";
import { checkKit } from "../../scripts/kit/generate.ts";
import { REPO_ROOT } from "../../scripts/kit/runner.ts";

Deno.test("kit: generated files match lib/ and the catalogue (kit:generate --check)", async () => {
  const { outdated, stray } = await checkKit();
  assert.deepEqual(
    { outdated, stray },
    { outdated: [], stray: [] },
    "run `deno task kit:generate` after changing a marked region of lib/, exercises/_kit/catalog.ts or a lecture",
  );
});

Deno.test("kit: exercises/ and solutions/ pass deno fmt --check and deno lint", async () => {
  for (
    const args of [["fmt", "--check", "exercises", "solutions"], ["lint", "exercises", "solutions"]]
  ) {
    const out = await new Deno.Command("deno", { args, cwd: REPO_ROOT, env: { NO_COLOR: "1" } })
      .output();
    const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    assert.ok(out.success, `deno ${args.join(" ")} failed:\n${text}`);
  }
});
