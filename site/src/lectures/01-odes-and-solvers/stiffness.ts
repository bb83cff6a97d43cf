/**
 * Lecture 1's stiffness measurement: lib/ode's dopri5 on Van der Pol at µ = 1000 along a stretch
 * of the slow branch, where the solution hardly moves but the Jacobian has an eigenvalue near
 * −µ(x₁² − 1) ≈ −3000. Every trial step is recorded through `SolveOptions.onStep` and set against
 * the explicit method's stability bound h|λ| ≤ ρ, with ρ computed from dopri5's own tableau.
 *
 * Why computed at build rather than shipped as JSON: the run is a few thousand trial steps (a few
 * seconds on the cpu backend), and computing it keeps every number on the page tied to the solver
 * that is in the repository. No DOM and no Astro here, so tests/site_units/lecture1_units_test.ts can run
 * the same functions in Deno.
 */
import * as tf from "@tensorflow/tfjs";
import { solve } from "../../../../lib/ode/mod.ts";
import type { SolveStats, StepTrial } from "../../../../lib/ode/stats.ts";
import { type ButcherTableau, DOPRI5 } from "../../../../lib/ode/tableaux.ts";
import { vanDerPolField } from "../../../../lib/data/vdp.ts";
import { linspace } from "../../../../lib/data/linspace.ts";

/** The stiff problem: its settings are quoted on the page from here. */
export const STIFF = {
  mu: 1000,
  x0: [2, 0] as [number, number],
  /** The stretch of the slow branch that is integrated: t ∈ [0, tEnd]. */
  tEnd: 2,
  rtol: 1e-5,
  atol: 1e-7,
  /** Shorter stretch on which a 100× looser tolerance is compared. */
  tLoose: 0.5,
  looseRtol: 1e-3,
  looseAtol: 1e-5,
  /** Output times (dense output, no extra steps) used to read λ(t) along the solution. */
  samples: 401,
  /** A trial counts as "at the stability bound" when dt is within this factor of it. */
  factor: 1.5,
};

// ---------------------------------------------------------------------------------------------
// Linear stability of an explicit Runge–Kutta method

/**
 * Coefficients γ of the stability function R(z) = Σ γ_k z^k of an explicit RK tableau: applied
 * to y' = λy a step multiplies y by R(hλ), and γ_0 = 1, γ_k = bᵀA^(k−1)𝟙.
 */
export function stabilityPolynomial(tableau: ButcherTableau): number[] {
  const s = tableau.b.length;
  const gamma = [1];
  let v = new Array(s).fill(1);
  for (let k = 1; k <= s; k++) {
    gamma.push(tableau.b.reduce((sum, bi, i) => sum + bi * v[i], 0));
    v = tableau.a.map((row) => row.reduce((sum, aij, j) => sum + aij * v[j], 0));
  }
  while (gamma.length > 1 && Math.abs(gamma[gamma.length - 1]) < 1e-15) gamma.pop();
  return gamma;
}

/** |R(z)| for complex z = re + i·im. */
export function stabilityModulus(gamma: number[], re: number, im: number): number {
  // Horner's rule in complex arithmetic.
  let pr = 0;
  let pi = 0;
  for (let k = gamma.length - 1; k >= 0; k--) {
    [pr, pi] = [pr * re - pi * im + gamma[k], pr * im + pi * re];
  }
  return Math.hypot(pr, pi);
}

/**
 * How far a step h may go along the ray of λ (Re λ < 0) before |R(hλ)| exceeds 1: the largest
 * h|λ| with |R| ≤ 1 on the whole segment. For λ on the negative real axis this is ρ, the
 * method's real stability boundary (≈ 3.31 for dopri5).
 */
export function stabilityReach(gamma: number[], re: number, im: number): number {
  const m = Math.hypot(re, im);
  const [dr, di] = [re / m, im / m];
  const outside = (s: number) => stabilityModulus(gamma, s * dr, s * di) > 1;
  const ds = 1e-3;
  let s = ds;
  while (s < 50 && !outside(s)) s += ds;
  let lo = s - ds;
  let hi = s;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (outside(mid)) hi = mid;
    else lo = mid;
  }
  return lo;
}

