/** site/integrations/quiet_warnings.mjs: the build drops one known warning and keeps the rest. */
import assert from "node:assert/strict";
import { quietAstroHeadInject } from "../../site/integrations/quiet_warnings.mjs";

interface Warning {
  code?: string;
  message: string;
}

/** The warnings that reach the build log. */
function shown(warnings: Warning[]): Warning[] {
  const out: Warning[] = [];
  for (const w of warnings) quietAstroHeadInject(w, (kept: Warning) => out.push(kept));
  return out;
}

const headInject = (id: string) => ({
  code: "MODULE_LEVEL_DIRECTIVE",
  message: `The semantics of the module level directive "use astro:head-inject" in "${id}" ` +
    "may not be preserved when bundling.",
});

Deno.test("quiet build: Astro's head-inject directive warning on MDX entries is dropped", () => {
  assert.deepEqual(
    shown([
      headInject("src/content/lectures/08-related-work.mdx?astroPropagatedAssets"),
      headInject("src/content/lectures/04-odevae.mdx?astroPropagatedAssets"),
    ]),
    [],
  );
});

Deno.test("quiet build: every other warning, directives included, still shows", () => {
  const others: Warning[] = [
    // Another directive in our own code would be a real problem: shown.
    {
      code: "MODULE_LEVEL_DIRECTIVE",
      message: 'The semantics of the module level directive "use client" in "src/x.ts" may not ' +
        "be preserved when bundling.",
    },
    // The same directive outside Astro's generated module: shown.
    headInject("src/core/shell.ts"),
    { code: "CIRCULAR_DEPENDENCY", message: "Circular dependency: a.ts -> b.ts -> a.ts" },
    { code: "EVAL", message: "Use of eval is strongly discouraged" },
    { message: "a warning without a code" },
  ];
  assert.deepEqual(shown(others), others);
});
