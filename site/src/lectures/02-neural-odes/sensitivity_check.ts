/**
 * Lecture 2's three-way gradient check, computed at build time: one loss of a parametric Van der
 * Pol oscillator, differentiated by forward sensitivities (lib/ode/sensitivity.ts), by backprop
 * through the solver (`solve` under tf.variableGrads) and by the adjoint (`solveAdjoint`). The
 * page prints whatever this returns; nothing here is typed into the prose.
 *
 * Kept apart from lecture2.ts (which reads repository files through the build's environment) so
 * that it runs under plain Deno too.
 */
import * as tf from "@tensorflow/tfjs";
import {
  sensitivityGradients,
  solve,
  solveAdjoint,
  type SolveOptions,
  solveSensitivity,
  type SolveStats,
  type VectorField,
} from "../../../../lib/ode/mod.ts";

export interface GradientRow {
  /** The parameter as plain text, e.g. "µ" or "x₁(0)". */
  name: string;
  value: number;
  forward: number;
  backprop: number;
  adjoint: number;
  /** Largest difference between two of the three, relative to the largest of them. */
  relDiff: number;
}

export interface SensitivityCheck {
  /** The field's parameters θ (true values 1), then the two initial states. */
  rows: GradientRow[];
  /** max of the rows' relDiff. */
  maxRelDiff: number;
  loss: number;
  /** Output times of the loss. */
  times: number[];
  trueX0: number[];
  options: Required<Pick<SolveOptions, "method" | "rtol" | "atol">>;
  /** State size d and parameter count P (θ and x0 together). */
  d: number;
  P: number;
  /**
   * Numbers each solve carries: [x, S] forward; [x, a, ∂L/∂θ] backward for the adjoint, whose
   * a(t_0) is the gradient with respect to x0 (so x0 needs no slot of its own).
   */
  sizes: { sensitivity: number; adjointBackward: number };
  /** What each method paid. */
  forward: SolveStats;
  backprop: SolveStats;
  adjointForward: SolveStats;
  adjointBackward: SolveStats;
}

/** dx₁/dt = a·x₂, dx₂/dt = µ(1 − b·x₁²)·x₂ − k·x₁ with θ = (a, µ, b, k); θ = 1 is Van der Pol µ = 1. */
export function parametricVdp(theta: tf.Tensor): VectorField {
  return (_t, y) =>
    tf.tidy(() => {
      const [x1, x2] = tf.unstack(y);
      const [a, mu, b, k] = tf.unstack(theta);
      const damping = tf.mul(mu, tf.sub(1, tf.mul(b, tf.square(x1))));
      return tf.stack([tf.mul(a, x2), tf.sub(tf.mul(damping, x2), tf.mul(k, x1))]);
    });
}

const THETA_NAMES = ["a", "µ", "b", "k"];
/** Where the gradient is taken: θ and x0 off their true values, so the loss is not at a minimum. */
const THETA_AT = [1.1, 0.8, 1.2, 0.9];
const X0_TRUE = [2, 0];
const X0_AT = [1.9, 0.2];
const TIMES = Array.from({ length: 9 }, (_, i) => i * 0.5);
const OPTIONS = { method: "dopri5", rtol: 1e-7, atol: 1e-9 } as const;

/** Prefix of the variables' names (tfjs registers variables by a process-wide name). */
const ID = "lecture2-sensitivity-check";

let cached: SensitivityCheck | undefined;

/**
 * L(θ, x0) = ½ Σ_n ‖x(t_n; θ, x0) − y_n‖², where y_n is the true oscillator (θ = 1, x0 = (2, 0))
 * at t = 0, 0.5, …, 4, and its gradient at θ = (1.1, 0.8, 1.2, 0.9), x0 = (1.9, 0.2) three ways.
 */
export function sensitivityCheck(): SensitivityCheck {
  if (cached) return cached;
  // tf.variable keeps its initial tensor alive: make it in a tidy so that it is freed.
  const theta = tf.tidy(() => tf.variable(tf.tensor1d(THETA_AT), true, `${ID}/theta`));
  const x0 = tf.tidy(() => tf.variable(tf.tensor1d(X0_AT), true, `${ID}/x0`));
  const f = parametricVdp(theta);
  const trueTheta = tf.ones([4]);
  const target = tf.tidy(() =>
    solve(parametricVdp(trueTheta), tf.tensor1d(X0_TRUE), TIMES, OPTIONS).ys
  );
  const lossOf = (ys: tf.Tensor) => tf.mul(0.5, tf.sum(tf.square(tf.sub(ys, target)))) as tf.Scalar;
  const d = x0.size;
  try {
    // Forward sensitivities: ∂x/∂θ starts at 0, ∂x/∂x0 at the identity.
    const initial = [tf.zeros([d, 4]), tf.eye(d)];
    const sens = solveSensitivity(f, x0, TIMES, [theta, x0], { ...OPTIONS, initial });
    const forwardGrads = tf.tidy(() =>
      sensitivityGradients(tf.sub(sens.ys, target), sens.sensitivities)
    );
    const loss = tf.tidy(() => lossOf(sens.ys).dataSync()[0]);
    const forward = forwardGrads.map((g) => [...g.dataSync()]).flat();
    tf.dispose([...initial, sens.ys, ...sens.sensitivities, ...forwardGrads]);

    // Backprop through every step of the solver.
    let backpropStats: SolveStats | undefined;
    const direct = tf.variableGrads(() => {
      const sol = solve(f, x0, TIMES, OPTIONS);
      backpropStats = sol.stats;
      return lossOf(sol.ys);
    }, [theta, x0]);
    const backprop = [...direct.grads[theta.name].dataSync(), ...direct.grads[x0.name].dataSync()];
    tf.dispose([direct.value, ...Object.values(direct.grads)]);

    // The adjoint: y0's gradient is the adjoint state at t_0, θ's the accumulated integral.
    let adjointSol: ReturnType<typeof solveAdjoint> | undefined;
    const adj = tf.variableGrads(() => {
      adjointSol = solveAdjoint(f, x0, TIMES, [theta], OPTIONS);
      return lossOf(adjointSol.ys);
    }, [theta, x0]);
    const adjoint = [...adj.grads[theta.name].dataSync(), ...adj.grads[x0.name].dataSync()];
    tf.dispose([adj.value, ...Object.values(adj.grads)]);

    const names = [...THETA_NAMES, "x₁(0)", "x₂(0)"];
    const values = [...THETA_AT, ...X0_AT];
    const rows = names.map((name, i) => {
      const three = [forward[i], backprop[i], adjoint[i]];
      const spread = Math.max(...three) - Math.min(...three);
      const scale = Math.max(...three.map(Math.abs));
      return {
        name,
        value: values[i],
        forward: forward[i],
        backprop: backprop[i],
        adjoint: adjoint[i],
        relDiff: scale > 0 ? spread / scale : 0,
      };
    });
    cached = {
      rows,
      maxRelDiff: Math.max(...rows.map((r) => r.relDiff)),
      loss,
      times: TIMES,
      trueX0: X0_TRUE,
      options: { ...OPTIONS },
      d,
      P: names.length,
      sizes: { sensitivity: d + d * names.length, adjointBackward: 2 * d + theta.size },
      forward: sens.stats,
      backprop: backpropStats!,
      adjointForward: adjointSol!.stats,
      adjointBackward: adjointSol!.backwardStats,
    };
    return cached;
  } finally {
    tf.dispose([theta, x0, trueTheta, target]);
  }
}
