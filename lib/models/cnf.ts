/**
 * A continuous normalising flow (CNF) in 2-D, as in torchdiffeq's `examples/cnf.py`.
 *
 * A time-dependent field f(t, z; θ) carries base samples z(t0) ~ N(0, I) to data z(t1) = x. The
 * instantaneous change of variables gives d log p(z(t))/dt = −Tr(∂f/∂z(t)), so along a path
 *   log p(x) = log N(z(t0); 0, I) − ∫_{t0}^{t1} Tr(∂f/∂z(t)) dt.
 * We integrate the augmented state [z, Δ] from t1 (z = x, Δ = 0) back to t0 with dΔ/dt = −Tr;
 * at t0, Δ(t0) = ∫_{t0}^{t1} Tr dt, hence log p(x) = log N(z(t0); 0, I) − Δ(t0).
 * For a linear field f = A z this is log N(e^{−A(t1−t0)} x; 0, I) − (t1 − t0)·Tr A (tested).
 *
 * The field: by default a hypernetwork (torchdiffeq's CNF example): a small tanh MLP maps t to the
 * weights of a one-hidden-layer "target" net, f(t, z) = (1/m) Σ_k (u_k(t) ⊙ σ(g_k(t))) tanh(w_k(t)·z
 * + b_k(t)), k = 1…m, with u_k, g_k, w_k ∈ ℝᴰ (the gate is elementwise) and b_k ∈ ℝ (m = width: 32 by default, half of torchdiffeq's 64, for speed). The hypernet only sees t, so it runs once per field evaluation on a batch of one and
 * its output is shared by every sample; the part that depends on z is three small ops.
 * `MlpField` (an MLP on [z, t]) and `LinearField` (f = A z, for the analytic check) plug in too;
 * the three live in lib/nn/time_fields.ts.
 *
 * The trace. The state's ODE contains ∂f/∂z, and training differentiates it w.r.t. θ: gradients
 * of gradients. Inside the field we take a vector-Jacobian product vᵀ(∂f/∂z) with tf.valueAndGrads
 * (one forward, one backward); when the outer loss gradient is being recorded, the VJP's own ops
 * land on the same tape, so the outer gradient flows through them. The hypernet is evaluated
 * outside the VJP and only needs first derivatives, so it keeps lib/nn's fast fused MLP op.
 *  - "exact": Tr = Σ_k e_kᵀ(∂f/∂z)e_k. The d unit-vector VJPs are done as ONE backward pass on the
 *    batch repeated d times (copy k gets cotangent e_k), which is d VJPs for the dispatch cost of
 *    one — tiny 2-D models are dispatch-bound.
 *  - "hutchinson": Tr ≈ εᵀ(∂f/∂z)ε with one VJP, ε Rademacher (default) or Gaussian, one ε per
 *    sample drawn before the solve and held fixed over it (an unbiased estimate of log p).
 * tfjs pitfall (4.22): kernels whose gradient reads their saved OUTPUT (tanh, sigmoid, elu, exp)
 * save it through a clone that enters the tape before the kernel's own node, so a gradient of
 * their gradient silently misses the term through that output (dL/db of the trace came out
 * wrong, found by the finite-difference test). Everything differentiated twice here therefore
 * uses `tanh2`, whose gradient recomputes 1 − tanh²(x) from the saved INPUT.
 *
 * The solver: fixed-step rk4, 8 steps on [0, 1] (32 field evaluations each way). Why: every
 * evaluation costs a nested VJP, so the evaluation count is the step's cost; an adaptive dopri5 at
 * the library's default tolerances takes many more, and at loose ones its step count (and with it
 * the training noise) varies from batch to batch. A fixed grid also reads nothing back from the
 * device (no error ratios), which keeps webgl/webgpu pipelines full, and makes the cost of a
 * training step constant. The learned fields are smooth in t and z, and rk4's error at h = 1/8
 * is far below the model's own error (see the tests' analytic check); pass `solver` to change it.
 */
import * as tf from "@tensorflow/tfjs";
import { Module, prefixed } from "../nn/module.ts";
import { HyperField, type HyperFieldOptions, type TimeField } from "../nn/time_fields.ts";
import { odeint, type SolveOptions, type VectorField } from "../ode/mod.ts";
import { gaussianLogLikelihood } from "../prob/likelihoods.ts";
import { standardNormal } from "../prob/normal_noise.ts";
import { type ProbeNoise, probeNoise } from "../prob/probe_noise.ts";
import { type FieldAndTrace, unitCotangents } from "./trace_parts.ts";
export { type FieldAndTrace, unitCotangents } from "./trace_parts.ts";

