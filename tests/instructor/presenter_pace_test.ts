/** The presenter view's schedule arithmetic (site/src/presenter/pace.ts). */
import assert from "node:assert/strict";
import {
  currentSectionIndex,
  describePace,
  parseClock,
  sectionWindows,
  timingOfHeading,
} from "../../site/src/presenter/pace.ts";
import { planOf, schedule, START_MINUTES } from "../../site/src/build/plan.ts";
import { readLectures } from "../../scripts/lectures.ts";

const plan = planOf(readLectures().map((l) => l.data));

const timings = [
  { section: "Initial value problems", minutes: 4 },
  { section: "Euler's method", minutes: 4 },
  { section: "Runge–Kutta methods and Butcher tableaux", minutes: 5 },
  { section: "Summary", minutes: 7 },
];

Deno.test("pace: clock parsing and section windows", () => {
  assert.equal(parseClock("09:30"), 570);
  assert.equal(parseClock("9:05"), 545);
  assert.equal(parseClock("24:00"), undefined);
  assert.equal(parseClock("noon"), undefined);
  assert.deepEqual(sectionWindows(10, timings).map((w) => [w.start, w.end]), [
    [10, 14],
    [14, 18],
    [18, 23],
    [23, 30],
  ]);
});

Deno.test("pace: headings map to timings by their words", () => {
  assert.equal(timingOfHeading("Euler’s method", timings), 1);
  assert.equal(timingOfHeading("Runge–Kutta methods and Butcher tableaux", timings), 2);
  assert.equal(timingOfHeading("References", timings), -1);
  const at = (tops: number[]) =>
    currentSectionIndex(
      ["Initial value problems", "Euler's method", "References", "Summary"].map((text, i) => ({
        text,
        top: tops[i],
      })),
      timings,
      300,
      2,
    );
  assert.equal(at([500, 900, 1200, 1500]), 0, "before the first heading");
  assert.equal(at([-400, 100, 900, 1200]), 1, "Euler's heading is above the line");
  assert.equal(at([-900, -400, 100, 900]), 1, "an unmatched heading keeps the matched one above");
  assert.equal(at([-900, -700, -400, 100]), 3);
});

Deno.test("pace: ahead, on time and behind against the planned window", () => {
  const windows = sectionWindows(10, timings);
  assert.equal(describePace(12, windows, 1, timings).kind, "ahead");
  assert.equal(describePace(12, windows, 1, timings).minutes, 2);
  const onTime = describePace(15, windows, 1, timings);
  assert.equal(onTime.kind, "on-time");
  assert.match(onTime.text, /3 min left for “Euler's method”/);
  const behind = describePace(26, windows, 2, timings);
  assert.equal(behind.kind, "behind");
  assert.equal(behind.minutes, 3);
});

Deno.test("notes: every planned lecture has notes whose timings add up to its minutes", async () => {
  const dir = new URL("../../site/src/content/notes/", import.meta.url);
  for (const lecture of plan) {
    const file = new URL(`${String(lecture.n).padStart(2, "0")}.md`, dir);
    const text = await Deno.readTextFile(file);
    const front = text.split(/^---$/m)[1];
    assert.match(front, new RegExp(`^lecture: ${lecture.n}$`, "m"), file.pathname);
    const minutes = [...front.matchAll(/^\s+minutes: (\d+)$/gm)].map((m) => Number(m[1]));
    assert.equal(
      minutes.reduce((a, b) => a + b, 0),
      lecture.minutes,
      `${file.pathname}: timings vs the lecture's minutes`,
    );
    assert.match(front, /^\s+- label: .+\n\s+tex: /m, `${file.pathname}: key equations`);
    assert.ok(text.split(/^---$/m)[2].length > 400, `${file.pathname}: notes are written`);
  }
  // The schedule the presenter view measures against starts at the plan's start time.
  assert.equal(schedule(plan)[0].start, START_MINUTES);
});
