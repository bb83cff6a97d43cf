// tfjs-backend-wasm starts its threads by sending each worker the source of its threaded-SIMD
// factory function (`factory.toString()` in a Blob). That function reads `_scriptDir`, a variable
// of the module around it; once Vite has bundled and minified the module, the name is a
// one-letter local of the bundle, and every thread dies with "ReferenceError: e is not defined"
// before the backend starts. This plugin declares `_scriptDir` inside the function itself (with
// the value the outer one has in a browser), so the source each thread receives is whole.
const FILE = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const HEAD = "function(WasmBackendModuleThreadedSimd) {\n" +
  "  WasmBackendModuleThreadedSimd = WasmBackendModuleThreadedSimd || {};\n";
const OWN_SCRIPT_DIR = "var _scriptDir = typeof document !== 'undefined' && " +
  "document.currentScript ? document.currentScript.src : undefined;\n";

/** A Vite plugin: the threaded factory of tfjs-backend-wasm, made self-contained. */
export function threadedWasm() {
  return {
    name: "threaded-wasm-self-contained",
    enforce: "pre",
    transform(code, id) {
      if (!FILE.test(id.split("?")[0])) return undefined;
      if (!code.includes(HEAD)) {
        // A new tfjs version changed the factory: fail the build rather than ship dead threads.
        throw new Error(
          `${id}: the threaded factory's head changed; update site/integrations/threaded_wasm.mjs`,
        );
      }
      return { code: code.replace(HEAD, HEAD + OWN_SCRIPT_DIR), map: null };
    },
  };
}