export type TraceMethod = "exact" | "hutchinson";

export interface CnfOptions {
  /** The field; default a HyperField with `hyper` options. */
  field?: TimeField;
  hyper?: HyperFieldOptions;
  /** Base time (default 0) and data time (default 1). */
  t0?: number;
  t1?: number;
  /** Default { method: "rk4", stepSize: 0.125 } (see the file's header for why). */
  solver?: SolveOptions;
  /** Trace used by logProb / loss unless overridden (default "exact"). */
  trace?: TraceMethod;
  /** Hutchinson probe distribution (default "rademacher": lower variance). */
  noise?: ProbeNoise;
}

export interface LogProbOptions {
  trace?: TraceMethod;
  noise?: ProbeNoise;
  /** Seed of the Hutchinson probes (fix it for a deterministic loss). */
  seed?: number;
  /** Explicit Hutchinson probes [n, dim] (overrides noise and seed). */
  epsilon?: tf.Tensor2D;
}

export interface GridOptions {
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
  /** Points per axis (default 64 × 64). */
  nx?: number;
  ny?: number;
  /** Points per solve (default 4096), to bound memory. */
  chunk?: number;
}

export interface DensityGrid {
  xs: number[];
  ys: number[];
  /** log p at (xs[j], ys[i]) in row i, column j: [ny, nx]. */
  logp: tf.Tensor2D;
}

/** Σ log N(z_i; 0, 1) per row of z [n, d]: the base density. */
export function standardNormalLogProb(z: tf.Tensor2D): tf.Tensor1D {
  return gaussianLogLikelihood(z, 0, 1);
}

/**
 * The cotangents and trace readout of a solve: for "exact", the batch repeated d times with unit
 * cotangents and a mask picking each copy's own coordinate; for "hutchinson", ε itself.
 */
interface Probe {
  kind: TraceMethod;
  /** exact: [d·n, d] unit rows; hutchinson: ε [n, d] */
  cotangent: tf.Tensor2D;
  tensors: tf.Tensor[];
}

function exactProbe(n: number, d: number): Probe {
  const cotangent = unitCotangents(n, d);
  return { kind: "exact", cotangent, tensors: [cotangent] };
}

// EXERCISE 12.1 begin (the exercise kit's reference: see lib/ode/plain/fixed_grid.ts)
/**
 * f(z) and the exact trace of its Jacobian, Tr(∂f/∂z), for every row of z [n, d], in ONE backward
 * pass: the batch is repeated d times ([d·n, d]) and copy k gets the cotangent e_k, so the
 * vector–Jacobian product of copy k is row k of the Jacobian, e_kᵀJ; its k-th entry is J_kk.
 * Summing those diagonal entries over the copies gives the trace. `units` are the cotangents
 * (`unitCotangents(n, d)`; pass them when f is evaluated many times, e.g. in a solve).
 * Differentiable (gradients of gradients); call inside tf.tidy.
 */
export function exactTrace(
  f: (z: tf.Tensor) => tf.Tensor,
  z: tf.Tensor2D,
  units: tf.Tensor2D = unitCotangents(z.shape[0], z.shape[1]),
): FieldAndTrace {
  const [n, d] = z.shape;
  // SOLUTION begin
  const { value, grads } = tf.valueAndGrads((x: tf.Tensor) => f(x))([tf.tile(z, [d, 1])], units);
  // grads[0]: row k·n + i is e_kᵀJ(z_i); keep its k-th entry and sum over k.
  const diag = tf.mul(tf.reshape(grads[0], [d, n, d]), tf.reshape(tf.eye(d), [d, 1, d]));
  return {
    dz: tf.slice(value, [0, 0], [n, d]) as tf.Tensor2D,
    trace: tf.sum(diag, [0, 2]) as tf.Tensor1D,
  };
  // SOLUTION end
}
// EXERCISE 12.1 end

// EXERCISE 12.2 begin
/**
 * f(z) and Hutchinson's estimate of Tr(∂f/∂z) for every row of z [n, d]: Tr(A) = E[εᵀAε] for
 * probes ε with E[εεᵀ] = I (Rademacher ±1 or Gaussian), so one probe per row, `epsilon` [n, d],
 * gives an unbiased estimate εᵀJε from a single vector–Jacobian product εᵀJ: one backward pass
 * whatever d is. Differentiable (gradients of gradients); call inside tf.tidy.
 */