/** ρ of a tableau: stable for h|λ| ≤ ρ on the negative real axis. */
export function realStabilityBoundary(tableau: ButcherTableau): number {
  return stabilityReach(stabilityPolynomial(tableau), -1, 0);
}

// ---------------------------------------------------------------------------------------------
// Van der Pol's Jacobian

export interface Complex {
  re: number;
  im: number;
}

/**
 * Eigenvalues of Van der Pol's Jacobian J = [[0, 1], [−2µx₁x₂ − 1, µ(1 − x₁²)]] at (x₁, x₂):
 * λ = tr/2 ± √(tr²/4 − det), tr = µ(1 − x₁²), det = 2µx₁x₂ + 1.
 */
export function vdpEigenvalues(mu: number, x1: number, x2: number): [Complex, Complex] {
  const tr = mu * (1 - x1 * x1);
  const det = 2 * mu * x1 * x2 + 1;
  const disc = (tr * tr) / 4 - det;
  if (disc >= 0) {
    const r = Math.sqrt(disc);
    // The larger root by the sign-safe formula, the smaller from det = λ₁λ₂ (no cancellation).
    const big = tr / 2 + (tr >= 0 ? r : -r);
    const small = big === 0 ? 0 : det / big;
    return [{ re: big, im: 0 }, { re: small, im: 0 }];
  }
  const im = Math.sqrt(-disc);
  return [{ re: tr / 2, im }, { re: tr / 2, im: -im }];
}

/**
 * The largest stable step of dopri5 for the linearisation at (x₁, x₂): the smallest reach over
 * the eigenvalues with Re λ < 0 (a growing mode, Re λ ≥ 0, is the solution's own behaviour and
 * limits nothing). Infinity when no eigenvalue decays.
 */
export function vdpStabilityBound(
  mu: number,
  x1: number,
  x2: number,
  gamma = stabilityPolynomial(DOPRI5),
  rho = stabilityReach(gamma, -1, 0),
): number {
  let bound = Infinity;
  for (const { re, im } of vdpEigenvalues(mu, x1, x2)) {
    if (re >= 0) continue;
    const reach = im === 0 ? rho : stabilityReach(gamma, re, im);
    bound = Math.min(bound, reach / Math.hypot(re, im));
  }
  return bound;
}

// ---------------------------------------------------------------------------------------------
// The measured run

/** One trial step with the stability bound at its start and their quotient. */
export interface TracedTrial extends StepTrial {
  bound: number;
  /** dt / bound: about 1 when stability sets the step, ≪ 1 when accuracy does. */
  q: number;
}

export interface StiffRun {
  trials: TracedTrial[];
  stats: SolveStats;
  /** The solution at the sample times, with the bound there. */
  samples: { t: number; x1: number; x2: number; bound: number; lambda: number }[];
  rho: number;
  loose: { stats: SolveStats; tight: { trials: number } };
}

/** Van der Pol(µ) by dopri5 with every trial recorded; states at `t` as plain numbers. */
export function tracedSolve(
  mu: number,
  x0: number[],
  t: number[],
  rtol: number,
  atol: number,
): { xs: number[][]; stats: SolveStats; trials: StepTrial[] } {
  const trials: StepTrial[] = [];
  const y0 = tf.tensor1d(x0);
  const { ys, stats } = solve(vanDerPolField(mu), y0, t, {
    method: "dopri5",
    rtol,
    atol,
    onStep: (trial) => trials.push(trial),
  });
  const xs = ys.arraySync() as number[][];
  tf.dispose([y0, ys]);
  return { xs, stats, trials };
}

/**
 * The trials of a solve from the same start to `tEnd` < the traced run's end: a solve stops
 * after the first accepted step that reaches its last time, and its steps do not depend on the
 * output times, so they are a prefix of the longer run's trials.
 */
