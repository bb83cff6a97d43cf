/**
 * What the WGSL and GLSL generators write alike: float literals and the activations σ and σ'.
 * The two languages differ only in how they pick between two values, so each passes its own.
 */
import type { Activation } from "../fused_mlp.ts";

/** `cond ? yes : no` in one shading language. */
export type Pick = (cond: string, yes: string, no: string) => string;

export const WGSL_PICK: Pick = (cond, yes, no) => `select(${no}, ${yes}, ${cond})`;
export const GLSL_PICK: Pick = (cond, yes, no) => `(${cond} ? ${yes} : ${no})`;

/** A number as a float literal both languages read (integers need a decimal point). */
export function f32(x: number): string {
  const s = String(x);
  return `(${/[.eE]/.test(s) ? s : `${s}.0`})`;
}

/**
 * σ(z), and σ'(z) written with h = σ(z) (the value the kernels keep). tanh is written out
 * because the builtin's exp overflow makes it NaN for large |z| on some GPUs.
 */
export function activationText(
  activation: Activation,
  pick: Pick,
): { activate: string; derivative: string } {
  const table: Record<Activation, [string, string]> = {
    elu: [pick("z > 0.0", "z", "exp(z) - 1.0"), pick("h > 0.0", "1.0", "h + 1.0")],
    tanh: [
      "sign(z) * (1.0 - exp(-2.0 * abs(z))) / (1.0 + exp(-2.0 * abs(z)))",
      "1.0 - h * h",
    ],
    relu: ["max(z, 0.0)", pick("h > 0.0", "1.0", "0.0")],
    sigmoid: ["1.0 / (1.0 + exp(-z))", "h * (1.0 - h)"],
    softplus: ["max(z, 0.0) + log(1.0 + exp(-abs(z)))", "1.0 - exp(-h)"],
    linear: ["z", "1.0"],
  };
  const [activate, derivative] = table[activation];
  return { activate, derivative };
}
