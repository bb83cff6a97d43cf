/**
 * The metrics table `deno task evaluate` prints and README shows: one row per metric of a shipped
 * model, its value as the manifest holds it (4 significant digits), its target and how long
 * training took. One formatter, so README's table can be checked against the manifest.
 */
import type { ModelEntry } from "./weights_manifest.ts";

export const TABLE_HEADER = [
  "model",
  "held-out data",
  "metric",
  "value",
  "target",
  "training time",
];

/** A metric's value as the table writes it. */
export function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** A target as the table writes it: "≥ 0.5", "≤ 1", or "" when the metric has none. */
export function formatTarget(target: { min?: number; max?: number } | undefined): string {
  if (!target) return "";
  return [
    target.min !== undefined ? `≥ ${target.min}` : "",
    target.max !== undefined ? `≤ ${target.max}` : "",
  ].join(" ").trim();
}

/** How long training took, from the manifest entry. */
export function formatTrainingTime(entry: ModelEntry): string {
  return entry.cpuSeconds === undefined
    ? `${entry.wallTimeSeconds} s (${entry.backend})`
    : `${entry.wallTimeSeconds} s, CPU ${entry.cpuSeconds} s (${entry.backend})`;
}

/** One row of the table. */
export function metricRow(
  name: string,
  heldOut: string,
  metric: string,
  value: number,
  entry: ModelEntry,
): string[] {
  return [
    name,
    heldOut,
    metric,
    formatMetric(value),
    formatTarget(entry.targets[metric]),
    formatTrainingTime(entry),
  ];
}

/** The rows as a Markdown table, columns padded to their widest cell. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  return [
    line(header),
    "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|",
    ...rows.map(line),
  ].join("\n");
}
