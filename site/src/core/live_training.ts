/**
 * The live training loop of the demos that train on the page's main thread (VAE, ODE-VAE, Neural
 * ODE, latent ODE, ODE-Net). Each demo used to carry its own copy; it lives here once so that all
 * of them behave alike: one optimiser step per turn, a non-finite loss pauses the demo with the
 * same note, the frame's progress and a "step N · … · ms/step on <backend>" status after every
 * step (ms/step a moving average), and a frame yielded between steps so the page stays
 * responsive. What differs — the step itself, the status text, what to record and redraw — comes
 * in as callbacks.
 */
import { tf } from "./backend.ts";
import type { DemoContext } from "./shell.ts";

/** What one training step reports: its loss (a non-finite one stops training) and its time. */
export interface StepResult {
  loss: number;
  ms: number;
}

export interface LiveTrainingOptions<R extends StepResult> {
  ctx: DemoContext;
  /** One optimiser step (`trainer.step` is the number of steps before it). */
  trainStep(): Promise<R>;
  /** The status line's middle, between "step N · " and " · X ms/step on <backend>". */
  describe(step: number, result: R): string;
  /** After each finite step, counted in `step`: record it, redraw when due. */
  afterStep?(step: number, result: R): Promise<void> | void;
  /** Before the first step of every run (start or resume). */
  beforeRun?(): Promise<void> | void;
  /** When a run ends (paused or diverged): the last redraw. */
  afterRun?(): Promise<void> | void;
}

export interface LiveTraining {
  readonly running: boolean;
  /** Steps taken since the model was built (or `restart`). */
  readonly step: number;
  /** Starts or resumes the loop; a failure ends the demo in the error state. */
  start(): Promise<void>;
  /** Stops after the current step, with the state and status "Paused after N steps.". */
  pause(): void;
  /** Stops after the current step; resolves when the loop has ended. */
  stop(): Promise<void>;
  /** For a new model: the step count and the ms/step average start over. */
  restart(): void;
}

export function liveTraining<R extends StepResult>(options: LiveTrainingOptions<R>): LiveTraining {
  const { ctx } = options;
  let running = false;
  let loop: Promise<void> | undefined;
  let step = 0;
  let msPerStep = 0;

  const run = async () => {
    await options.beforeRun?.();
    while (running) {
      const result = await options.trainStep();
      if (!Number.isFinite(result.loss)) {
        running = false;
        ctx.setState("paused");
        ctx.note("The loss diverged (NaN): press Reset, or lower the learning rate.", "warn");
        break;
      }
      step++;
      msPerStep = msPerStep ? 0.9 * msPerStep + 0.1 * result.ms : result.ms;
      ctx.progress(step, result.loss);
      ctx.status(
        `step ${step} · ${options.describe(step, result)} · ` +
          `${msPerStep.toFixed(0)} ms/step on ${ctx.backend}`,
      );
      await options.afterStep?.(step, result);
      await tf.nextFrame();
    }
    await options.afterRun?.();
  };

  return {
    get running() {
      return running;
    },
    get step() {
      return step;
    },
    async start() {
      if (running) return;
      running = true;
      ctx.setState("running");
      loop = run().catch((e) => {
        running = false;
        ctx.fail(e);
      });
      await Promise.resolve();
    },
    pause() {
      running = false;
      ctx.setState("paused");
      ctx.status(`Paused after ${step} steps.`);
    },
    async stop() {
      running = false;
      await loop;
    },
    restart() {
      step = 0;
      msPerStep = 0;
    },
  };
}

/**
 * Times a costly redraw and says when the next one is due: `minMs` after the last one ended, or
 * `factor` times its duration if that is longer, which keeps drawing to a small share of the
 * time a training run takes. Used by the live training demos and their workers.
 */
export class Throttle {
  private last = 0;
  private cost = 0;

  constructor(readonly minMs: number, readonly factor = 0) {}

  /** Whether enough time has passed since the last run. */
  get due(): boolean {
    return performance.now() - this.last > Math.max(this.minMs, this.factor * this.cost);
  }

  /** Runs `work` now, recording when it ended and how long it took. */
  async run<T>(work: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    const result = await work();
    this.last = performance.now();
    this.cost = this.last - started;
    return result;
  }
}
