/**
 * Records what each submodule of a model sees in a forward pass: the shapes of the tensors that
 * go in and come out of its first call, how often it is called, and in which order modules are
 * first used. The methods of every module are wrapped on the instance for the duration of the
 * run and restored afterwards, so the model is left as it was.
 *
 * A call counts when it has a tensor argument. Calls a module makes to itself (ConvEncoder.encode
 * calling its own apply) are not counted again: only the outermost call of each module is. A
 * method that returns a function (BayesianMLP.drawF, HyperField.at) gets that function wrapped
 * too, since calling it is calling the module.
 */
import * as tf from "@tensorflow/tfjs";
import { Module } from "../nn/module.ts";

export interface ShapeSlot {
  label?: string;
  shape: number[];
}

export interface CallRecord {
  /** Order of the module's first call among all recorded modules (0, 1, …). */
  order: number;
  calls: number;
  inputs: ShapeSlot[];
  outputs: ShapeSlot[];
}

/** Methods that are bookkeeping, not computation. */
const SKIPPED = new Set([
  "constructor",
  "namedParameters",
  "parameters",
  "parameterCount",
  "dispose",
]);

/** Tensors in a value: a tensor, an array of tensors, or an object's tensor fields (one level). */
export function tensorSlots(value: unknown, label?: string): ShapeSlot[] {
  if (value instanceof tf.Tensor) return [{ label, shape: [...value.shape] }];
  if (Array.isArray(value)) {
    return value.flatMap((v) => (v instanceof tf.Tensor ? [{ label, shape: [...v.shape] }] : []));
  }
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) =>
      v instanceof tf.Tensor ? [{ label: k, shape: [...v.shape] }] : []
    );
  }
  return [];
}

function methodNames(module: Module): string[] {
  const names = new Set<string>();
  for (
    let proto = Object.getPrototypeOf(module);
    proto && proto !== Module.prototype && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (d && typeof d.value === "function" && !SKIPPED.has(name)) names.add(name);
    }
  }
  return [...names];
}

/**
 * Runs `run` with every module in `modules` instrumented; returns the record of each module that
 * was called. The wrappers are removed even when `run` throws.
 */
export function recordCalls<T>(
  modules: readonly Module[],
  run: () => T,
): { result: T; records: Map<Module, CallRecord> } {
  const records = new Map<Module, CallRecord>();
  const depth = new Map<Module, number>();
  let next = 0;

  const instrument = <F extends (...args: unknown[]) => unknown>(module: Module, fn: F): F => {
    const wrapped = function (this: unknown, ...args: unknown[]) {
      const level = depth.get(module) ?? 0;
      const tensorsIn = args.flatMap((a) => tensorSlots(a));
      let record: CallRecord | undefined;
      if (level === 0 && tensorsIn.length > 0) {
        record = records.get(module);
        if (!record) {
          record = { order: next++, calls: 0, inputs: tensorsIn, outputs: [] };
          records.set(module, record);
        }
        record.calls++;
      }
      depth.set(module, level + 1);
      try {
        // Reflect.apply: a SampledField's own `apply` property shadows Function.prototype.apply.
        const out = Reflect.apply(fn, this, args);
        if (record && record.calls === 1) record.outputs = tensorSlots(out);
        return typeof out === "function"
          ? instrumentReturned(module, out as (...a: unknown[]) => unknown)
          : out;
      } finally {
        depth.set(module, level);
      }
    };
    return wrapped as unknown as F;
  };

  // A returned function keeps its own properties (a SampledField's weights, apply, dispose).
  const instrumentReturned = (module: Module, fn: (...a: unknown[]) => unknown) => {
    const wrapped = instrument(module, fn);
    for (const [key, value] of Object.entries(fn)) {
      (wrapped as unknown as Record<string, unknown>)[key] = typeof value === "function"
        ? instrument(module, value as (...a: unknown[]) => unknown)
        : value;
    }
    return wrapped;
  };

  const patched: [Module, string][] = [];
  try {
    for (const module of modules) {
      for (const name of methodNames(module)) {
        if (Object.hasOwn(module, name)) continue; // an instance field: leave it alone
        const target = module as unknown as Record<string, (...args: unknown[]) => unknown>;
        target[name] = instrument(module, target[name]);
        patched.push([module, name]);
      }
    }
    const result = run();
    return { result, records };
  } finally {
    for (const [module, name] of patched) {
      delete (module as unknown as Record<string, unknown>)[name];
    }
  }
}
