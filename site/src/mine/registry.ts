/// <reference path="../env.d.ts" />
/**
 * Mine build only: which of the learner's functions run on this page, and which fell back to the
 * library's after failing here. The build's grading comes in as import.meta.env.MINE_TASKS (see
 * site/integrations/mine.mjs); a fallback is kept for the rest of the browser session
 * (sessionStorage) and told to every page and worker of the site (BroadcastChannel), so a
 * function that failed in one demo is not tried again in another.
 */

export type MineStatus = "live" | "failing" | "todo";

/** One kit task as the mine build graded it (scripts/kit/mine.ts: MineTask, without paths). */
export interface MineTask {
  id: string;
  exercise: number;
  name: string;
  source: string;
  status: MineStatus;
  message?: string;
}

/** What a learner's function did on a page: it failed, and the library's runs instead. */
export interface Fallback {
  id: string;
  name: string;
  message: string;
}

export const MINE_TASKS: MineTask[] = JSON.parse(import.meta.env?.MINE_TASKS ?? "[]");

const STORE = "course-mine-fallbacks";
/** sessionStorage key: this build's fallbacks only (a rebuild tries the learner's code again). */
const SESSION_KEY = `${STORE}:${import.meta.env?.MINE_BUILD ?? ""}`;
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(STORE) : undefined;
const fallbacks = new Map<string, Fallback>();
const listeners = new Set<() => void>();

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined; // workers, or storage blocked
  }
}

for (const f of JSON.parse(storage()?.getItem(SESSION_KEY) ?? "[]") as Fallback[]) {
  fallbacks.set(f.id, f);
}

function remember(fallback: Fallback): void {
  if (fallbacks.has(fallback.id)) return;
  fallbacks.set(fallback.id, fallback);
  storage()?.setItem(SESSION_KEY, JSON.stringify([...fallbacks.values()]));
  for (const listener of listeners) listener();
}

channel?.addEventListener("message", (event) => remember((event as MessageEvent<Fallback>).data));

export function taskById(id: string): MineTask | undefined {
  return MINE_TASKS.find((t) => t.id === id);
}

/** True while the learner's function of task `id` runs in place of the library's. */
export function isLive(id: string): boolean {
  return taskById(id)?.status === "live" && !fallbacks.has(id);
}

export function fallbackOf(id: string): Fallback | undefined {
  return fallbacks.get(id);
}

export function allFallbacks(): Fallback[] {
  return [...fallbacks.values()];
}

/** Records that the learner's function failed; the library's runs from now on, everywhere. */
export function recordFallback(fallback: Fallback): void {
  console.warn(
    `--mine: your ${fallback.name} (exercise ${fallback.id}) failed: ${fallback.message}`,
  );
  remember(fallback);
  channel?.postMessage(fallback);
}

/** Calls `listener` whenever a fallback is recorded; returns the unsubscribe. */
export function onFallback(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
