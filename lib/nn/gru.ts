/**
 * A GRU cell with PyTorch's equations (nn.GRUCell), gates ordered r, z, n:
 *   r  = σ(x·W_ir + b_ir + h·W_hr + b_hr)
 *   z  = σ(x·W_iz + b_iz + h·W_hz + b_hz)
 *   n  = tanh(x·W_in + b_in + r ⊙ (h·W_hn + b_hn))
 *   h' = (1 − z) ⊙ n + z ⊙ h
 * Each gate has its own input matrix W_x· [inputSize, H], hidden matrix W_h· [H, H] and biases
 * (PyTorch's weight_ih / weight_hh are these stacked r | z | n). Separate matrices are deliberate:
 * slicing a packed [B, 3H] result along its last axis costs more than the products themselves in
 * tfjs (≈1 ms per slice on the cpu backend, measured), while three small products are cheap.
 * Initialised like PyTorch (every weight and bias ~ U(±1/√H)), seeded.
 *
 * For sequences whose inputs are known in advance, `projectInput` computes x·W_x· + b_x· for all
 * time steps at once (three products) and `stepProjected` does the rest of a step.
 */
import * as tf from "@tensorflow/tfjs";
import { Module } from "./module.ts";

export interface GruOptions {
  /** Seed of the initial weights (parameter k in namedParameters order uses seed + k). */
  seed?: number;
}

const GATES = ["r", "z", "n"] as const;
type Gate = typeof GATES[number];

/** A per-gate triple, e.g. the projected inputs x·W_xr + b_xr, x·W_xz + b_xz, x·W_xn + b_xn. */
export type GateTensors = Record<Gate, tf.Tensor>;

interface GateParams {
  Wx: tf.Variable;
  bx: tf.Variable;
  Wh: tf.Variable;
  bh: tf.Variable;
}

export class GRUCell extends Module {
  readonly gates: Record<Gate, GateParams>;

  constructor(readonly inputSize: number, readonly hiddenSize: number, options: GruOptions = {}) {
    super();
    for (const [name, n] of [["inputSize", inputSize], ["hiddenSize", hiddenSize]] as const) {
      if (!Number.isInteger(n) || n < 1) {
        throw new Error(`GRUCell: ${name} must be a positive integer, got ${n}`);
      }
    }
    const seed = options.seed ?? 0;
    const bound = 1 / Math.sqrt(hiddenSize);
    let k = 0;
    const init = (shape: number[]) => {
      const s = seed + k++;
      return tf.tidy(() => tf.variable(tf.randomUniform(shape, -bound, bound, "float32", s), true));
    };
    const H = hiddenSize;
    const gates = {} as Record<Gate, GateParams>;
    for (const g of GATES) {
      gates[g] = { Wx: init([inputSize, H]), bx: init([H]), Wh: init([H, H]), bh: init([H]) };
    }
    this.gates = gates;
  }

  /** x·W_x· + b_x· per gate, for inputs of any leading shape [..., inputSize] → [..., H] each. */
  projectInput(x: tf.Tensor): GateTensors {
    return tf.tidy(() => {
      const lead = x.shape.slice(0, -1);
      const flat = tf.reshape(x, [-1, this.inputSize]) as tf.Tensor2D;
      const project = ({ Wx, bx }: GateParams) =>
        tf.reshape(
          tf.fused.matMul({ a: flat, b: Wx as tf.Tensor2D, bias: bx }),
          [...lead, this.hiddenSize],
        );
      const { r, z, n } = this.gates;
      return { r: project(r), z: project(z), n: project(n) };
    });
  }

  /** One step from projected inputs gx (each [B, H]) and the state h [B, H]. */
  stepProjected(gx: GateTensors, h: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const hidden = ({ Wh, bh }: GateParams) =>
        tf.fused.matMul({ a: h as tf.Tensor2D, b: Wh as tf.Tensor2D, bias: bh });
      const r = tf.sigmoid(tf.add(gx.r, hidden(this.gates.r)));
      const z = tf.sigmoid(tf.add(gx.z, hidden(this.gates.z)));
      const n = tf.tanh(tf.add(gx.n, tf.mul(r, hidden(this.gates.n))));
      // (1 − z)·n + z·h = n + z·(h − n)
      return tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D;
    });
  }

  /** One step: x [B, inputSize], h [B, H] → h' [B, H]. */
  step(x: tf.Tensor, h: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => this.stepProjected(this.projectInput(x), h));
  }

  /** Wxr, bxr, Whr, bhr, Wxz, …, bhn. */
  namedParameters(): Record<string, tf.Variable> {
    const out: Record<string, tf.Variable> = {};
    for (const g of GATES) {
      const { Wx, bx, Wh, bh } = this.gates[g];
      Object.assign(out, { [`Wx${g}`]: Wx, [`bx${g}`]: bx, [`Wh${g}`]: Wh, [`bh${g}`]: bh });
    }
    return out;
  }
}
