/// <reference path="../env.d.ts" />
/**
 * The protocol of the demos that train in a worker (the CNF of lecture 7 and the ANODE of
 * lecture 8) — both sides of it, so that the demos start, pause, reset, load weights, report and
 * fail alike, and each demo's files hold only its own messages:
 *
 * - in the worker (`TrainingWorker`): "init" makes the page's backend the worker's (cpu as the
 *   fallback, with a note for each that failed), builds the demo and answers "ready"; "run" starts
 *   the demo's training loop, "pause" stops it after the current step; "reset" and "pretrained"
 *   replace the model under a new `generation` and end with "paused"; a failure becomes "error".
 *   Messages are handled one at a time, except the urgent ones (pause, the demo's own), which
 *   must reach a running loop at once.
 * - on the page (`TrainingWorkerPage`): sends "init", shows the worker's notes, waits for
 *   "ready", handles "paused" and "error", and drops the messages of a model it has replaced.
 *
 * `generation` counts model resets: the worker stamps what it sends about a model with it, so the
 * page can drop a replaced model's late messages.
 */
import * as tf from "@tensorflow/tfjs";
import { type BackendName, initBackend } from "../../../lib/backend.ts";
import type { DemoContext } from "./shell.ts";
import { wasmThreadsChoice } from "./wasm_threads.ts";

/** What a training demo adds to the shared protocol. */
export interface WorkerProtocol {
  /** Fields of "init" besides the backend: the demo's configuration. */
  init: object;
  /** Fields of "reset" and "pretrained" besides the generation (e.g. the settings to build with). */
  change: object;
  /** The demo's own messages to the worker. */
  toWorker: { type: string };
  /** The demo's own messages to the page (those about a model stamped with its generation). */
  fromWorker: { type: string };
}

/** The messages every training worker takes besides the demo's own. */
export type WorkerCommand<P extends WorkerProtocol> =
  | ({ type: "init"; backend: BackendName; wasmPaths: string; wasmThreads?: number } & P["init"])
  | { type: "run" }
  | { type: "pause" }
  | ({ type: "reset"; generation: number } & P["change"])
  | ({ type: "pretrained"; generation: number } & P["change"]);

/** The messages every training worker sends besides the demo's own. */
export type WorkerStatus =
  | { type: "ready"; backend: string; notes: string[]; wasmThreads?: number }
  | { type: "error"; message: string }
  | { type: "paused"; generation: number; step: number; reason?: "diverged" };

export type ToWorker<P extends WorkerProtocol> = WorkerCommand<P> | P["toWorker"];
export type FromWorker<P extends WorkerProtocol> = WorkerStatus | P["fromWorker"];

const COMMANDS = new Set(["init", "run", "pause", "reset", "pretrained"]);

/** An error's message, as a worker sends it to the page. */
const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * In the worker: makes the page's backend (then cpu) the worker's, in production mode; the
 * "ready" message to send, with a note for every backend that failed.
 */
async function initWorkerBackend(
  backend: BackendName,
  wasmPaths: string,
  wasmThreads: number | undefined,
): Promise<WorkerStatus & { type: "ready" }> {
  tf.enableProdMode();
  const report = await initBackend({
    order: [backend, "cpu"].filter((b, i, a) => a.indexOf(b) === i) as BackendName[],
    wasmPaths,
    wasmThreads,
  });
  const notes = report.attempts.filter((a) => !a.ok).map((a) =>
    `the training worker could not use ${a.name} (${a.reason}); it runs on ${report.name}.`
  );
  return { type: "ready", backend: report.name, notes, wasmThreads: report.wasmThreads };
}

/** What a demo's worker module supplies; `TrainingWorker` runs the protocol around it. */
export interface WorkerDemo<P extends WorkerProtocol> {
  /** "init", before the backend starts: keep the page's configuration. */
  configure(init: P["init"]): void;
  /** After the backend started: the data and the first model. */
  setup(): void;
  /** "reset": a fresh model built with the page's change (the worker then snapshots). */
  reset(change: P["change"]): void;
  /** "pretrained": the shipped model, evaluated; posts the demo's own result. */
  pretrained(change: P["change"]): Promise<void>;
  /** Trains while `running` holds; ends by posting "paused". */
  run(): Promise<void>;
  /** Sends the model's current state to the page. */
  snapshot(): Promise<unknown>;
  /** Training steps of the current model. */
  step(): number;
  /** The demo's own messages that must reach a running loop (handled here: return true). */
  urgent?(msg: P["toWorker"]): boolean;
  /** The demo's other messages, in turn with the rest. */
  handle?(msg: P["toWorker"]): Promise<void>;
}

/** The worker side: one per worker module, serving one demo. */
export class TrainingWorker<P extends WorkerProtocol> {
  /** The current model's generation (set by the page's "reset", "pretrained" or own messages). */
  generation = 0;
  /** The training loop runs while this holds. */
  running = false;
  private loop: Promise<void> | undefined;
  private demo: WorkerDemo<P> | undefined;

  // The site's modules are typed with the "dom" lib, where `self` is a Window; in a worker it is
  // a DedicatedWorkerGlobalScope (the "webworker" lib, which cannot share a program with "dom").
  post(message: FromWorker<P>, transfer: Transferable[] = []): void {
    (self as unknown as Worker).postMessage(message, transfer);
  }

  /** Tells the page the loop stopped (after `reason`, if any). */
  paused(reason?: "diverged"): void {
    const step = this.demo!.step();
    this.post(
      reason
        ? { type: "paused", generation: this.generation, step, reason }
        : { type: "paused", generation: this.generation, step },
    );
  }

