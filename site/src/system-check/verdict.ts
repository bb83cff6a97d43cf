/**
 * The system check's plain-language verdict: from what each tfjs backend did on this device
 * (and whether the page runs in a secure context), what works, what to expect, and what to do.
 * Pure functions on plain data (no tfjs, no DOM), so the page and the Deno tests share them.
 */
export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";
export const BACKENDS: BackendName[] = ["webgpu", "webgl", "wasm", "cpu"];

export const LABELS: Record<BackendName, string> = {
  webgpu: "WebGPU",
  webgl: "WebGL",
  wasm: "WebAssembly",
  cpu: "CPU (plain JS)",
};

export interface BackendResult {
  backend: BackendName;
  /**
   * ok: every part ran and matched the reference; partial: training ran and matched but a solver
   * part failed (see `problems`); wrong: some numbers differ from the reference; failed: it
   * initialised but training broke; unavailable: it did not initialise; skipped: not asked for.
   */
  status: "ok" | "partial" | "unavailable" | "failed" | "wrong" | "skipped";
  reason?: string;
  /** Parts that threw, as "dopri5: message". */
  problems?: string[];
  initMs?: number;
  /** Wall time of the whole backend's check. */
  totalMs?: number;
  trainingStepsPerSecond?: number;
  rk4StepsPerSecond?: number;
  dopri5StepsPerSecond?: number;
  dopri5Nfe?: number;
  /** What the correctness check compared. */
  check?: string;
}

export interface Environment {
  /** window.isSecureContext: WebGPU, the offline cache and crypto.subtle need it. */
  secureContext: boolean;
  /** The page's origin, for the advice. */
  origin: string;
}

export interface Verdict {
  level: "ready" | "usable" | "slow" | "broken";
  headline: string;
  /** One line per thing to know or do, most important first. */
  advice: string[];
  /** The backend a demo's "auto" setting will use here. */
  autoBackend?: BackendName;
  fastestTraining?: BackendName;
}

export interface Comparison {
  ok: boolean;
  detail: string;
}

/** Largest relative difference of a against b (elementwise, |b| floored at 1e-6). */
export function maxRelativeDifference(a: number[], b: number[]): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-6);
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
  }
  return worst;
}

/**
 * The device's numbers against the build's cpu reference: training losses to 1e-3 relative
 * (float32 on a GPU rounds differently; a wrong kernel is off by far more), final states of the
 * solves to 1e-3, and dopri5's evaluation count within two steps (12 evaluations) of the
 * reference's.
 */
export function compareWithReference(
  device: { losses?: number[]; rk4?: number[]; dopri5?: number[]; nfe?: number },
  reference: { losses: number[]; rk4: number[]; dopri5: number[]; nfe: number },
): Comparison {
  const problems: string[] = [];
  const agreed: string[] = [];
  const within = (what: string, a: number[] | undefined, b: number[]) => {
    if (!a) return;
    const d = maxRelativeDifference(a, b);
    if (d <= 1e-3) agreed.push(`${what} within ${d.toExponential(1)}`);
    else problems.push(`${what} differ by ${Number.isFinite(d) ? d.toExponential(1) : "NaN"}`);
  };
  within("training losses", device.losses, reference.losses.slice(0, device.losses?.length));
  within("RK4 states", device.rk4, reference.rk4);
  within("dopri5 states", device.dopri5, reference.dopri5);
  if (device.nfe !== undefined) {
    if (Math.abs(device.nfe - reference.nfe) > 12) {
      problems.push(`dopri5 took ${device.nfe} evaluations, not ${reference.nfe}`);
    } else agreed.push(`dopri5 ${device.nfe} evaluations`);
  }
  return problems.length === 0
    ? { ok: true, detail: `matches the reference (${agreed.join(", ")})` }
    : { ok: false, detail: problems.join("; ") };
}

const fmt = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? "—" : x >= 100 ? x.toFixed(0) : x.toPrecision(3);

const ENABLE_WEBGPU = "Chrome and Edge 113+ have it on by default (see chrome://gpu; on Linux " +
  "enable chrome://flags/#enable-unsafe-webgpu and #enable-vulkan); Firefox: dom.webgpu.enabled " +
  "in about:config; Safari: Develop ▸ Feature Flags ▸ WebGPU";

