/**
 * Lecture 1's claims, checked in Deno (no browser) with the very functions the page's figures
 * and numbers come from (site/src/lectures/01-odes-and-solvers/stiffness.ts, figures_data.ts):
 *
 * - stiffness: dopri5's stability function and real boundary ρ; on Van der Pol at µ = 1000 the
 *   solution is flat while dopri5 spends thousands of trials, mostly at the stability bound
 *   ρ/|λ(t)|, many of them rejected, and a 100× looser tolerance hardly changes the count;
 * - the controller never shrinks the step after an accepted step with r < 1 (on the real trace);
 * - the other figures' captions: observed orders, the cheapest pair at loose and tight
 *   tolerances, where dopri5's smallest step falls on µ = 5;
 * - the page types no measured number by hand, states the controller's floor and the limit
 *   cycle for every µ > 0, and the speaker notes agree with the computation.
 */
import assert from "node:assert/strict";
import { tf } from "../_setup.ts";
import { DOPRI5, RK4 } from "../../lib/ode/tableaux.ts";
import {
  realStabilityBoundary,
  stabilityModulus,
  stabilityPolynomial,
  STIFF,
  stiffFacts,
  stiffRun,
  tracedSolve,
  trialsUntil,
  vdpEigenvalues,
  vdpStabilityBound,
} from "../../site/src/lectures/01-odes-and-solvers/stiffness.ts";
import {
  cheapestAt,
  convergenceRows,
  dopri5Trace,
  observedOrders,
  SWEEP,
} from "../../site/src/lectures/01-odes-and-solvers/figures_data.ts";
import { percent, prose } from "../../site/src/plots/format.ts";

const CONTENT = new URL("../../site/src/content/", import.meta.url);
const PAGE = Deno.readTextFileSync(new URL("lectures/01-odes-and-solvers.mdx", CONTENT));
const NOTES = Deno.readTextFileSync(new URL("notes/01.md", CONTENT));

Deno.test("lecture 1: dopri5's stability function and its real boundary ρ", () => {
  const gamma = stabilityPolynomial(DOPRI5);
  const expected = [1, 1, 1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 600];
  assert.equal(gamma.length, expected.length, `R(z) has degree 6, got ${gamma}`);
  gamma.forEach((g, k) => assert.ok(Math.abs(g - expected[k]) < 1e-12, `γ_${k} = ${g}`));
  const rho = realStabilityBoundary(DOPRI5);
  assert.ok(Math.abs(rho - 3.3066) < 1e-3, `ρ(dopri5) = ${rho}`);
  for (let x = 0; x <= rho; x += rho / 200) {
    assert.ok(stabilityModulus(gamma, -x, 0) <= 1 + 1e-12, `|R(−${x})| ≤ 1`);
  }
  assert.ok(stabilityModulus(gamma, -rho - 1e-6, 0) > 1);
  // The same code on RK4 gives its textbook boundary, 2.785.
  assert.ok(Math.abs(realStabilityBoundary(RK4) - 2.7853) < 1e-3);
});

Deno.test("lecture 1: Van der Pol's Jacobian eigenvalues", () => {
  const mu = 1000;
  for (const [x1, x2] of [[2, 0], [2, -6.7e-4], [1.5, -1e-3], [0.3, 0.8], [1, 0]]) {
    const [a, b] = vdpEigenvalues(mu, x1, x2);
    const tr = mu * (1 - x1 * x1);
    const det = 2 * mu * x1 * x2 + 1;
    assert.ok(Math.abs(a.re + b.re - tr) <= 1e-9 * Math.max(1, Math.abs(tr)), "trace");
    const prodRe = a.re * b.re - a.im * b.im;
    assert.ok(Math.abs(prodRe - det) <= 1e-9 * Math.max(1, Math.abs(det)), "determinant");
  }
  // On the slow branch at x₁ = 2 the stiff eigenvalue is µ(1 − x₁²) = −3µ, the bound ρ/(3µ).
  const bound = vdpStabilityBound(mu, 2, 0);
  assert.ok(Math.abs(bound * 3 * mu - realStabilityBoundary(DOPRI5)) < 1e-3);
});

