/** Checks metrics against a recipe's targets; returns one line per target missed. */
import type { Metrics } from "../lib/io/manifest.ts";

export function checkTargets(
  targets: Record<string, { min?: number; max?: number }>,
  metrics: Metrics,
): string[] {
  return Object.entries(targets).flatMap(([key, { min, max }]) => {
    const v = metrics[key];
    if (v === undefined) return [`${key}: not measured`];
    if (min !== undefined && v < min) return [`${key} = ${v} is below the target ${min}`];
    if (max !== undefined && v > max) return [`${key} = ${v} is above the target ${max}`];
    return [];
  });
}