export function trialsUntil(trials: StepTrial[], tEnd: number): StepTrial[] {
  const end = trials.findIndex((s) => s.accepted && s.t + s.dt >= tEnd);
  return trials.slice(0, end + 1);
}

let cached: StiffRun | undefined;

/** The stiff run of lecture 1 (computed once per process). */
export function stiffRun(): StiffRun {
  if (cached) return cached;
  const { mu, x0, tEnd, rtol, atol } = STIFF;
  const gamma = stabilityPolynomial(DOPRI5);
  const rho = stabilityReach(gamma, -1, 0);
  const t = linspace(0, tEnd, STIFF.samples);
  const run = tracedSolve(mu, x0, t, rtol, atol);
  const samples = t.map((ti, i) => {
    const [x1, x2] = run.xs[i];
    const lambda = Math.min(...vdpEigenvalues(mu, x1, x2).map((l) => l.re));
    return { t: ti, x1, x2, bound: vdpStabilityBound(mu, x1, x2, gamma, rho), lambda };
  });
  // The state at a trial's start, linearly between the samples (x₁ hardly moves on this stretch).
  const at = (time: number) => {
    const u = (time / tEnd) * (t.length - 1);
    const i = Math.min(Math.max(Math.floor(u), 0), t.length - 2);
    const w = u - i;
    const [a, b] = [run.xs[i], run.xs[i + 1]];
    return [a[0] + w * (b[0] - a[0]), a[1] + w * (b[1] - a[1])];
  };
  const trials = run.trials.map((s) => {
    const [x1, x2] = at(s.t);
    const bound = vdpStabilityBound(mu, x1, x2, gamma, rho);
    return { ...s, bound, q: s.dt / bound };
  });
  const loose = tracedSolve(mu, x0, [0, STIFF.tLoose], STIFF.looseRtol, STIFF.looseAtol);
  cached = {
    trials,
    stats: run.stats,
    samples,
    rho,
    loose: {
      stats: loose.stats,
      tight: { trials: trialsUntil(run.trials, STIFF.tLoose).length },
    },
  };
  return cached;
}

/** The numbers the page quotes about the stiff run. */
export interface StiffFacts {
  accepted: number;
  rejected: number;
  trials: number;
  nfe: number;
  /** Rejected trials / all trials. */
  rejectedShare: number;
  /** Smallest and largest accepted step. */
  minStep: number;
  maxStep: number;
  /** Share of all trials with bound/factor ≤ dt ≤ factor·bound. */
  nearBoundShare: number;
  /** Median of dt/bound over accepted trials. */
  medianQ: number;
  /** dt/bound of the first accepted step (accuracy still sets it). */
  firstQ: number;
  rho: number;
  /** The stiffest eigenvalue at the start of the stretch (most negative real part). */
  lambdaStart: number;
  x1Start: number;
  x1End: number;
  /** Trials on [0, tLoose] at the page's tolerance and at the 100× looser one. */
  tightTrials: number;
  looseTrials: number;
}

export function stiffFacts(run: StiffRun = stiffRun()): StiffFacts {
  const { trials, stats } = run;
  const accepted = trials.filter((s) => s.accepted);
  const steps = accepted.map((s) => s.dt);
  const qs = accepted.map((s) => s.q).sort((a, b) => a - b);
  const near = trials.filter((s) => s.q >= 1 / STIFF.factor && s.q <= STIFF.factor);
  return {
    accepted: stats.accepted,
    rejected: stats.rejected,
    trials: trials.length,
    nfe: stats.nfe,
    rejectedShare: stats.rejected / trials.length,
    minStep: Math.min(...steps),
    maxStep: Math.max(...steps),
    nearBoundShare: near.length / trials.length,
    medianQ: qs[Math.floor(qs.length / 2)],
    firstQ: accepted[0].q,
    rho: run.rho,
    lambdaStart: run.samples[0].lambda,
    x1Start: run.samples[0].x1,
    x1End: run.samples[run.samples.length - 1].x1,
    tightTrials: run.loose.tight.trials,
    looseTrials: run.loose.stats.accepted + run.loose.stats.rejected,
  };
}
