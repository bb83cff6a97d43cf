/**
 * The presenter view's arithmetic: where each section of a lecture sits in the workshop's
 * schedule, which section is on screen, and whether the instructor is ahead or behind. Pure
 * functions (minutes as numbers), shared by the page and the Deno tests.
 */
export interface Timing {
  section: string;
  minutes: number;
}

/** A section's planned window, in minutes after the workshop's start. */
export interface Window {
  start: number;
  end: number;
}

/** "09:30" → 570; anything else → undefined. */
export function parseClock(value: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : undefined;
}

/** Windows of the sections of a lecture that starts `offset` minutes into the workshop. */
export function sectionWindows(offset: number, timings: Timing[]): Window[] {
  let at = offset;
  return timings.map((t) => {
    const w = { start: at, end: at + t.minutes };
    at = w.end;
    return w;
  });
}

const normalise = (s: string) =>
  s.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, " ").trim();

/** The timing a page heading belongs to (same words, or one a prefix of the other), or -1. */
export function timingOfHeading(heading: string, timings: Timing[]): number {
  const h = normalise(heading);
  if (!h) return -1;
  return timings.findIndex((t) => {
    const s = normalise(t.section);
    return s === h || s.startsWith(h) || h.startsWith(s);
  });
}

/**
 * The section on screen: the last heading above `line` (pixels from the top of the viewport)
 * that names a timing. Headings naming none keep the previous section; before the first heading
 * it is section 0.
 */
export function currentSectionIndex(
  headings: { text: string; top: number }[],
  timings: Timing[],
  line: number,
  previous = 0,
): number {
  const passed = headings.filter((h) => h.top < line);
  if (passed.length === 0) return 0;
  for (let i = passed.length - 1; i >= 0; i--) {
    const index = timingOfHeading(passed[i].text, timings);
    if (index >= 0) return index;
  }
  return Math.min(previous, timings.length - 1);
}

export interface Pace {
  kind: "ahead" | "on-time" | "behind";
  /** Minutes ahead (kind "ahead"), left in the section ("on-time") or behind ("behind"). */
  minutes: number;
  text: string;
}

const plural = (m: number) => `${m} min`;

/**
 * Compares the clock with the plan: `elapsed` minutes since the workshop started, the section
 * on screen, and its planned window.
 */
export function describePace(
  elapsed: number,
  windows: Window[],
  section: number,
  timings: Timing[],
): Pace {
  const w = windows[Math.min(Math.max(section, 0), windows.length - 1)];
  const name = timings[section]?.section ?? "";
  if (elapsed < w.start) {
    const m = Math.round(w.start - elapsed);
    return {
      kind: "ahead",
      minutes: m,
      text: `Ahead by ${plural(m)}: “${name}” is planned to start later.`,
    };
  }
  if (elapsed <= w.end) {
    const m = Math.max(0, Math.round(w.end - elapsed));
    return { kind: "on-time", minutes: m, text: `On time: ${plural(m)} left for “${name}”.` };
  }
  const m = Math.round(elapsed - w.end);
  return {
    kind: "behind",
    minutes: m,
    text: `Behind by ${plural(m)}: “${name}” was planned to end ${plural(m)} ago.`,
  };
}
