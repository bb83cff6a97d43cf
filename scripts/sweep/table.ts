/**
 * The sweep's live progress table: one row per trial (settings, status, held-out metric, time),
 * and a footer with trials done, elapsed time, ETA and the best so far. `SweepProgress` keeps
 * the state from the sweep's events and formats it (pure, testable); `tablePrinter` redraws it
 * in place on a terminal, or logs one line per event elsewhere (CI logs, nohup).
 */
import { durationText, metricText } from "../../lib/cards/format.ts";
import type { SweepEvent } from "./run.ts";

type Status = "queued" | "running" | "done" | "resumed" | "failed" | "stopped";

interface Row {
  index: number;
  label: string;
  status: Status;
  metric?: number | null;
  seconds?: number;
  iteration?: number;
  iterations?: number;
  etaMs?: number;
  elapsedMs?: number;
}

export class SweepProgress {
  readonly rows: Row[];
  private readonly started: number;

  constructor(
    labels: string[],
    readonly metric: string,
    readonly goal: "min" | "max",
    readonly now: () => number = () => performance.now(),
  ) {
    this.rows = labels.map((label, i) => ({ index: i + 1, label, status: "queued" }));
    this.started = now();
  }

  update(event: SweepEvent): void {
    const row = this.rows[event.index - 1];
    if (!row) return;
    switch (event.type) {
      case "trial-start":
        row.status = "running";
        break;
      case "trial-progress":
        Object.assign(row, {
          iteration: event.progress.iteration,
          iterations: event.progress.iterations,
          etaMs: event.progress.etaMs,
          elapsedMs: event.progress.elapsedMs,
        });
        break;
      case "trial-done":
      case "trial-resumed":
        row.status = event.type === "trial-resumed"
          ? "resumed"
          : event.record.metric === null
          ? "failed"
          : "done";
        row.metric = event.record.metric;
        row.seconds = event.record.wallTimeSeconds;
        break;
      case "stopped":
        row.status = "stopped";
        break;
    }
  }

  /** The best finished row (resumed ones included). */
  best(): Row | undefined {
    let best: Row | undefined;
    for (const r of this.rows) {
      if (typeof r.metric !== "number") continue;
      if (!best || (this.goal === "min" ? r.metric < best.metric! : r.metric > best.metric!)) {
        best = r;
      }
    }
    return best;
  }

  /** Seconds left: the running trial's own ETA plus the queued ones at the mean trial time. */
  etaSeconds(): number | undefined {
    const timed = this.rows.filter((r) => r.status === "done" || r.status === "failed");
    const running = this.rows.find((r) => r.status === "running");
    const queued = this.rows.filter((r) => r.status === "queued").length;
    const projected = running?.iterations && running.elapsedMs !== undefined
      ? (running.elapsedMs + (running.etaMs ?? 0)) / 1000
      : undefined;
    const mean = timed.length > 0
      ? timed.reduce((s, r) => s + (r.seconds ?? 0), 0) / timed.length
      : projected;
    if (mean === undefined) return undefined;
    const current = running ? (running.etaMs !== undefined ? running.etaMs / 1000 : mean) : 0;
    return current + queued * mean;
  }

  lines(): string[] {
    const best = this.best();
    const status = (r: Row) =>
      r.status === "running" && r.iterations ? `running ${r.iteration}/${r.iterations}` : r.status;
    const time = (r: Row) =>
      r.seconds !== undefined
        ? durationText(r.seconds)
        : r.elapsedMs !== undefined && r.status === "running"
        ? durationText(r.elapsedMs / 1000)
        : "";
    const cells = [
      ["#", "settings", "status", this.metric, "time"],
      ...this.rows.map((r) => [
        `${r.index}${r === best ? "★" : ""}`,
        r.label,
        status(r),
        typeof r.metric === "number" ? metricText(r.metric) : r.metric === null ? "—" : "",
        time(r),
      ]),
    ];
    const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => [...row[c]].length)));
    const pad = (s: string, w: number) => s + " ".repeat(w - [...s].length);
    const table = cells.map((row) => row.map((c, i) => pad(c, widths[i])).join("  ").trimEnd());
    const finished = this.rows.filter((r) => ["done", "resumed", "failed"].includes(r.status))
      .length;
    const eta = this.etaSeconds();
    const footer = [
      `${finished}/${this.rows.length} trials finished`,
      `elapsed ${durationText((this.now() - this.started) / 1000)}`,
      `ETA ${eta === undefined ? "—" : durationText(eta)}`,
    ];
    if (best) footer.push(`best #${best.index} ${best.label} → ${metricText(best.metric!)}`);
    return [...table, footer.join(" · ")];
  }
}

/**
 * Shows the table: redrawn in place (at most 4 times a second) when `tty`, otherwise one line
 * per trial event and per quarter of a trial's steps.
 */
export function tablePrinter(
  progress: SweepProgress,
  write: (text: string) => void,
  tty: boolean,
): { onEvent: (e: SweepEvent) => void; finish: () => void } {
  let drawn = 0;
  let lastDraw = 0;
  const draw = () => {
    const lines = progress.lines();
    const up = drawn > 0 ? `\x1b[${drawn}A` : "";
    write(up + lines.map((l) => `\r\x1b[2K${l}`).join("\n") + "\n");
    drawn = lines.length;
    lastDraw = performance.now();
  };
  const quarters = new Map<number, number>();
  return {
    onEvent(e) {
      progress.update(e);
      if (tty) {
        if (e.type !== "trial-progress" || performance.now() - lastDraw > 250) draw();
        return;
      }
      const row = progress.rows[e.index - 1];
      if (e.type === "trial-progress") {
        const q = Math.floor((4 * e.progress.iteration) / e.progress.iterations);
        if (q > (quarters.get(e.index) ?? 0) && q < 4) {
          quarters.set(e.index, q);
          write(
            `trial ${e.index}/${e.total} ${row.label}: step ${e.progress.iteration}/` +
              `${e.progress.iterations}, ETA ${durationText(progress.etaSeconds() ?? 0)}\n`,
          );
        }
        return;
      }
      const last = progress.lines().at(-1)!;
      const what = e.type === "trial-start"
        ? "started"
        : e.type === "stopped"
        ? "stopped"
        : `${progress.rows[e.index - 1].status}: ${progress.metric} ` +
          (typeof row.metric === "number" ? metricText(row.metric) : "—");
      write(`trial ${e.index}/${e.total} ${row.label} ${what} · ${last}\n`);
    },
    finish() {
      if (tty) draw();
      else write(progress.lines().join("\n") + "\n");
    },
  };
}