export function hutchinsonTrace(
  f: (z: tf.Tensor) => tf.Tensor,
  z: tf.Tensor2D,
  epsilon: tf.Tensor2D,
): FieldAndTrace {
  // SOLUTION begin
  const { value, grads } = tf.valueAndGrads((x: tf.Tensor) => f(x))([z], epsilon);
  // grads[0] row i is εᵢᵀJ(zᵢ); its dot product with εᵢ is the estimate.
  return { dz: value as tf.Tensor2D, trace: tf.sum(tf.mul(grads[0], epsilon), 1) as tf.Tensor1D };
  // SOLUTION end
}
// EXERCISE 12.2 end

// EXERCISE 12.3 begin
/**
 * The instantaneous change of variables as one ODE on the augmented state y = [z, Δ] ([n, d + 1]:
 * the d coordinates of each point and one running log-density change):
 *   dz/dt = f(t, z),   dΔ/dt = −Tr(∂f/∂z(t, z)).
 * Integrated from the data (z = x, Δ = 0 at t1) back to the base time t0, it gives
 * log p(x) = log N(z(t0); 0, I) − Δ(t0). `fieldAndTrace(t, z)` returns f and the trace (exact or
 * Hutchinson). Returns the augmented field for odeint.
 */
export function changeOfVariables(
  fieldAndTrace: (t: number, z: tf.Tensor2D) => FieldAndTrace,
  n: number,
  d: number,
): VectorField {
  // SOLUTION begin
  return (t, y) =>
    tf.tidy(() => {
      const z = tf.slice(y, [0, 0], [n, d]) as tf.Tensor2D;
      const { dz, trace } = fieldAndTrace(t, z);
      return tf.concat([dz, tf.neg(tf.reshape(trace, [n, 1]))], 1);
    });
  // SOLUTION end
}
// EXERCISE 12.3 end

export class CNF extends Module {
  readonly field: TimeField;
  readonly dim: number;
  readonly t0: number;
  readonly t1: number;
  readonly solver: SolveOptions;
  readonly trace: TraceMethod;
  readonly noise: ProbeNoise;

  constructor(options: CnfOptions = {}) {
    super();
    this.field = options.field ?? new HyperField(options.hyper);
    this.dim = this.field.dim;
    this.t0 = options.t0 ?? 0;
    this.t1 = options.t1 ?? 1;
    this.solver = options.solver ?? { method: "rk4", stepSize: 0.125 };
    this.trace = options.trace ?? "exact";
    this.noise = options.noise ?? "rademacher";
  }

  namedParameters(): Record<string, tf.Variable> {
    return prefixed({ field: this.field });
  }

  /**
   * f(t, z) and Tr(∂f/∂z) for z [n, dim]. `epsilon` [n, dim] selects Hutchinson's estimate
   * εᵀ(∂f/∂z)ε; without it the trace is exact (dim unit-vector VJPs in one backward pass).
   * Differentiable w.r.t. the parameters (gradients of gradients).
   */
  fieldAndTrace(t: number, z: tf.Tensor2D, epsilon?: tf.Tensor2D): FieldAndTrace {
    const probe = epsilon
      ? { kind: "hutchinson" as const, cotangent: epsilon, tensors: [] }
      : exactProbe(z.shape[0], this.dim);
    try {
      return tf.tidy(() => {
        const { dz, trace } = this.evaluate(t, z, probe);
        return { dz, trace };
      });
    } finally {
      tf.dispose(probe.tensors);
    }
  }

  private evaluate(t: number, z: tf.Tensor2D, probe: Probe): FieldAndTrace {
    const f = this.field.at(t);
    return probe.kind === "hutchinson"
      ? hutchinsonTrace(f, z, probe.cotangent)
      : exactTrace(f, z, probe.cotangent);
  }

  private makeProbe(n: number, options: LogProbOptions): Probe {
    const kind = options.trace ?? (options.epsilon ? "hutchinson" : this.trace);
    if (kind === "exact") return exactProbe(n, this.dim);
    if (options.epsilon) {
      if (options.epsilon.shape[0] !== n || options.epsilon.shape[1] !== this.dim) {
        throw new Error(
          `CNF: epsilon has shape [${options.epsilon.shape}], expected [${n}, ${this.dim}]`,
        );
      }
      return { kind, cotangent: options.epsilon, tensors: [] };
    }
    const eps = probeNoise([n, this.dim], options.noise ?? this.noise, options.seed);
    return { kind, cotangent: eps, tensors: [eps] };
  }