export function verdict(results: BackendResult[], env: Environment): Verdict {
  const by = (b: BackendName) => results.find((r) => r.backend === b);
  const works = (b: BackendName) => ["ok", "partial"].includes(by(b)?.status ?? "");
  const advice: string[] = [];
  const usable = results.filter((r) => r.status === "ok" || r.status === "partial");
  if (!env.secureContext) {
    advice.push(
      `This page is not a secure context (${env.origin} is plain http and not localhost): ` +
        "browsers then hide WebGPU and refuse the offline copy. Open the site as " +
        "http://127.0.0.1:4321 on your own machine (deno task start), over https, or ask the " +
        "instructor (instructor guide: “Serving on the room's network”).",
    );
  }
  if (usable.length === 0) {
    return {
      level: "broken",
      headline: "No compute backend works in this browser: the live demos cannot run here.",
      advice: [
        ...advice,
        "Reload the page; update the browser or try another one (Chrome, Edge, Firefox); " +
        "the lectures and figures still work without the demos.",
      ],
    };
  }
  const fastest =
    [...usable].sort((a, b) =>
      (b.trainingStepsPerSecond ?? 0) - (a.trainingStepsPerSecond ?? 0)
    )[0];
  // A demo's "auto" reuses this check's training rates (page.ts stores them; core/auto.ts), and
  // they hold only backends that computed the reference: demos get the fastest correct one.
  const autoBackend = fastest?.backend;
  const gpu = by("webgpu");
  if (gpu?.status === "unavailable") {
    advice.push(
      works("webgl")
        ? `WebGPU unavailable (${gpu.reason}): enable it in your browser's settings — ` +
          `${ENABLE_WEBGPU}. Demos use the fastest of the others meanwhile (larger models may ` +
          "run slower than on WebGPU)."
        : `WebGPU unavailable (${gpu.reason}): enable it in your browser's settings — ` +
          `${ENABLE_WEBGPU}.`,
    );
  } else if (gpu?.status === "partial") {
    advice.push(
      `WebGPU trains correctly, but ${
        gpu.problems?.join("; ").replace(/\.$/, "")
      }. Adaptive solvers read one number ` +
        "back per step, which this browser's WebGPU cannot do reliably: the solver demos use the " +
        "CPU backend by default, which is the right choice here.",
    );
  } else if (gpu && gpu.status !== "ok" && gpu.status !== "skipped") {
    advice.push(
      `WebGPU starts but ${
        gpu.status === "wrong" ? `computes wrong numbers (${gpu.check})` : `fails (${gpu.reason})`
      }: choose “WebGL” or “WebAssembly” in the demos' backend selector, or add ` +
        "?backend=webgl to a lecture's address.",
    );
  }
  const webgl = by("webgl");
  if (webgl && ["wrong", "failed"].includes(webgl.status)) {
    advice.push(
      `WebGL ${webgl.status === "wrong" ? `computes wrong numbers (${webgl.check})` : "fails"}: ` +
        "pick WebAssembly or CPU in the demos' backend selector.",
    );
  }
  const gpuWorks = works("webgpu") || works("webgl");
  const gpuUnknown = ["webgpu", "webgl"].some((b) => by(b as BackendName)?.status === "skipped");
  if (!gpuWorks && !gpuUnknown) {
    advice.push(
      "No GPU backend works here, so demos run on the CPU: they work, but training is slower — " +
        "use “Load pretrained weights” where a demo offers it.",
    );
  }
  const autoOk = autoBackend !== undefined && works(autoBackend);
  const autoSpeed = autoOk ? by(autoBackend!)?.trainingStepsPerSecond ?? 0 : 0;
  const bestSpeed = fastest?.trainingStepsPerSecond ?? 0;
  if (bestSpeed < 3) {
    advice.push(
      `Training runs at ${fmt(bestSpeed)} steps/s at best: live training will be slow, so start ` +
        "from pretrained weights and train a few steps on top.",
    );
  }
  // "ready": auto's choice works and trains at a usable speed on a GPU.
  const level: Verdict["level"] = bestSpeed < 3
    ? "slow"
    : autoOk && autoSpeed >= 3 && gpuWorks
    ? "ready"
    : "usable";
  const pick = fastest ? LABELS[fastest.backend] : "";
  const headline = level === "ready"
    ? `Ready: demos run on ${LABELS[autoBackend!]}, ${fmt(autoSpeed)} training steps/s.`
    : level === "slow"
    ? "Works, slowly: the demos run, but live training will take a while."
    : autoOk && autoSpeed >= 3
    ? `Works: demos run on ${LABELS[autoBackend!]}, ${fmt(autoSpeed)} training steps/s.`
    : `Works with one change: pick ${pick} in the demos' backend selector (${
      fmt(bestSpeed)
    } training steps/s).`;
  if (advice.length === 0) advice.push("Nothing to do: enjoy the workshop.");
  return { level, headline, advice, autoBackend, fastestTraining: fastest?.backend };
}