  /** Handles the page's messages with `demo` from now on. */
  serve(demo: WorkerDemo<P>): void {
    this.demo = demo;
    let queue = Promise.resolve();
    self.onmessage = (event: MessageEvent<ToWorker<P>>) => {
      const msg = event.data;
      if (this.urgent(msg)) return;
      queue = queue.then(() => this.handle(msg)).catch((error) => this.fail(error));
    };
  }

  /**
   * Stops the loop, then replaces the model under `generation` (`rebuild`), snapshots it and
   * reports "paused" — a reset, or a demo's own change that needs a new model.
   */
  async restart(generation: number, rebuild: () => void): Promise<void> {
    await this.stop();
    this.generation = generation;
    rebuild();
    await this.demo!.snapshot();
    this.paused();
  }

  private urgent(msg: ToWorker<P>): boolean {
    if (msg.type === "pause") {
      this.running = false;
      return true;
    }
    return !COMMANDS.has(msg.type) && (this.demo!.urgent?.(msg as P["toWorker"]) ?? false);
  }

  private async handle(message: ToWorker<P>): Promise<void> {
    const demo = this.demo!;
    if (!COMMANDS.has(message.type)) return demo.handle?.(message as P["toWorker"]);
    const msg = message as WorkerCommand<P>;
    switch (msg.type) {
      case "init": {
        demo.configure(msg);
        const ready = await initWorkerBackend(msg.backend, msg.wasmPaths, msg.wasmThreads);
        demo.setup();
        this.post(ready);
        return;
      }
      case "run":
        this.start();
        return;
      case "reset":
        return this.restart(msg.generation, () => demo.reset(msg));
      case "pretrained":
        await this.stop();
        this.generation = msg.generation;
        await demo.pretrained(msg);
        this.paused();
        return;
    }
  }

  private fail(error: unknown): void {
    this.running = false;
    this.post({ type: "error", message: errorText(error) });
  }

  /** Runs the demo's loop without awaiting it: the queue must stay free for what stops it. */
  private start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.demo!.run().catch((error) => this.fail(error));
  }

  /** Stops after the current step; resolves when the loop has ended. */
  private async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/**
 * The page side of a training worker: starts it, runs the shared commands, handles "paused" and
 * "error", and passes the demo's own messages of the current model to the demo.
 */
export class TrainingWorkerPage<P extends WorkerProtocol> {
  /** The generation of the model the page shows; older messages are dropped. */
  generation = 0;
  /** Whether the worker's loop runs (as far as the page knows). */
  running = false;
  private disposed = false;
  private onPaused: (() => void) | undefined;

  constructor(private readonly ctx: DemoContext, private readonly worker: Worker) {}

  send(msg: ToWorker<P>): void {
    this.worker.postMessage(msg);
  }

  /**
   * Initialises the worker with the page's backend, the URL of tfjs's wasm files and the demo's
   * `init`, shows the worker's notes, and resolves with the backend it runs on (also the frame's
   * data-worker-backend). Every later message of the current model that is not "paused" or
   * "error" goes to `onMessage`.
   */
  async connect(init: P["init"], onMessage: (msg: P["fromWorker"]) => void): Promise<string> {
    const ctx = this.ctx;
    const ready = new Promise<string>((resolve, reject) => {
      this.worker.onerror = (event) =>
        reject(new Error(`the training worker failed: ${event.message}`));
      this.worker.onmessage = (event: MessageEvent<FromWorker<P>>) => {
        const msg = event.data;
        if (this.disposed) return;
        if ("generation" in msg && msg.generation !== this.generation) return;
        if (!isStatus(msg)) return onMessage(msg);
        switch (msg.type) {
          case "ready":
            for (const n of msg.notes) ctx.note(n, "warn");
            // The worker's own figure: it, not the page, runs the training.
            if (msg.wasmThreads) ctx.metric("wasmThreads", msg.wasmThreads);
            resolve(msg.backend);
            return;
          case "paused":
            this.running = false;
            if (msg.reason === "diverged") {
              ctx.note("The loss diverged (NaN): press Reset, or lower the learning rate.", "warn");
            }
            ctx.setState("paused");
            this.onPaused?.();
            return;
          case "error":
            this.running = false;
            ctx.fail(new Error(msg.message));
            return;
        }
      };
    });
    const wasmPaths = new URL(`${import.meta.env.BASE_URL}tfjs-wasm/`, location.href).href;
    const backend = ctx.backend as BackendName;
    this.send({ type: "init", backend, wasmPaths, wasmThreads: wasmThreadsChoice(), ...init });
    const name = await ready;
    ctx.metric("workerBackend", name);
    return name;
  }

  /** Starts the loop (false if it runs already). */
  start(): boolean {
    if (this.running) return false;
    this.running = true;
    this.ctx.setState("running");
    this.send({ type: "run" });
    return true;
  }

  pause(): void {
    this.send({ type: "pause" });
    this.ctx.status("Pausing after the current step…");
  }

  /** A new model's generation: from now on, the old model's messages are dropped. */
  nextGeneration(): number {
    return ++this.generation;
  }

  /** Sends "reset" or "pretrained" for a new model; resolves when the worker has paused. */
  async replace(type: "reset" | "pretrained", change: P["change"]): Promise<void> {
    const paused = new Promise<void>((resolve) => (this.onPaused = resolve));
    const generation = this.nextGeneration();
    this.send(
      type === "reset" ? { type, generation, ...change } : { type, generation, ...change },
    );
    await paused;
  }

  dispose(): void {
    this.disposed = true;
    this.worker.terminate();
  }
}

const STATUS = new Set(["ready", "paused", "error"]);
function isStatus<P extends WorkerProtocol>(msg: FromWorker<P>): msg is WorkerStatus {
  return STATUS.has(msg.type);
}
