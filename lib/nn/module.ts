/**
 * What every model part is: a set of named trainable variables it can list and free.
 * Names are local paths inside the model ("encoder/W0"), stable across processes, so that
 * weights saved by one run load into a fresh instance (tfjs's own variable names are global and
 * must be unique per process, so they are not used for that).
 */
import * as tf from "@tensorflow/tfjs";

export abstract class Module {
  /** Local name → variable, in a stable order. */
  abstract namedParameters(): Record<string, tf.Variable>;

  parameters(): tf.Variable[] {
    return Object.values(this.namedParameters());
  }

  /** Total number of scalar parameters. */
  parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /**
   * Frees the parameters, and first every child module held in a field: a child may hold more
   * than its parameters (an MLP's cached transposed weights), which its own dispose frees.
   */
  dispose(): void {
    for (const child of Object.values(this)) {
      if (child instanceof Module && child !== this) child.dispose();
    }
    tf.dispose(this.parameters());
  }
}

/** Merges children's parameters under prefixes: { encoder: enc } → "encoder/W0", … */
export function prefixed(children: Record<string, Module>): Record<string, tf.Variable> {
  const out: Record<string, tf.Variable> = {};
  for (const [prefix, child] of Object.entries(children)) {
    for (const [name, v] of Object.entries(child.namedParameters())) out[`${prefix}/${name}`] = v;
  }
  return out;
}

/** A trainable variable from an initial value computed inside tidy (the value is freed). */
export function variableFrom(init: () => tf.Tensor): tf.Variable {
  return tf.tidy(() => tf.variable(init(), true));
}