Deno.test("lecture 1: at µ = 1000 dopri5's steps are set by stability, not accuracy", () => {
  const run = stiffRun();
  const f = stiffFacts(run);
  assert.ok(f.trials >= 2000, `"thousands of trials": ${f.trials}`);
  assert.equal(f.nfe, 2 + 6 * f.trials);
  assert.ok(f.rejectedShare >= 0.1, `a large share rejected: ${f.rejectedShare}`);
  assert.ok(Math.abs(f.x1End - 2) < 0.01, `x₁ hardly moves: 2 → ${f.x1End}`);
  assert.ok(f.nearBoundShare >= 0.9, `most trials at the bound: ${f.nearBoundShare}`);
  assert.ok(f.medianQ > 0.8 && f.medianQ < 1.25, `median dt/bound ${f.medianQ}`);
  assert.ok(f.firstQ < 0.5, `the first accepted step is accuracy-limited: ${f.firstQ}`);
  assert.ok(f.lambdaStart < -2900 && f.lambdaStart > -3100, `λ at the start ${f.lambdaStart}`);
  // The bound is what an accuracy-limited solver would not care about: the steps are far
  // shorter than the time scale on which x changes (x₁ moves by |Δx₁| over the stretch).
  assert.ok(f.maxStep < 0.01 * STIFF.tEnd);
  // A 100× looser tolerance: about the same number of trials (an accuracy-limited fifth-order
  // method would take ~2.5× fewer).
  assert.ok(
    Math.abs(f.looseTrials - f.tightTrials) <= 0.1 * f.tightTrials,
    `rtol ${STIFF.rtol}: ${f.tightTrials} trials, rtol ${STIFF.looseRtol}: ${f.looseTrials}`,
  );
  // The tight count on the shorter stretch is read off the long run's trials: check it.
  const own = tracedSolve(STIFF.mu, STIFF.x0, [0, STIFF.tLoose], STIFF.rtol, STIFF.atol);
  assert.deepEqual(
    trialsUntil(run.trials, STIFF.tLoose),
    own.trials.map((s, i) => ({
      ...s,
      bound: run.trials[i].bound,
      q: run.trials[i].q,
    })),
  );
});

Deno.test("lecture 1: the controller never shrinks the step after an accepted step (r < 1)", () => {
  const { trials } = stiffRun();
  let afterAccepted = 0;
  let grewOrHeld = 0;
  for (let i = 0; i + 1 < trials.length; i++) {
    const [s, next] = [trials[i], trials[i + 1]];
    if (!s.accepted || s.ratio >= 1) continue;
    afterAccepted++;
    assert.ok(
      next.dt >= s.dt,
      `trial ${i} accepted (r = ${s.ratio}), next dt ${next.dt} < ${s.dt}`,
    );
    if (next.dt >= s.dt) grewOrHeld++;
  }
  assert.ok(afterAccepted > 1000);
  assert.equal(grewOrHeld, afterAccepted);
});

Deno.test("lecture 1: Figure 1.5's observed orders are the methods' orders", () => {
  const orders = observedOrders(convergenceRows());
  const expected: Record<string, number> = { euler: 1, midpoint: 2, heun: 2, rk4: 4 };
  for (const [method, p] of Object.entries(expected)) {
    assert.ok(Math.abs(orders[method].order - p) < 0.35, `${method}: ${orders[method].order}`);
  }
});

Deno.test("lecture 1: Figure 1.6's smallest step is in a jump, its largest in a slow phase", () => {
  const { t, xs, trials, minStep, maxStep } = dopri5Trace();
  const speedAt = (time: number) => {
    const i = t.findIndex((ti) => ti >= time);
    return Math.abs(xs[Math.max(i, 0)][1]);
  };
  const top = Math.max(...xs.map((x) => Math.abs(x[1])));
  const smallest = trials.find((s) => s.accepted && s.dt === minStep)!;
  const largest = trials.find((s) => s.accepted && s.dt === maxStep)!;
  assert.ok(speedAt(smallest.t) > 0.3 * top, `|x₂| at the smallest step: ${speedAt(smallest.t)}`);
  assert.ok(speedAt(largest.t) < 0.3 * top, `|x₂| at the largest step: ${speedAt(largest.t)}`);
});

Deno.test("lecture 1: Figure 1.7 — bosh3 cheapest when loose, a fifth-order pair when tight", () => {
  assert.equal(cheapestAt(SWEEP.rtols[0]).method, "bosh3");
  assert.ok(["dopri5", "tsit5"].includes(cheapestAt(SWEEP.rtols.at(-1)!).method));
});

