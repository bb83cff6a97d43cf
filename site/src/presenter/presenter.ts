/**
 * The presenter view's behaviour (markup in components/Presenter.astro): toggled by the P key,
 * the faint corner button or `?presenter=1`; remembered for this tab only (sessionStorage), so a
 * learner's browser never shows it unless they asked for it. While open, once a second: the
 * time, where the lecture stands against the workshop schedule, and the lecture timer.
 */
import { currentSectionIndex, describePace, parseClock, sectionWindows } from "./pace.ts";

const STORE = {
  on: "presenter",
  start: "presenter.start",
  timer: (n: string) => `presenter.lecture.${n}`,
};

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

const two = (x: number) => String(Math.floor(x)).padStart(2, "0");
const clock = (minutes: number) => `${two(((minutes / 60) % 24 + 24) % 24)}:${two(minutes % 60)}`;

export function mountPresenter(): void {
  const panel = document.getElementById("presenter");
  if (!panel) return;
  const toggle = document.querySelector<HTMLButtonElement>('[data-action="presenter-toggle"]');
  const $ = <T extends HTMLElement>(sel: string) => panel.querySelector<T>(sel)!;
  const lecture = panel.dataset.lecture ?? "";
  const offset = Number(panel.dataset.offset);
  const minutes = Number(panel.dataset.minutes);
  const items = [...panel.querySelectorAll<HTMLElement>(".p-timings li[data-index]")];
  const timings = items.map((li) => ({
    section: li.dataset.section ?? "",
    minutes: Number(li.dataset.minutes),
  }));
  const windows = sectionWindows(offset, timings);
  const startInput = $<HTMLInputElement>('[data-role="start"]');
  const timerButton = $<HTMLButtonElement>('[data-action="lecture-timer"]');
  const headings = () => [...document.querySelectorAll<HTMLElement>("article.lecture .prose h2")];

  const defaultStart = clock(Number(panel.dataset.defaultStart));
  startInput.value = sessionStorage.getItem(STORE.start) ?? defaultStart;
  startInput.addEventListener("change", () => {
    if (parseClock(startInput.value) !== undefined) {
      sessionStorage.setItem(STORE.start, startInput.value);
    }
    render();
  });

  const timerStarted = () => Number(sessionStorage.getItem(STORE.timer(lecture))) || undefined;
  timerButton.addEventListener("click", () => {
    if (timerStarted()) sessionStorage.removeItem(STORE.timer(lecture));
    else sessionStorage.setItem(STORE.timer(lecture), String(Date.now()));
    render();
  });

  let section = 0;
  function render() {
    const now = new Date();
    const nowMinutes = now.getHours() * 60 + now.getMinutes() + now.getSeconds() / 60;
    $('[data-role="now"]').textContent = now.toLocaleTimeString([], {
      hour: "2-digit",
      minute: "2-digit",
    });
    const start = parseClock(startInput.value) ?? parseClock(defaultStart)!;
    const texts = headings().map((h) => ({
      text: h.textContent ?? "",
      top: h.getBoundingClientRect().top,
    }));
    section = currentSectionIndex(texts, timings, innerHeight * 0.35, section);
    items.forEach((li, i) => {
      li.querySelector('[data-role="at"]')!.textContent = clock(start + windows[i].start);
      if (i === section) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
    });
    const pace = describePace(nowMinutes - start, windows, section, timings);
    const paceBox = $('[data-role="pace"]');
    paceBox.dataset.pace = pace.kind;
    paceBox.textContent = sessionStorage.getItem(STORE.start)
      ? pace.text
      : `${pace.text} (Against the plan's ${defaultStart} start: set the real one below.)`;
    const startedAt = timerStarted();
    const timer = $('[data-role="timer"]');
    if (startedAt) {
      const s = Math.max(0, (Date.now() - startedAt) / 1000);
      timer.textContent = `lecture ${Math.floor(s / 60)}:${two(s % 60)} of ${minutes}:00`;
      timer.dataset.over = String(s > minutes * 60);
      timerButton.textContent = "Reset lecture timer";
    } else {
      timer.textContent = `not started · ${minutes} min planned`;
      timerButton.textContent = "Start lecture timer";
    }
  }

  let ticker: ReturnType<typeof setInterval> | undefined;
  const set = (on: boolean) => {
    panel.hidden = !on;
    document.documentElement.dataset.presenter = on ? "on" : "off";
    toggle?.setAttribute("aria-expanded", String(on));
    if (on) sessionStorage.setItem(STORE.on, "on");
    else sessionStorage.removeItem(STORE.on);
    clearInterval(ticker);
    if (on) {
      render();
      ticker = setInterval(render, 1000);
    }
  };

  addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
    if (e.key === "p" || e.key === "P") set(panel.hidden !== false);
    else if (e.key === "Escape" && !panel.hidden) set(false);
  });
  toggle?.addEventListener("click", () => set(panel.hidden !== false));
  $('[data-action="presenter-close"]').addEventListener("click", () => set(false));
  addEventListener("scroll", () => {
    if (!panel.hidden) render();
  }, { passive: true });

  const asked = new URLSearchParams(location.search).get("presenter");
  set(asked === "1" || (asked !== "0" && sessionStorage.getItem(STORE.on) === "on"));
}