  /**
   * log p(x) per sample, x: [n, dim]: integrates [z, Δ] from t1 back to t0 and returns
   * log N(z(t0); 0, I) − Δ(t0). Differentiable w.r.t. the parameters (direct backprop through
   * the solver's steps).
   */
  logProb(x: tf.Tensor2D, options: LogProbOptions = {}): tf.Tensor1D {
    const [n, d] = x.shape;
    if (d !== this.dim) throw new Error(`CNF: x must be [n, ${this.dim}], got [${x.shape}]`);
    const probe = this.makeProbe(n, options);
    try {
      return tf.tidy(() => {
        const augmented = changeOfVariables((t, z) => this.evaluate(t, z, probe), n, d);
        const y1 = tf.concat([x, tf.zeros([n, 1])], 1);
        const ys = odeint(augmented, y1, [this.t1, this.t0], this.solver);
        const yBase = tf.reshape(tf.slice(ys, [1, 0, 0], [1, n, d + 1]), [n, d + 1]);
        const z0 = tf.slice(yBase, [0, 0], [n, d]) as tf.Tensor2D;
        const delta = tf.reshape(tf.slice(yBase, [0, d], [n, 1]), [n]);
        return tf.sub(standardNormalLogProb(z0), delta) as tf.Tensor1D;
      });
    } finally {
      tf.dispose(probe.tensors);
    }
  }

  /** Training loss: −mean log p(x) (a LossParts for optimizerStep). */
  loss(x: tf.Tensor2D, options: LogProbOptions = {}): { loss: tf.Scalar } {
    return { loss: tf.tidy(() => tf.neg(tf.mean(this.logProb(x, options))) as tf.Scalar) };
  }

  /**
   * Carries points z [n, dim] from time `times[0]` through `times` (monotone, within [t0, t1])
   * along the flow (no trace needed): [T, n, dim]. From t0 this is the sampling path.
   */
  flow(z: tf.Tensor2D, times: number[]): tf.Tensor3D {
    const f = (t: number, y: tf.Tensor) => tf.tidy(() => this.field.at(t)(y));
    return odeint(f, z, times, this.solver) as tf.Tensor3D;
  }

  /** n samples: z ~ N(0, I) (seeded) flowed from t0 to t1: [n, dim]. */
  sample(n: number, seed?: number): tf.Tensor2D {
    return tf.tidy(() => {
      const ys = this.flow(standardNormal<tf.Rank.R2>([n, this.dim], seed), [
        this.t0,
        this.t1,
      ]);
      return tf.reshape(tf.slice(ys, [1, 0, 0], [1, n, this.dim]), [n, this.dim]) as tf.Tensor2D;
    });
  }

  /**
   * Sample positions at `frames` evenly spaced times from t0 (base) to t1 (data), for the flow
   * animation: { times, positions [frames, n, dim] }.
   */
  sampleTrajectory(
    n: number,
    seed?: number,
    frames = 9,
  ): { times: number[]; positions: tf.Tensor3D } {
    const times = Array.from(
      { length: frames },
      (_, i) => this.t0 + (this.t1 - this.t0) * i / (frames - 1),
    );
    const positions = tf.tidy(() =>
      this.flow(standardNormal<tf.Rank.R2>([n, this.dim], seed), times)
    );
    return { times, positions };
  }

  /** log p on a regular grid (exact trace), for the density heatmap. 2-D models only. */
  logDensityGrid(options: GridOptions = {}): DensityGrid {
    if (this.dim !== 2) throw new Error("CNF.logDensityGrid: needs a 2-D model");
    const { xMin = -2, xMax = 2, yMin = -2, yMax = 2, nx = 64, ny = 64, chunk = 4096 } = options;
    const axis = (a: number, b: number, m: number) =>
      Array.from({ length: m }, (_, i) => (m === 1 ? (a + b) / 2 : a + (b - a) * i / (m - 1)));
    const xs = axis(xMin, xMax, nx);
    const ys = axis(yMin, yMax, ny);
    const pts = new Float32Array(2 * nx * ny);
    ys.forEach((y, i) =>
      xs.forEach((x, j) => {
        pts[2 * (i * nx + j)] = x;
        pts[2 * (i * nx + j) + 1] = y;
      })
    );
    const parts: tf.Tensor1D[] = [];
    for (let s = 0; s < nx * ny; s += chunk) {
      const m = Math.min(chunk, nx * ny - s);
      parts.push(
        tf.tidy(() =>
          this.logProb(tf.tensor2d(pts.subarray(2 * s, 2 * (s + m)), [m, 2]), { trace: "exact" })
        ),
      );
    }
    const logp = tf.tidy(() => tf.reshape(tf.concat(parts), [ny, nx])) as tf.Tensor2D;
    tf.dispose(parts);
    return { xs, ys, logp };
  }

  override dispose(): void {
    this.field.dispose();
  }
}
