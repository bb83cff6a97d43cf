/// <reference path="../env.d.ts" />
/**
 * The page's tfjs backend for demos, loaded on demand (this module pulls in tfjs: import it
 * dynamically). "auto" is measured before it gets here (shell.ts, probe.ts) and arrives as the
 * backend it picked; AUTO_ORDER is only the fall-through after a backend that fails. A reader or
 * a test can force one with the demo's selector or `?backend=webgpu|webgl|wasm|cpu`. A backend
 * that fails to initialise falls through to the next, and the notes say so.
 */
import * as tf from "@tensorflow/tfjs";
import { type BackendName, type BackendReport, initBackend } from "../../../lib/backend.ts";
import { wasmThreadsChoice } from "./wasm_threads.ts";

export type BackendChoice = "auto" | BackendName;

const AUTO_ORDER: BackendName[] = ["webgpu", "webgl", "cpu"];

/** The order tried for a choice: a forced backend first, then what auto would try after it. */
export function orderFor(choice: BackendChoice): BackendName[] {
  if (choice === "auto") return AUTO_ORDER;
  if (choice === "wasm") return ["wasm", "cpu"];
  const rest = AUTO_ORDER.slice(AUTO_ORDER.indexOf(choice) + 1);
  return [choice, ...rest.filter((b) => b !== choice)];
}

export interface ActiveBackend {
  choice: BackendChoice;
  report: BackendReport;
  /** One line per backend that was tried and failed. */
  notes: string[];
}

let active: Promise<ActiveBackend> | undefined;
let activeChoice: BackendChoice | undefined;
let activeName: string | undefined;

/**
 * Makes `choice` the page's backend (once; later calls with the same choice reuse it). Switching
 * fires a "demo-backend-change" event on window so that other demos drop their tensors.
 */
export function ensureBackend(choice: BackendChoice): Promise<ActiveBackend> {
  // The probe of "auto" switches tfjs's backend behind this cache: reuse it only if still active.
  // (activeName is undefined while the backend is still starting.)
  const current = activeName === undefined || tf.getBackend() === activeName;
  if (active && activeChoice === choice && current) return active;
  const previous = active === undefined ? undefined : activeName;
  activeChoice = choice;
  activeName = undefined;
  active = (async () => {
    tf.enableProdMode();
    const wasmPaths = `${import.meta.env.BASE_URL}tfjs-wasm/`;
    const report = await initBackend({
      order: orderFor(choice),
      wasmPaths,
      wasmThreads: wasmThreadsChoice(),
    });
    const notes = report.attempts.filter((a) => !a.ok).map((a) =>
      `${a.name} could not be initialised (${a.reason}); fell back to the next backend.`
    );
    activeName = report.name;
    if (previous !== undefined && previous !== report.name) {
      globalThis.dispatchEvent(new CustomEvent("demo-backend-change", { detail: choice }));
    }
    return { choice, report, notes };
  })();
  active.catch(() => {
    active = undefined;
    activeChoice = undefined;
    activeName = undefined;
  });
  return active;
}

export { tf };