/** The page's running text: no frontmatter, imports, exports, JSX expressions, math or code. */
function runningText(mdx: string): string {
  return mdx
    .replace(/^---[\s\S]*?\n---\n/, "")
    .replace(/^(import|export)[\s\S]*?;$/gm, "")
    .replace(/\$\$[\s\S]*?\$\$/g, "")
    .replace(/\$[^$\n]*\$/g, "")
    .replace(/`[^`]*`/g, "")
    .replace(/\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, "{…}")
    .replace(/<[A-Z][\s\S]*?\/>/g, "");
}

Deno.test("lecture 1: no measured number is typed into the page", () => {
  const captions = [
    ...[...PAGE.matchAll(/caption="([^"]*)"/g)].map((m) => m[1]),
    // Template-literal captions: their text, without the interpolations.
    ...[...PAGE.matchAll(/caption=\{`([^`]*)`\}/g)].map((m) => m[1].replace(/\$\{[^}]*\}/g, "…")),
  ];
  const text = runningText(PAGE) + "\n" + captions.join("\n");
  const magnitude = /\b(?:\d[\d,.]*|two|three|four|five|six)\s+orders? of magnitude/gi;
  assert.deepEqual([...text.matchAll(magnitude)].map((m) => m[0]), []);
  const measured =
    /\b\d[\d,.]*\s*(?:[×x]\s*)?(?:evaluations?|steps?|trials?|accepted|rejected|NFE|ms|seconds|%|-fold|times (?:the|faster|slower))/gi;
  const hits = [...text.matchAll(measured)].map((m) => m[0]);
  assert.deepEqual(hits, [], "interpolate these from a computation (lecture1Facts)");
  assert.ok(!/\b338\b/.test(PAGE), "torchdiffeq's count comes from the reference file");
  assert.ok(captions.length >= 7, `captions checked: ${captions.length}`);
  assert.ok(/export const facts = await lecture1Facts\(\);/.test(PAGE));
});

Deno.test("lecture 1: the page states the controller's floor and the limit cycle for µ > 0", () => {
  const controller = PAGE.match(/\\Delta t_\{\\text\{new\}\}[\s\S]*?\$\$/)?.[0] ?? "";
  assert.match(controller, /\\varphi/, "the formula has the floor φ");
  assert.match(controller, /1 & r < 1/, "φ = 1 when r < 1");
  assert.match(controller, /0\.2 & r \\ge 1/, "φ = 0.2 when r ≥ 1");
  assert.match(PAGE, /accepted with \$r < 1\$ the next step is never smaller/);
  assert.match(
    PAGE,
    /For \*\*every\*\* \$\\mu > 0\$ this balance produces exactly one closed orbit/,
  );
  assert.match(PAGE, /## Stiffness/);
  assert.doesNotMatch(PAGE, /mildly \*\*stiff\*\*/, "the old accuracy-as-stiffness sentence");
});

Deno.test("lecture 1 notes: agree with the page and the computation", () => {
  const rho = realStabilityBoundary(DOPRI5);
  const quoted = NOTES.match(/ρ ≈ (\d\.\d)/)?.[1];
  assert.equal(quoted, rho.toFixed(1), "the notes' ρ");
  assert.match(NOTES, new RegExp(`µ = ${STIFF.mu}\\b`), "the notes name the page's µ");
  assert.match(NOTES, /section: Stiffness/);
  assert.match(NOTES, /every µ > 0/);
  assert.match(NOTES, /never smaller/);
  assert.doesNotMatch(NOTES, /\b338\b/, "no measured number typed into the notes");
  tf.disposeVariables();
});

Deno.test("lecture 1: numbers are written for running text", () => {
  assert.equal(prose(1817), "1,817");
  assert.equal(prose(13592), "13,592");
  assert.equal(prose(-2999.9997), "−3,000");
  assert.equal(prose(2.9514), "3.0");
  assert.equal(prose(0.2018), "0.20");
  assert.equal(prose(1.0255, 3), "1.03");
  assert.equal(prose(2.2166e-4), "2.2 × 10⁻⁴");
  assert.equal(prose(1e-5), "10⁻⁵");
  assert.equal(prose(0.01), "10⁻²", "a tolerance setting");
  assert.equal(prose(0.5), "0.50");
  assert.equal(prose(1.04e-5), "1.0 × 10⁻⁵", "a measured value keeps its mantissa");
  assert.equal(prose(18.09), "18");
  assert.equal(percent(0.1978), "20%");
  assert.equal(percent(0.99558), "99.6%", "not rounded up to 100%");
  assert.equal(percent(1), "100%");
});
