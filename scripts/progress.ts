/** A one-line terminal progress bar for training: iteration, loss terms, ETA. */
import type { ProgressInfo } from "../lib/train/loop.ts";

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

function number(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(3) : x.toPrecision(3);
}

/** Formats one progress line (no terminal control characters). */
export function progressLine(label: string, p: ProgressInfo, width = 24): string {
  const done = Math.round((p.iteration / p.iterations) * width);
  const bar = "█".repeat(done) + "░".repeat(width - done);
  const terms = p.terms
    ? " (" + Object.entries(p.terms).map(([k, v]) => `${k} ${number(v)}`).join(", ") + ")"
    : "";
  return `${label} ${bar} ${p.iteration}/${p.iterations} loss ${number(p.loss)}${terms} ` +
    `${duration(p.elapsedMs)} elapsed, ETA ${duration(p.etaMs)}`;
}

/** Rewrites the current stderr line on a terminal; prints every 10% otherwise (CI logs). */
export function progressPrinter(label: string): (p: ProgressInfo) => void {
  const tty = Deno.stderr.isTerminal();
  const encoder = new TextEncoder();
  let lastTenth = -1;
  return (p) => {
    const line = progressLine(label, p);
    if (tty) {
      Deno.stderr.writeSync(
        encoder.encode(`\r\x1b[2K${line}${p.iteration === p.iterations ? "\n" : ""}`),
      );
    } else {
      const tenth = Math.floor((10 * p.iteration) / p.iterations);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        console.error(line);
      }
    }
  };
}
