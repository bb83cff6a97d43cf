/**
 * The system check page's light part (no tfjs): reads what the browser exposes, runs the heavy
 * runtime on demand, fills the table, the verdict and a copyable report. Results are mirrored
 * into data attributes (data-state on the section; data-status, data-training, data-rk4,
 * data-dopri5 on each row) for the browser tests.
 *
 * `?run=1` starts the check on load; `?quick=1` times one step or solve each and checks only the
 * first loss; `?backends=wasm,cpu` checks only those (the tests use both).
 */
import type { ReferenceFigures, TrainingData } from "./bench.ts";
import { type Measurements, rememberSystemCheck } from "../core/auto_memory.ts";
import { type BackendName, type BackendResult, BACKENDS, LABELS, verdict } from "./verdict.ts";

const fmt = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? "—" : x >= 100 ? x.toFixed(0) : x.toPrecision(3);

function webgl2Available(): boolean {
  try {
    return document.createElement("canvas").getContext("webgl2") !== null;
  } catch {
    return false;
  }
}

function environmentLines(): Record<string, string> {
  const nav = navigator as Navigator & { gpu?: unknown; deviceMemory?: number };
  const offline = document.documentElement.dataset.offline ?? "unsupported";
  return {
    agent: navigator.userAgent,
    cores: `${navigator.hardwareConcurrency ?? "?"}` +
      (nav.deviceMemory ? ` · ${nav.deviceMemory} GB memory (rounded)` : ""),
    secure: isSecureContext
      ? "yes"
      : `no — ${location.origin} is plain http and not localhost, so WebGPU and the offline ` +
        "copy are switched off",
    webgpu: nav.gpu ? "yes (navigator.gpu)" : "no",
    webgl: webgl2Available() ? "yes" : "no",
    offline: {
      ready: "ready: every lecture, figure and weight file is stored in this browser",
      registering: "being stored…",
      unavailable: "could not be stored (private window, or storage blocked)",
      unsupported: isSecureContext
        ? "not supported by this browser"
        : "off (needs a secure context: https or localhost)",
    }[offline] ?? offline,
  };
}

function reportText(results: BackendResult[], headline: string, advice: string[]): string {
  const env = environmentLines();
  const rows = results.map((r) =>
    `| ${r.backend} | ${r.status} | ${fmt(r.trainingStepsPerSecond)} | ` +
    `${fmt(r.rk4StepsPerSecond)} | ${fmt(r.dopri5StepsPerSecond)} | ` +
    `${[r.check, r.reason].filter(Boolean).join(" · ")} | ` +
    `${r.totalMs ? `${(r.totalMs / 1000).toFixed(1)} s` : "—"} |`
  );
  return [
    `System check, ${new Date().toISOString()}`,
    `${env.agent}`,
    `threads ${env.cores}; secure context ${isSecureContext}; offline ${
      document.documentElement.dataset.offline ?? "unsupported"
    }`,
    "",
    "| backend | status | training steps/s | RK4 steps/s | dopri5 steps/s | numbers | time |",
    "| --- | --- | ---: | ---: | ---: | --- | ---: |",
    ...rows,
    "",
    headline,
    ...advice.map((a) => `- ${a}`),
  ].join("\n");
}

