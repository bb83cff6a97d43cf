/**
 * One-line layouts of the course's building blocks ("784→256→40", "3×3/2, 1→16"), read from each
 * module's own fields, and the activation a module applies.
 */
import { BayesianMLP } from "../nn/bnn.ts";
import { Conv2d, ConvDecoder, ConvEncoder } from "../nn/conv.ts";
import { GRUCell } from "../nn/gru.ts";
import { MLP } from "../nn/mlp.ts";
import { GroupNorm } from "../nn/group_norm.ts";
import type { Module } from "../nn/module.ts";
import { HyperField, LinearField, MlpField } from "../nn/time_fields.ts";

const arrow = (sizes: readonly number[]) => sizes.join("→");

/** The module's layout in one line, or undefined when nothing short describes it. */
export function layoutOf(module: Module): string | undefined {
  if (module instanceof MLP) return arrow(module.sizes);
  if (module instanceof BayesianMLP) {
    return `${arrow(module.sizes)}, w ~ N(µ, σ²), prior N(0, ${module.priorStd}²)`;
  }
  if (module instanceof Conv2d) {
    const [k] = module.W.shape;
    return `${k}×${k}${module.stride > 1 ? `/${module.stride}` : ""}, ` +
      `${module.inChannels}→${module.outChannels} ch`;
  }
  if (module instanceof GroupNorm) return `${module.channels} ch, ${module.groups} groups`;
  if (module instanceof GRUCell) return `x ${module.inputSize} → h ${module.hiddenSize}`;
  if (module instanceof ConvEncoder) {
    const s = module.imageSize;
    return `${s}×${s}×${module.inputChannels} → µ, log σ² (${module.latentSize} each)`;
  }
  if (module instanceof ConvDecoder) {
    const s = module.imageSize;
    return `${module.latentSize} → ${s}×${s}×${module.outputChannels} logits`;
  }
  if (module instanceof HyperField) {
    return `t → weights of ${module.dim}→${module.width}→${module.dim} (tanh, gated)`;
  }
  if (module instanceof MlpField) return `[z, t] → ${arrow(module.mlp.sizes)}`;
  if (module instanceof LinearField) return `f(z) = A z, A ${module.dim}×${module.dim}`;
  return undefined;
}

/** The hidden activation a module applies, if it has one. */
export function activationOf(module: Module): string | undefined {
  if (module instanceof GRUCell) return "σ, tanh";
  // A single linear layer has no hidden activation.
  if ((module instanceof MLP || module instanceof BayesianMLP) && module.sizes.length === 2) {
    return undefined;
  }
  if (module instanceof HyperField || module instanceof MlpField) return "tanh";
  const own = (module as unknown as { activation?: unknown }).activation;
  return typeof own === "string" ? own : undefined;
}
