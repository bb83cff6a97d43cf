/**
 * Claims in the lecture sources that a program can check against the code that runs.
 *
 * - Lecture 7's hypernetwork field: the equation's parameter spaces (w_k, u_k, g_k ∈ ℝᴰ,
 *   b_k ∈ ℝ) give the output count of lib/nn/time_fields.ts's HyperField for any width and
 *   dimension, and the equation, evaluated term by term from the hypernetwork's outputs, is the
 *   field the class computes (the mean over units, the elementwise gate, the tanh).
 * - Lecture 6's speaker notes name the head the shipped ODE-Net recipe builds (pool or flatten).
 */
import assert from "node:assert/strict";
import { tf } from "../_setup.ts";
import { HyperField } from "../../lib/nn/time_fields.ts";
import { CNF_CIRCLES_CONFIG } from "../../lib/zoo/cnf_circles.ts";
import { ODENET_MNIST_CONFIG } from "../../lib/zoo/odenet_mnist.ts";

const CONTENT = new URL("../../site/src/content/", import.meta.url);
const read = (path: string) => Deno.readTextFileSync(new URL(path, CONTENT));
const LECTURE_7 = read("lectures/07-continuous-normalising-flows.mdx");

/** The display-math blocks ($$ … $$) of an MDX source. */
function displayMath(source: string): string[] {
  return [...source.matchAll(/^\$\$\n([\s\S]*?)\n\$\$$/gm)].map((m) => m[1]);
}

/**
 * The hypernetwork's parameter spaces as the page declares them: from "w_k, u_k, g_k \in
 * \mathbb R^D,\; b_k \in \mathbb R" → { w: "D", u: "D", g: "D", b: "1" }.
 */
function declaredSpaces(block: string): Record<string, "D" | "1"> {
  const spaces: Record<string, "D" | "1"> = {};
  for (const m of block.matchAll(/((?:[a-z]_k,\s*)*[a-z]_k)\s*\\in\s*\\mathbb\s*R(\^D)?/g)) {
    for (const name of m[1].split(",")) spaces[name.trim()[0]] = m[2] ? "D" : "1";
  }
  return spaces;
}

function hyperBlocks() {
  const blocks = displayMath(LECTURE_7);
  const field = blocks.find((b) => /f\(z, t\)/.test(b) && /\\sigma/.test(b));
  const outputs = blocks.find((b) => /\\text\{MLP\}\(t\)/.test(b));
  assert.ok(field, "lecture 7 has the hypernetwork field's equation f(z, t) = …σ(g_k(t))…");
  assert.ok(outputs, "lecture 7 says what MLP(t) outputs and where each output lives");
  return { field, outputs };
}

Deno.test("lecture 7: the equation's parameter spaces give HyperField's output count", () => {
  const { outputs } = hyperBlocks();
  const spaces = declaredSpaces(outputs);
  assert.deepEqual(
    Object.keys(spaces).sort(),
    ["b", "g", "u", "w"],
    `the page declares the spaces of ${Object.keys(spaces)}; it should declare w, b, u and g`,
  );
  const perUnit = (d: number) =>
    Object.values(spaces).reduce((s, space) => s + (space === "D" ? d : 1), 0);
  const cases = [
    { dim: 2, width: CNF_CIRCLES_CONFIG.width, hidden: CNF_CIRCLES_CONFIG.hidden },
    { dim: 3, width: 5, hidden: 4 },
    { dim: 1, width: 7, hidden: 3 },
  ];
  for (const { dim, width, hidden } of cases) {
    const field = new HyperField({ dim, width, hidden });
    try {
      assert.equal(
        width * perUnit(dim),
        field.net.sizes.at(-1),
        `D = ${dim}, m = ${width}: the page's spaces ${JSON.stringify(spaces)} give ` +
          `${width * perUnit(dim)} hypernetwork outputs, lib/nn/time_fields.ts makes ` +
          `${field.net.sizes.at(-1)}`,
      );
    } finally {
      field.dispose();
    }
  }
});

Deno.test("lecture 7: the page's field, term by term, is what HyperField computes", () => {
  const { field: equation } = hyperBlocks();
  // The equation as the page writes it: (1/m) Σ_k (u_k ⊙ σ(g_k)) tanh(w_kᵀz + b_k).
  assert.match(equation, /\\frac\{1\}\{m\}\s*\\sum_\{k=1\}\^\{m\}/, "a mean over the m units");
  assert.match(
    equation,
    /u_k\(t\)\s*\\odot\s*\\sigma\\big\(g_k\(t\)\\big\)/,
    "u_k and the gate σ(g_k) multiply elementwise (g_k ∈ ℝᴰ)",
  );
  assert.match(equation, /\\tanh\\!\\big\(w_k\(t\)\^\\top z \+ b_k\(t\)\\big\)/);

  const d = 3, m = 4;
  const field = new HyperField({ dim: d, width: m, hidden: 6, seed: 7 });
  const z = [[0.3, -1.2, 0.8], [-0.5, 0.1, 1.7]];
  const t = 0.37;
  try {
    const [p, f] = tf.tidy(() => [
      Array.from(field.net.apply(tf.tensor2d([[t]])).dataSync()),
      field.at(t)(tf.tensor2d(z)).arraySync() as number[][],
    ]);
    // The outputs, in the order the class documents: W [D, m], U [m, D], G [m, D], b [m].
    const w = (k: number, j: number) => p[j * m + k];
    const u = (k: number, i: number) => p[d * m + k * d + i];
    const g = (k: number, i: number) => p[2 * d * m + k * d + i];
    const b = (k: number) => p[3 * d * m + k];
    const sigma = (x: number) => 1 / (1 + Math.exp(-x));
    for (let n = 0; n < z.length; n++) {
      for (let i = 0; i < d; i++) {
        let sum = 0;
        for (let k = 0; k < m; k++) {
          let pre = b(k);
          for (let j = 0; j < d; j++) pre += w(k, j) * z[n][j];
          sum += u(k, i) * sigma(g(k, i)) * Math.tanh(pre);
        }
        const expected = sum / m;
        assert.ok(
          Math.abs(f[n][i] - expected) < 1e-5,
          `f(z${n}, t)[${i}]: HyperField ${f[n][i]}, the page's equation ${expected}`,
        );
      }
    }
  } finally {
    field.dispose();
  }
});

Deno.test("lecture 6 notes: the ODE-Net head they name is the shipped recipe's", () => {
  const notes = read("notes/06.md");
  const section = notes.split(/^## /m).find((s) => s.startsWith("An ODE-Net for MNIST"));
  assert.ok(section, "notes/06.md has the section “An ODE-Net for MNIST”");
  const head = ODENET_MNIST_CONFIG.head;
  const says = { flatten: /the shipped model flattens/, pool: /the shipped model pools/ };
  assert.match(section, says[head], `the shipped odenet-mnist's head is "${head}"`);
  const other = head === "flatten" ? "pool" : "flatten";
  assert.doesNotMatch(section, says[other]);
});
