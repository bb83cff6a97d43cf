/**
 * What "auto" measured, remembered in this browser (localStorage, no tfjs): each demo's own probe,
 * and the system check's training rates. A record carries the browser's user agent and is ignored
 * by another one (an updated browser may rank its backends differently). Storage may be blocked
 * (private windows, file://): then nothing is remembered and auto measures again.
 */
export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";
/** steps/s, or why there is no rate ("too slow", "unavailable", "failed"). */
export type Measurements = Partial<Record<BackendName, number | string>>;

export interface Remembered {
  rates: Measurements;
  picked: BackendName;
  /** ISO time of the measurement. */
  at: string;
  agent: string;
}

const PREFIX = "node-workshop:auto:";
const SYSTEM_CHECK = `${PREFIX}system-check`;

function read(key: string): Remembered | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? "null") as Remembered | null;
    return value?.agent === navigator.userAgent && value.rates && value.picked ? value : undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, rates: Measurements, picked: BackendName): void {
  const value: Remembered = {
    rates,
    picked,
    at: new Date().toISOString(),
    agent: navigator.userAgent,
  };
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage blocked: auto measures again next time.
  }
}

export const recallProbe = (kind: string) => read(PREFIX + kind);
export const rememberProbe = (kind: string, rates: Measurements, picked: BackendName) =>
  write(PREFIX + kind, rates, picked);
export function forgetProbe(kind: string): void {
  try {
    localStorage.removeItem(PREFIX + kind);
  } catch {
    // nothing was stored
  }
}

/** The fastest backend with a rate (undefined when none has one). */
export function fastestOf(rates: Measurements): BackendName | undefined {
  const ranked = Object.entries(rates).filter(([, r]) => typeof r === "number")
    .sort(([, a], [, b]) => (b as number) - (a as number));
  return ranked[0]?.[0] as BackendName | undefined;
}

export const recallSystemCheck = () => read(SYSTEM_CHECK);
/** The system check's lecture-2 training rates, so that demos' "auto" can use them. */
export function rememberSystemCheck(rates: Measurements): void {
  const picked = fastestOf(rates);
  if (picked) write(SYSTEM_CHECK, rates, picked);
}

/** Any demo's remembered pick (for the demos that do not train: they have no step to time). */
export function recallAnyPick(): BackendName | undefined {
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (key.startsWith(PREFIX) && key !== SYSTEM_CHECK) {
        const found = read(key);
        if (found) return found.picked;
      }
    }
  } catch {
    // storage blocked
  }
  return undefined;
}

const rate = (r: number) => r >= 10 ? r.toFixed(0) : r.toPrecision(2);

/** "wasm 88 steps/s, webgl 12, webgpu too slow → wasm", fastest first. */
export function describeRates(rates: Measurements, picked: BackendName): string {
  const entries = Object.entries(rates).sort(([, a], [, b]) =>
    (typeof b === "number" ? b : -1) - (typeof a === "number" ? a : -1)
  );
  let unit = " steps/s";
  const parts = entries.map(([name, r]) => {
    if (typeof r !== "number") return `${name} ${r}`;
    const text = `${name} ${rate(r)}${unit}`;
    unit = "";
    return text;
  });
  return `${parts.join(", ")} → ${picked}`;
}
