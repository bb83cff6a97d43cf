/**
 * `deno task kit:timing`: how long grading takes, as a table (not a test: timings depend on the
 * machine and its load). Rows: the whole kit against the stubs (every exercise run, as when
 * every one has been started) and against the solutions, then each exercise alone, all without
 * type-checking (as the grader runs); `--with-check` adds the whole kit type-checked (as
 * tests/kit and a plain `deno test` run). Concurrency is the grader's (the number of cores, at
 * least 2).
 *
 *   deno task kit:timing [--repeat N] [--with-check]   (median of N runs, default 1)
 */
import { EXERCISES } from "../../exercises/_kit/catalog.ts";
import { gradeAll } from "./grade.ts";
import type { Mode } from "./runner.ts";

const repeat = Number(Deno.args[Deno.args.indexOf("--repeat") + 1]) || 1;

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    await fn();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const rows: string[][] = [];
const load = () => {
  try {
    return Deno.loadavg()[0].toFixed(1);
  } catch {
    return "?";
  }
};

for (const check of Deno.args.includes("--with-check") ? [false, true] : [false]) {
  for (const mode of ["exercises", "solutions"] as Mode[]) {
    let passed = 0;
    let total = 0;
    const s = await seconds(async () => {
      const grades = await gradeAll(EXERCISES, { mode, check, runUntouched: true });
      passed = grades.flatMap((g) => g.tasks).filter((t) => t.status === "done").length;
      total = grades.flatMap((g) => g.tasks).length;
    });
    rows.push([
      `whole kit (${EXERCISES.length} exercises)`,
      mode,
      check ? "yes" : "no",
      s.toFixed(1),
      `${passed}/${total} tasks pass`,
      load(),
    ]);
  }
}
for (const exercise of EXERCISES) {
  for (const mode of ["exercises", "solutions"] as Mode[]) {
    const s = await seconds(() => gradeAll([exercise], { mode, check: false, runUntouched: true }));
    rows.push([`exercise ${exercise.n} alone`, mode, "no", s.toFixed(1), "", load()]);
  }
}

const header = ["what", "mode", "type-check", "seconds", "result", "load"];
const width = header.map((h, c) => Math.max(h.length, ...rows.map((r) => [...r[c]].length)));
const line = (cells: string[]) =>
  `| ${cells.map((cell, c) => cell + " ".repeat(width[c] - [...cell].length)).join(" | ")} |`;
console.log(
  [line(header), line(width.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"),
);
console.log(
  `\n${navigator.hardwareConcurrency} cores; "load" is the 1-minute load average after the row ` +
    "(other jobs on the machine slow every row).",
);
