/**
 * Mine build only: a value's shape as text ("tensor[3,2] float32", "[tensor[2] float32 ×4]",
 * "{err: …, y1: …}"), so a learner's result can be compared with what the library returns
 * without comparing numbers (the kit's tests did that).
 */
import type * as tf from "@tensorflow/tfjs";

function isTensor(value: unknown): value is tf.Tensor {
  return typeof value === "object" && value !== null && "shape" in value && "dtype" in value &&
    "dataId" in value;
}

export function describeShape(value: unknown): string {
  if (isTensor(value)) {
    return value.isDisposed ? "a disposed tensor" : `tensor[${value.shape}] ${value.dtype}`;
  }
  if (Array.isArray(value)) {
    const parts = value.map(describeShape);
    const same = parts.length > 0 && parts.every((p) => p === parts[0]);
    return same ? `[${parts[0]} ×${parts.length}]` : `[${parts.join(", ")}]`;
  }
  if (value === null) return "null";
  if (typeof value === "object") {
    const keys = Object.keys(value as object).sort();
    const record = value as Record<string, unknown>;
    return `{${keys.map((k) => `${k}: ${describeShape(record[k])}`).join(", ")}}`;
  }
  return typeof value;
}

/** Every tensor inside a value (to dispose the library's result of a comparison). */
export function tensorsIn(value: unknown): tf.Tensor[] {
  if (isTensor(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(tensorsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(tensorsIn);
  return [];
}