export function mountSystemCheck(root: HTMLElement): void {
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const runButton = $<HTMLButtonElement>('[data-action="run"]');
  const copyButton = $<HTMLButtonElement>('[data-action="copy"]');
  const status = $('[data-role="status"]');
  const report = $('[data-role="report"]');
  const params = new URLSearchParams(location.search);
  const quick = params.has("quick");
  const { data, reference } = JSON.parse(
    document.querySelector('[data-role="check-data"]')!.textContent!,
  ) as { data: TrainingData; reference: ReferenceFigures };

  const showEnvironment = () => {
    for (const [key, text] of Object.entries(environmentLines())) {
      const dd = root.querySelector<HTMLElement>(`[data-env="${key}"]`);
      if (dd) dd.textContent = text;
    }
  };
  showEnvironment();
  // The offline state changes while the service worker installs.
  new MutationObserver(showEnvironment).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["data-offline"],
  });

  const row = (b: BackendName) => root.querySelector<HTMLElement>(`tr[data-backend="${b}"]`)!;
  const cell = (b: BackendName, role: string) =>
    row(b).querySelector<HTMLElement>(`[data-role="${role}"]`)!;

  const showResult = (r: BackendResult) => {
    const tr = row(r.backend);
    tr.dataset.status = r.status;
    cell(r.backend, "status").textContent = {
      ok: "works",
      partial: "works, partly",
      unavailable: "unavailable",
      failed: "failed",
      wrong: "wrong numbers",
      skipped: "skipped",
    }[r.status];
    const figures: [string, number | undefined][] = [
      ["training", r.trainingStepsPerSecond],
      ["rk4", r.rk4StepsPerSecond],
      ["dopri5", r.dopri5StepsPerSecond],
    ];
    for (const [role, value] of figures) {
      cell(r.backend, role).textContent = fmt(value);
      if (value !== undefined) tr.dataset[role] = String(value);
    }
    cell(r.backend, "check").textContent = [r.check, r.reason].filter(Boolean).join(" · ");
  };

  let lastReport = "";
  const run = async () => {
    runButton.disabled = true;
    copyButton.disabled = true;
    root.dataset.state = "running";
    for (const b of BACKENDS) {
      row(b).dataset.status = "pending";
      cell(b, "status").textContent = "waiting";
    }
    status.textContent = "Loading TensorFlow.js…";
    try {
      const { runSystemCheck } = await import("./check.runtime.ts");
      const results = await runSystemCheck({
        data,
        reference,
        budget: quick
          ? { steps: 1, ms: 0, checkedSteps: 1, warmup: false }
          : { steps: 30, ms: 4000 },
        only: params.get("backends")?.split(",").filter((b): b is BackendName =>
          (BACKENDS as string[]).includes(b)
        ),
        initTimeoutMs: 20_000,
        onUpdate(update) {
          if (update.status === "running") {
            row(update.backend).dataset.status = "running";
            cell(update.backend, "status").textContent = `running: ${update.phase}`;
            status.textContent = `${LABELS[update.backend]}: ${update.phase}…`;
          } else {
            showResult(update);
          }
        },
      });
      // The demos' "auto" reuses these rates (lecture 2's step); a wrong backend is never picked.
      const rates: Measurements = {};
      for (const r of results) {
        if (r.status === "skipped") continue;
        const correct = r.status === "ok" || r.status === "partial";
        rates[r.backend] = correct && r.trainingStepsPerSecond
          ? r.trainingStepsPerSecond
          : r.status;
      }
      rememberSystemCheck(rates);
      const v = verdict(results, { secureContext: isSecureContext, origin: location.origin });
      const box = $('[data-role="verdict"]');
      box.hidden = false;
      box.dataset.level = v.level;
      $('[data-role="headline"]').textContent = v.headline;
      const list = $('[data-role="advice"]');
      list.replaceChildren(
        ...v.advice.map((a) => Object.assign(document.createElement("li"), { textContent: a })),
      );
      root.dataset.verdict = v.level;
      root.dataset.auto = v.autoBackend ?? "";
      lastReport = reportText(results, v.headline, v.advice);
      report.textContent = lastReport;
      status.textContent = "Done. Run it again any time, e.g. after changing a browser setting.";
      root.dataset.state = "done";
      copyButton.disabled = false;
    } catch (error) {
      root.dataset.state = "error";
      status.textContent = `The check itself failed: ${(error as Error).message}. Reload and ` +
        "try again, or copy this line to the instructor.";
    } finally {
      runButton.disabled = false;
      runButton.textContent = "Run the check again";
    }
  };

  runButton.addEventListener("click", () => void run());
  copyButton.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(lastReport);
      copyButton.textContent = "Copied";
    } catch {
      // No clipboard permission (or not a secure context): let the learner copy by hand.
      const details = root.querySelector("details");
      if (details) details.open = true;
      getSelection()?.selectAllChildren(report);
      copyButton.textContent = "Selected: press Ctrl+C";
    }
    setTimeout(() => (copyButton.textContent = "Copy results"), 2500);
  });
  if (params.has("run")) void run();
}
