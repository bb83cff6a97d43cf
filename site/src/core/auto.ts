/**
 * What "auto" means for one demo: the fastest backend for its own training step, measured.
 * In order: this demo's measurement remembered in this browser; the system check's (lecture 2's
 * step, if the reader ran it); a fresh probe of the demo's step (probe.ts, about 2 s). Demos
 * without a training step (solver playground and race, adjoint comparison, digit drawing, ODENet
 * solvers) have nothing of their own to time: they take any demo's remembered pick or the
 * system check's, else wasm — fastest here for the course's small, dispatch-bound models
 * (DESIGN.md), and the one backend that never stalls the page to compile shaders.
 */
import {
  type BackendName,
  describeRates,
  type Measurements,
  recallAnyPick,
  recallProbe,
  recallSystemCheck,
  rememberProbe,
} from "./auto_memory.ts";
import type { DemoStep } from "../../../lib/train/demo_step.ts";

/** A training demo's step with the page's data and settings, drawing nothing. */
export type ProbeRuntime = (root: HTMLElement) => DemoStep | Promise<DemoStep>;

export interface AutoPick {
  backend: BackendName;
  source: "probe" | "remembered" | "system-check" | "rule";
  rates?: Measurements;
  /** The sentence for the demo's notes (none for the rule). */
  note?: string;
  /** Tensors the probe left behind (0 unless it leaks). */
  leaked?: number;
  /** The probe's per-backend warm-up times and leaks (for tests and the curious). */
  details?: unknown;
}

export async function pickAuto(
  kind: string,
  root: HTMLElement,
  probe: ProbeRuntime | undefined,
  options: { measureAgain: boolean; status(text: string): void },
): Promise<AutoPick> {
  const remembered = options.measureAgain ? undefined : recallProbe(kind);
  if (remembered) {
    const when = new Date(remembered.at).toLocaleString();
    return {
      backend: remembered.picked,
      source: "remembered",
      rates: remembered.rates,
      note: `Auto, as measured in this browser on ${when}: ` +
        `${describeRates(remembered.rates, remembered.picked)}.`,
    };
  }
  const check = options.measureAgain ? undefined : recallSystemCheck();
  if (check) {
    return {
      backend: check.picked,
      source: "system-check",
      rates: check.rates,
      note: `Auto, from your system check (lecture 2's training step): ` +
        `${describeRates(check.rates, check.picked)}.`,
    };
  }
  if (!probe) return { backend: recallAnyPick() ?? "wasm", source: "rule" };
  options.status("Auto: timing this demo's training step on each backend (about 2 s)…");
  const { probeBackends } = await import("./probe.ts");
  const outcome = await probeBackends(() => probe(root));
  rememberProbe(kind, outcome.rates, outcome.picked);
  return {
    backend: outcome.picked,
    source: "probe",
    rates: outcome.rates,
    leaked: outcome.leaked,
    details: outcome.details,
    note: `Measured: ${describeRates(outcome.rates, outcome.picked)}.`,
  };
}
