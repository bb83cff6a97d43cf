/**
 * A canvas player for a flow of 2-D samples (lecture 7): points move from the base Gaussian
 * (t = 0) to the data (t = 1), interpolated linearly between stored frames, then rest at the
 * data for a moment and start again. No tfjs: the static animation loads it up front, and the
 * live CNF demo feeds it the current model's samples.
 */

export interface FlowFrames {
  times: number[];
  /** [frames] of x, y interleaved (all frames the same length). */
  frames: ArrayLike<number>[];
  /** Per sample: 1 → first colour (e.g. ends on the outer circle), 0 → second. */
  outer: ArrayLike<number>;
  /** The square [−extent, extent]² shown. */
  extent: number;
  /** Stored coordinates are the true ones times this (default 1; 1000 for rounded integers). */
  scale?: number;
}

export interface FlowPlayer {
  show(data: FlowFrames): void;
  /** Starts or stops the animation (it also pauses while the canvas is off screen). */
  setPlaying(playing: boolean): void;
  readonly playing: boolean;
  dispose(): void;
}

const COLORS = ["#c2571d", "#1f5f99"];
/** Seconds from t = 0 to t = 1, and the rest at t = 1. */
const RUN_S = 2.4;
const HOLD_S = 0.9;

export function createFlowPlayer(
  canvas: HTMLCanvasElement,
  onTime?: (t: number) => void,
): FlowPlayer {
  const g = canvas.getContext("2d")!;
  let data: FlowFrames | undefined;
  let playing = !matchMedia("(prefers-reduced-motion: reduce)").matches;
  let visible = true;
  let clock = 0;
  let last = 0;
  let handle = 0;
  let stopped = false;

  const draw = (t: number) => {
    if (!data) return;
    const W = canvas.width;
    const H = canvas.height;
    const s = Math.min(W, H) / (2 * data.extent);
    const cx = W / 2;
    const cy = H / 2;
    g.clearRect(0, 0, W, H);
    g.strokeStyle = "#e3e7ec";
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(0, cy);
    g.lineTo(W, cy);
    g.moveTo(cx, 0);
    g.lineTo(cx, H);
    g.stroke();
    // Position on the stored time grid.
    const { times, frames } = data;
    const tt = times[0] + t * (times[times.length - 1] - times[0]);
    let k = 0;
    while (k < times.length - 2 && times[k + 1] < tt) k++;
    const f = Math.min(1, Math.max(0, (tt - times[k]) / (times[k + 1] - times[k] || 1)));
    const a = frames[k];
    const b = frames[Math.min(k + 1, frames.length - 1)];
    const scale = data.scale ?? 1;
    const n = data.outer.length;
    for (let c = 0; c < 2; c++) {
      g.fillStyle = COLORS[c];
      g.globalAlpha = 0.75;
      for (let i = 0; i < n; i++) {
        if ((data.outer[i] ? 1 : 0) !== c) continue;
        const x = ((1 - f) * a[2 * i] + f * b[2 * i]) / scale;
        const y = ((1 - f) * a[2 * i + 1] + f * b[2 * i + 1]) / scale;
        g.beginPath();
        g.arc(cx + x * s, cy - y * s, 2.2, 0, 2 * Math.PI);
        g.fill();
      }
    }
    g.globalAlpha = 1;
    onTime?.(tt);
  };

  const loop = (now: number) => {
    if (stopped) return;
    const dt = Math.min(0.05, (now - last) / 1000);
    last = now;
    if (playing && visible && data) {
      clock = (clock + dt) % (RUN_S + HOLD_S);
      draw(Math.min(1, clock / RUN_S));
    }
    handle = requestAnimationFrame(loop);
  };
  const observer = new IntersectionObserver((entries) => {
    visible = entries.some((e) => e.isIntersecting);
  });
  observer.observe(canvas);
  handle = requestAnimationFrame((now) => {
    last = now;
    loop(now);
  });

  return {
    show(next) {
      data = next;
      draw(playing ? Math.min(1, clock / RUN_S) : 1);
    },
    setPlaying(value) {
      playing = value;
    },
    get playing() {
      return playing;
    },
    dispose() {
      stopped = true;
      cancelAnimationFrame(handle);
      observer.disconnect();
    },
  };
}
