/**
 * The workshop plan: every lecture in teaching order with its minutes and the break after it.
 * The schedule (lecture 0) and the home page read this list; a lecture's page exists once its
 * MDX file is in src/content/lectures/ (whose frontmatter repeats n, title and minutes — a test
 * checks that the two agree).
 */
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

export const plan: PlannedLecture[] = [
  {
    n: 0,
    title: "Welcome",
    summary: "What the workshop covers, the schedule, what to install, how the exercises work.",
    minutes: 10,
    breakAfter: 0,
  },
  {
    n: 1,
    title: "ODEs and numerical solvers",
    summary: "Euler to Dormand–Prince, step-size control, the Van der Pol oscillator.",
    minutes: 20,
    breakAfter: 10,
  },
  {
    n: 2,
    title: "Neural ODEs",
    summary:
      "A vector field given by a neural network; gradients through the solver and by the adjoint.",
    minutes: 20,
    breakAfter: 10,
  },
  {
    n: 3,
    title: "VAE primer",
    summary: "Encoders, decoders, the ELBO and the reparameterisation trick on MNIST.",
    minutes: 15,
    breakAfter: 0,
  },
  {
    n: 4,
    title: "Latent Bayesian Neural ODEs (ODE-VAE)",
    summary: "A Bayesian neural vector field in a latent space; rotating MNIST.",
    minutes: 20,
    breakAfter: 30,
  },
  {
    n: 5,
    title: "Latent ODEs for irregular time series",
    summary: "ODE-RNN encoders, interpolation and extrapolation on irregularly sampled spirals.",
    minutes: 20,
    breakAfter: 0,
  },
  {
    n: 6,
    title: "ResNets are discretised ODEs",
    summary: "From residual blocks to ODE blocks: ODENet on MNIST.",
    minutes: 20,
    breakAfter: 10,
  },
  {
    n: 7,
    title: "Continuous normalising flows",
    summary: "Instantaneous change of variables, trace estimators, 2-D densities.",
    minutes: 20,
    breakAfter: 10,
  },
  {
    n: 8,
    title: "Related work and wrap-up",
    summary: "Augmented Neural ODEs and where the field went next; summary and Q&A.",
    minutes: 15,
    breakAfter: 0,
  },
];

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
export function schedule(start = START_MINUTES): ScheduleRow[] {
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
