/**
 * A model card as plain data (JSON-serialisable): what a model is made of, derived from the model
 * object itself — its module tree, the shapes seen in a forward pass, the parameter counts of
 * its variables, its ODE solver settings — plus, when it was shipped, how it was trained.
 */

/**
 * One dimension of a shape: a number, or a multiple of the batch size: "B", "2B", "16B"
 * (found by running the forward pass at two batch sizes and comparing).
 */
export type Dim = number | string;
export type Shape = Dim[];

/** A tensor that went in or out of a call, with its argument or field name where one exists. */
export interface TensorSlot {
  label?: string;
  shape: Shape;
}

/** A trainable variable of a module. */
export interface ParamInfo {
  /** Local name inside its module ("W0", "gamma"). */
  name: string;
  shape: number[];
  size: number;
}

/** The ODE an "ODE block" node integrates, and how (read from the model's solver options). */
export interface OdeInfo {
  /** What is integrated, e.g. "dy/dt = field(y)". */
  equation: string;
  /** Solver settings, e.g. { method: "rk4", stepSize: 0.125 }. */
  solver: Record<string, string | number | boolean>;
  /** One line for people: "rk4, step 0.125". */
  solverText: string;
  /** Integration interval or times, e.g. "t: 1 → 0 (data → base)". */
  interval: string;
  /** How gradients are taken: "backprop through the steps" or "adjoint". */
  gradient?: string;
  /** Anything else worth saying (trace estimator, sampled weights …). */
  note?: string;
}

export interface CardNode {
  /** Name inside the parent, as in the parent's namedParameters ("encoder", "conv0"). */
  name: string;
  /** Path from the model's root ("encoder/conv0"); "" for the root. */
  path: string;
  /** Class name ("MLP", "Conv2d"), or "ODE block" for a group of modules that form a field. */
  kind: string;
  /** Layout in one line, e.g. "784→256→40" or "3×3/2, 1→16". */
  layout?: string;
  /** Hidden activation, when the module has one. */
  activation?: string;
  /** Tensor inputs and outputs of the module's first call in the example forward pass. */
  inputs?: TensorSlot[];
  outputs?: TensorSlot[];
  /** How many times the module was called in the example forward pass (field evaluations). */
  calls: number;
  /** Scalar parameters under this node (its own and its children's). */
  params: number;
  /** Variables of this node that belong to none of its children. */
  ownParams: ParamInfo[];
  children: CardNode[];
  /** Set on "ODE block" nodes. */
  ode?: OdeInfo;
}

/** From weights/manifest.json, for a model that was trained and shipped. */
export interface TrainingInfo {
  command: string;
  seed: number;
  steps: number;
  wallTimeSeconds: number;
  backend: string;
  hardware: string;
  trainedAt: string;
  description?: string;
  metrics: Record<string, number>;
  targets: Record<string, { min?: number; max?: number }>;
}

export interface ModelCard {
  /** The model's name in the course ("vae-mnist"), or its class name. */
  name: string;
  /** Class name of the model ("VAE"). */
  kind: string;
  description?: string;
  /** The example forward pass the shapes come from, e.g. "reconstruct(x)". */
  forward?: string;
  /** Batch sizes the forward pass was run at ("B" in shapes stands for the batch size). */
  batchSizes: number[];
  /** Total scalar parameters: the sum of the sizes of all the model's variables. */
  totalParams: number;
  /** Number of variables (tensors) holding them. */
  variables: number;
  root: CardNode;
  training?: TrainingInfo;
}
