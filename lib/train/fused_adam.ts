/**
 * Adam with the update of each variable as three GPU kernels (lib/train/fused_adam_kernels.ts)
 * on webgl and webgpu, where tfjs's AdamOptimizer dispatches fourteen small ones: for a small
 * model on a GPU, dispatches are the cost (lecture 2's step on webgpu: ~90 of its 109 kernels
 * were Adam's). Elsewhere, and for every bit of state, it is tfjs's AdamOptimizer: the same
 * moments, the same β^t accumulators, the same weights to save and restore.
 */
import * as tf from "@tensorflow/tfjs";
import {
  FUSED_ADAM_BACKENDS,
  FUSED_ADAM_KERNEL,
  type FusedAdamAttrs,
  registerFusedAdamKernels,
} from "./fused_adam_kernels.ts";

/** The AdamOptimizer fields this class shares (private in tfjs's types, plain in its code). */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

export class FusedAdam extends tf.AdamOptimizer {
  /** β1^t and β2^t as tfjs accumulates them (float32 products), kept here to spare GPU reads. */
  private powers?: [number, number];

  override applyGradients(
    variableGradients: Parameters<tf.AdamOptimizer["applyGradients"]>[0],
  ): void {
    const state = this as unknown as AdamState;
    const f = Math.fround;
    const [power1, power2] = this.powers ?? [f(state.beta1), f(state.beta2)];
    this.powers = [f(power1 * f(state.beta1)), f(power2 * f(state.beta2))];
    if (!FUSED_ADAM_BACKENDS.includes(tf.getBackend())) {
      super.applyGradients(variableGradients);
      return;
    }
    registerFusedAdamKernels();
    const attrs: Omit<FusedAdamAttrs, "part"> = {
      learningRate: state.learningRate,
      beta1: state.beta1,
      beta2: state.beta2,
      oneMinusBeta1: 1 - state.beta1,
      oneMinusBeta2: 1 - state.beta2,
      epsilon: state.epsilon,
      correction1: f(1 - power1),
      correction2: f(1 - power2),
    };
    const named: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    tf.tidy(() => {
      named.forEach(([name, gradient], i) => {
        const current = tf.engine().registeredVariables[name];
        const moment = (list: AdamState["accumulatedFirstMoment"], suffix: string) => {
          list[i] ??= {
            originalName: `${name}/${suffix}`,
            variable: tf.tidy(() => tf.zerosLike(current).variable(false)),
          };
          return list[i].variable;
        };
        const moment1 = moment(state.accumulatedFirstMoment, "m");
        const moment2 = moment(state.accumulatedSecondMoment, "v");
        if (gradient == null) return;
        const inputs = { current, gradient, moment1, moment2 };
        const run = (part: number) =>
          tf.engine().runKernel(FUSED_ADAM_KERNEL, inputs, { ...attrs, part }) as tf.Tensor;
        const [m, v, value] = [run(0), run(1), run(2)];
        moment1.assign(m);
        moment2.assign(v);
        current.assign(value);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, state.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, state.beta2));
    });
    this.incrementIterations();
  }

  /** Restored state brings its own β^t accumulators: mirror them again. */
  override async setWeights(
    weightValues: Parameters<tf.AdamOptimizer["setWeights"]>[0],
  ): Promise<void> {
    await super.setWeights(weightValues);
    const state = this as unknown as AdamState;
    this.powers = [(await state.accBeta1.data())[0], (await state.accBeta2.data())[0]];
  }
}

/** tf.train.adam(learningRate) with the fused update on the GPU backends. */
export function adam(learningRate: number): FusedAdam {
  return new FusedAdam(learningRate, 0.9, 0.999);
}
