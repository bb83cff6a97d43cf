/// <reference path="../env.d.ts" />
/**
 * Mine build only: the line under a demo's title that says whose code it runs ("your eulerStep
 * (exercise 1.1) · library rkStages (exercise 2.1)"), and, when one of the learner's functions
 * failed here, what happened and that the library's runs instead. core/shell.ts attaches it to
 * every demo frame of a mine build.
 */
import { DEMO_TASKS } from "./demo_tasks.ts";
import { fallbackOf, isLive, onFallback, taskById } from "./registry.ts";

/** The label's text: each task's function, yours or the library's. */
export function whoseCode(ids: readonly string[]): string {
  return ids.map((id) => {
    const task = taskById(id);
    const name = task?.name ?? `task ${id}`;
    return `${isLive(id) ? "your" : "library"} ${name} (exercise ${id})`;
  }).join(" · ");
}

export function attachMineLabel(root: HTMLElement): void {
  const ids = DEMO_TASKS[root.dataset.demo ?? ""] ?? [];
  if (ids.length === 0) return;
  const label = document.createElement("p");
  label.className = "demo-mine";
  label.dataset.role = "mine";
  label.style.cssText = "font-size: 0.85em; margin: 0.2rem 0; color: #555;";
  const problems = document.createElement("div");
  problems.dataset.role = "mine-fallbacks";
  const all = document.createElement("a");
  all.href = `${import.meta.env.BASE_URL}mine/`;
  all.textContent = "all your functions";
  const render = () => {
    label.replaceChildren(`Runs ${whoseCode(ids)} (`, all, ")");
    label.dataset.live = ids.filter(isLive).join(" ");
    problems.replaceChildren(
      ...ids.flatMap((id) => {
        const fallback = fallbackOf(id);
        if (!fallback) return [];
        const p = document.createElement("p");
        p.className = "demo-note error";
        p.dataset.task = id;
        p.textContent = `Your ${fallback.name} (exercise ${id}) failed here and the library's ` +
          `runs instead for the rest of this session: ${fallback.message}`;
        return [p];
      }),
    );
  };
  render();
  onFallback(render);
  root.querySelector(".demo-head")?.after(label, problems);
}
