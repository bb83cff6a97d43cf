/**
 * The workshop plan: every lecture in teaching order with its minutes and the break after it,
 * derived from the lectures' frontmatter (src/content/lectures/*.mdx), where numbers, titles and
 * minutes are written once. The site passes the content collection's entries
 * (lecturePlan() in ./lectures.ts); Deno code without Astro passes scripts/lectures.ts's reading
 * of the same files. No Astro import here, so tests can run the arithmetic.
 */

/** The frontmatter fields the plan reads (a lecture's entry in either reader). */
export interface LectureFields {
  n: number;
  title: string;
  planTitle?: string;
  summary: string;
  planSummary?: string;
  minutes: number;
  breakAfter?: number;
}

export interface PlannedLecture {
  /** Lecture number, 0-based, as in the original Neural-ODE tutorial. */
  n: number;
  title: string;
  /** One line on what the lecture covers. */
  summary: string;
  /** Teaching minutes. */
  minutes: number;
  /** Minutes of the break that follows (0: none). */
  breakAfter: number;
}

/** The plan of these lectures, by number. */
export function planOf(lectures: LectureFields[]): PlannedLecture[] {
  return lectures
    .map((l) => ({
      n: l.n,
      title: l.planTitle ?? l.title,
      summary: l.planSummary ?? l.summary,
      minutes: l.minutes,
      breakAfter: l.breakAfter ?? 0,
    }))
    .sort((a, b) => a.n - b.n);
}

/** The workshop's start time (minutes after midnight) for the printed schedule. */
export const START_MINUTES = 9 * 60;

export interface ScheduleRow {
  kind: "lecture" | "break";
  n?: number;
  title: string;
  start: number;
  minutes: number;
}

/** Lectures and breaks with clock times, in order. */
export function schedule(plan: PlannedLecture[], start = START_MINUTES): ScheduleRow[] {
  const rows: ScheduleRow[] = [];
  let clock = start;
  for (const l of plan) {
    rows.push({ kind: "lecture", n: l.n, title: l.title, start: clock, minutes: l.minutes });
    clock += l.minutes;
    if (l.breakAfter > 0) {
      const title = l.breakAfter >= 30 ? "Long break" : "Break";
      rows.push({ kind: "break", title, start: clock, minutes: l.breakAfter });
      clock += l.breakAfter;
    }
  }
  return rows;
}

/** "09:30" for 570. */
export function clockTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}
