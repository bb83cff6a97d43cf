/**
 * An MLP whose weight gradients over a whole backward pass cost one product per layer.
 *
 * A Neural ODE evaluates its field tens of times per training step with the same weights. Left
 * to tfjs, every evaluation's backward computes its own dW = hᵀ·dz and db = Σ dz and adds them
 * into a running total: three kernels per layer per evaluation, the adds on whole [n_in, n_out]
 * matrices. Here an evaluation's backward only returns dx and records its (h, dz); one node
 * recorded on the tape BEFORE the first evaluation — so the backward pass reaches it after all
 * of them — then returns, per layer,
 *   dW = [h_1; …; h_E]ᵀ · [dz_1; …; dz_E],   db = column sums of [dz_1; …; dz_E].
 * The evaluations depend on that node through a scalar "token" (value 0, gradient ignored): that
 * dependency is what puts the node on the backward path, and behind every evaluation on it.
 *
 * Same gradients as the per-evaluation op (lib/nn/fused_mlp.ts) up to summation order; first
 * derivatives only, like it.
 */
import * as tf from "@tensorflow/tfjs";
import {
  type Activation,
  BACKPROP_ACTIVATION,
  denseLayer,
  matMulTransposeA,
  matMulTransposeB,
  type TransposeCache,
} from "./fused_mlp.ts";

/** What the backward passes of one tape's evaluations leave for the weight node. */
interface Pending {
  /** Kept scalar the evaluations take as an input; disposed when the weight node has run. */
  token: tf.Tensor;
  /**
   * Per layer: the layer inputs h and output gradients dz of every evaluation. The h are what
   * tfjs saved for the backward pass and frees when it ends; the dz live in its backward scope.
   */
  hs: tf.Tensor2D[][];
  dzs: tf.Tensor2D[][];
}

interface EngineState {
  activeTape: object | null;
  gradientDepth: number;
  kernelDepth: number;
}

const engineState = () => (tf.engine() as unknown as { state: EngineState }).state;

/** True while tfjs records ops for a first-order gradient (not inside a kernel or custom op). */
export function recordingFirstOrder(): boolean {
  const s = engineState();
  return s.gradientDepth === 1 && s.kernelDepth === 0 && s.activeTape !== null;
}

export class DeferredMlp {
  private readonly backpropActivation: (dh: tf.Tensor, h: tf.Tensor) => tf.Tensor;
  /** The current tape's pending gradients (one tape is recorded at a time). */
  private pending?: { tape: object; state: Pending };

  constructor(
    private readonly activation: Activation,
    private readonly layers: number,
    private readonly cache?: TransposeCache,
  ) {
    this.backpropActivation = BACKPROP_ACTIVATION[activation];
  }

  /**
   * x [batch, n_0] → [batch, n_L] with weights [W_1, b_1, …, W_L, b_L]. Call only while
   * `recordingFirstOrder()`; the weights must stay alive until the backward pass.
   */
  apply(x: tf.Tensor, weights: tf.Tensor[]): tf.Tensor {
    const state = this.pendingFor(weights);
    const { layers, activation, backpropActivation, cache } = this;
    const Ws = weights.filter((_, i) => i % 2 === 0) as tf.Tensor2D[];
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const input = args[0] as tf.Tensor2D;
      const save = args[2] as tf.GradSaveFunc;
      const inputs: tf.Tensor2D[] = [input];
      let h = input;
      for (let l = 0; l < layers; l++) {
        h = denseLayer(h, Ws[l], weights[2 * l + 1], l < layers - 1 ? activation : "linear");
        if (l < layers - 1) inputs.push(h);
      }
      save(inputs);
      return {
        value: h,
        gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
          // Tensors made here live until tfjs's backward scope ends, after the weight node ran.
          let dz = dy as tf.Tensor2D;
          let dx = dz;
          for (let l = layers - 1; l >= 0; l--) {
            state.hs[l].push(saved[l] as tf.Tensor2D);
            state.dzs[l].push(dz);
            dx = matMulTransposeB(dz, Ws[l], cache);
            if (l > 0) dz = backpropActivation(dx, saved[l]) as tf.Tensor2D;
          }
          return [dx, tf.scalar(0)];
        },
      };
    });
    return op(x, state.token);
  }

  /** This tape's pending gradients; records the weight node on the tape's first evaluation. */
  private pendingFor(weights: tf.Tensor[]): Pending {
    const tape = engineState().activeTape!;
    if (this.pending?.tape === tape && !this.pending.state.token.isDisposed) {
      return this.pending.state;
    }
    // A forward pass whose backward never reached the weights leaves its token behind.
    this.dispose();
    const hs: tf.Tensor2D[][] = Array.from({ length: this.layers }, () => []);
    const dzs: tf.Tensor2D[][] = Array.from({ length: this.layers }, () => []);
    const layers = this.layers;
    const node = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
      value: tf.scalar(0),
      gradFunc: () => {
        const grads: tf.Tensor[] = [];
        for (let l = 0; l < layers; l++) {
          const W = args[2 * l] as tf.Tensor;
          if (dzs[l].length === 0) {
            grads.push(tf.zerosLike(W), tf.zerosLike(args[2 * l + 1] as tf.Tensor));
            continue;
          }
          const H = concatRows(hs[l]);
          const DZ = concatRows(dzs[l]);
          grads.push(matMulTransposeA(H, DZ), tf.sum(DZ, 0));
        }
        token.dispose();
        return grads;
      },
    }));
    const token = tf.keep(node(...weights));
    this.pending = { tape, state: { token, hs, dzs } };
    return this.pending.state;
  }

  /** Frees the token of a recorded forward pass whose backward never reached the weights. */
  dispose(): void {
    const token = this.pending?.state.token;
    if (token && !token.isDisposed) token.dispose();
    this.pending = undefined;
  }
}

/** Stacks [b_i, n] blocks into [Σ b_i, n] (one block needs no copy). */
function concatRows(blocks: tf.Tensor2D[]): tf.Tensor2D {
  return blocks.length === 1 ? blocks[0] : tf.concat(blocks, 0);
}
