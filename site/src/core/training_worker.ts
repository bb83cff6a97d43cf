/// <reference path="../env.d.ts" />
/**
 * The plumbing shared by the demos that train in a worker (the CNF of lecture 7 and the ANODE of
 * lecture 8) — both sides of it, so that the two demos start, report and fail alike:
 *
 * - in the worker: initialising the backend the page asked for (cpu as the fallback, with a note
 *   for each that failed), and a message queue that handles messages one at a time while
 *   letting the urgent ones (pause, a new learning rate) reach a running training loop;
 * - on the page: sending the worker its init message, showing its notes, waiting until it is
 *   ready, and dropping the messages of a model the page has replaced.
 */
import * as tf from "@tensorflow/tfjs";
import { type BackendName, initBackend } from "../../../lib/backend.ts";
import type { DemoContext } from "./shell.ts";

/** The messages every training worker sends besides its own. */
export type WorkerStatus =
  | { type: "ready"; backend: string; notes: string[] }
  | { type: "error"; message: string };

/** An error's message, as a worker sends it to the page. */
export const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * In the worker: makes the page's backend (then cpu) the worker's, in production mode; the
 * "ready" message to send, with a note for every backend that failed.
 */
export async function initWorkerBackend(
  backend: BackendName,
  wasmPaths: string,
): Promise<WorkerStatus & { type: "ready" }> {
  tf.enableProdMode();
  const report = await initBackend({
    order: [backend, "cpu"].filter((b, i, a) => a.indexOf(b) === i) as BackendName[],
    wasmPaths,
  });
  const notes = report.attempts.filter((a) => !a.ok).map((a) =>
    `the training worker could not use ${a.name} (${a.reason}); it runs on ${report.name}.`
  );
  return { type: "ready", backend: report.name, notes };
}

/**
 * In the worker: handles the page's messages one after another with `handle`, except those
 * `urgent` takes (and returns true for), which must reach a running loop at once. A failure is
 * passed to `fail` (which tells the page).
 */
export function queueMessages<T>(
  handle: (msg: T) => Promise<void>,
  urgent: (msg: T) => boolean,
  fail: (error: unknown) => void,
): void {
  let queue = Promise.resolve();
  self.onmessage = (event: MessageEvent<T>) => {
    const msg = event.data;
    if (urgent(msg)) return;
    queue = queue.then(() => handle(msg)).catch(fail);
  };
}

/**
 * On the page: initialises `worker` with the message `init` makes from the page's backend and the
 * URL of tfjs's wasm files, shows the worker's notes, and resolves with the backend it runs on
 * (also the frame's data-worker-backend). Every later message that `current` accepts (not one of
 * a replaced model) goes to `onMessage`, "error" included.
 */
export async function connectWorker<From extends { type: string }, To>(
  ctx: DemoContext,
  worker: Worker,
  init: (backend: BackendName, wasmPaths: string) => To,
  onMessage: (msg: From) => void,
  current: (msg: From) => boolean,
): Promise<string> {
  const ready = new Promise<string>((resolve, reject) => {
    worker.onerror = (event) => reject(new Error(`the training worker failed: ${event.message}`));
    worker.onmessage = (event: MessageEvent<From | WorkerStatus>) => {
      const msg = event.data as From;
      if (!current(msg)) return;
      // The channel carries initWorker's status as well as the demo's messages (From), and
      // `current` filters both: From does not name the status, hence the cast.
      const status = msg as unknown as WorkerStatus;
      if (status.type !== "ready") return onMessage(msg);
      for (const n of status.notes) ctx.note(n, "warn");
      resolve(status.backend);
    };
  });
  const wasmPaths = new URL(`${import.meta.env.BASE_URL}tfjs-wasm/`, location.href).href;
  worker.postMessage(init(ctx.backend as BackendName, wasmPaths));
  const backend = await ready;
  ctx.metric("workerBackend", backend);
  return backend;
}

/**
 * In the worker: the training loop's switch. `run` trains while `running` holds; `start` runs it
 * without awaiting it (the message queue must stay free for the messages that stop it), and a
 * failure clears `running` and goes to `fail`.
 */
export class WorkerLoop {
  running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly fail: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run().catch((error) => {
      this.running = false;
      this.fail(error);
    });
  }

  /** Stops after the current step; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}
