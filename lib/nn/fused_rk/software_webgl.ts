/**
 * Whether tfjs's webgl backend draws through a software renderer (SwiftShader, Mesa's
 * llvmpipe), where the fused webgl kernels lose: they trade ~5× fewer dispatches for ~6× more
 * arithmetic (each texel replays its trajectory's stages), and a CPU-emulated GPU pays for the
 * arithmetic, not the dispatches. Measured on lecture 2's step in headless Chromium's
 * SwiftShader: 324–359 ms fused vs 159–173 ms op by op. The flag below turns them on anyway
 * (the tests do, to check the kernels where no GPU exists).
 */
import * as tf from "@tensorflow/tfjs";

/** tfjs flag: fuse on a software WebGL renderer too (default false). */
export const FUSED_RK_ON_SOFTWARE_WEBGL = "FUSED_RK_ON_SOFTWARE_WEBGL";
tf.env().registerFlag(FUSED_RK_ON_SOFTWARE_WEBGL, () => false);

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software/i;

interface WebGlBackendLike {
  gpgpu?: { gl?: WebGLRenderingContext };
}

const verdicts = new WeakMap<object, boolean>();

/** The unmasked renderer string of the current webgl backend, or "" where hidden. */
export function webGlRenderer(): string {
  const gl = (tf.backend() as unknown as WebGlBackendLike).gpgpu?.gl;
  if (!gl) return "";
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? "");
}

/** True where the current backend is webgl on a software renderer (cached per backend). */
export function softwareWebGl(): boolean {
  if (tf.getBackend() !== "webgl") return false;
  const backend = tf.backend();
  let verdict = verdicts.get(backend);
  if (verdict === undefined) {
    verdict = SOFTWARE.test(webGlRenderer());
    verdicts.set(backend, verdict);
  }
  return verdict;
}

/** Whether the fused kernels may run on this webgl backend (hardware, or the flag set). */
export function fuseOnThisWebGl(): boolean {
  return tf.env().getBool(FUSED_RK_ON_SOFTWARE_WEBGL) || !softwareWebGl();
}
