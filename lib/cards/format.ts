/** Small formatters shared by the card renderers. */
import type { TensorSlot, TrainingInfo } from "./types.ts";

/** 418104 → "418,104". */
export function count(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A shape as "[B,28,28,1]". */
export function shapeText(slot: TensorSlot, withLabel = false): string {
  const shape = `[${slot.shape.join(",")}]`;
  return withLabel && slot.label ? `${slot.label} ${shape}` : shape;
}

/** Several tensors: "[B,8]" alone, or "mean [B,8], logVar [B,8]" when there are several. */
export function slotsText(slots: TensorSlot[] | undefined, forceLabels = false): string {
  if (!slots || slots.length === 0) return "";
  const labels = forceLabels || slots.length > 1;
  return slots.map((s) => shapeText(s, labels)).join(", ");
}

/** "[B,784] → [B,40]", or "" when the module was not called. */
export function ioText(
  inputs: TensorSlot[] | undefined,
  outputs: TensorSlot[] | undefined,
  labels = false,
): string {
  if (!inputs && !outputs) return "";
  return `${slotsText(inputs, labels)} → ${slotsText(outputs, labels)}`;
}

/** A metric value with 4 significant digits (integers as they are). */
export function metricText(x: number): string {
  if (Number.isInteger(x)) return count(x);
  return Math.abs(x) >= 1e4 ? x.toFixed(0) : Number(x.toPrecision(4)).toString();
}

/** 561.3 → "9m21s". */
export function durationText(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** "≤ 110 ✓" / "≥ 0.98 ✗" / "" for a metric and its target. */
export function targetText(
  value: number,
  target: { min?: number; max?: number } | undefined,
): string {
  if (!target) return "";
  const parts: string[] = [];
  let ok = true;
  if (target.max !== undefined) {
    parts.push(`≤ ${target.max}`);
    ok &&= value <= target.max;
  }
  if (target.min !== undefined) {
    parts.push(`≥ ${target.min}`);
    ok &&= value >= target.min;
  }
  return `${parts.join(", ")} ${ok ? "✓" : "✗"}`;
}

/** One line per metric: "test −ELBO/image 106.5 (target ≤ 110 ✓)". */
export function metricLines(training: TrainingInfo): string[] {
  return Object.entries(training.metrics).map(([k, v]) => {
    const t = targetText(v, training.targets[k]);
    return `${k} ${metricText(v)}${t ? ` (target ${t})` : ""}`;
  });
}
