#!/usr/bin/env bash
# The browser benchmark (deno task bench:browser) on a machine with a GPU and Chrome or Chromium:
# WebGPU on the hardware adapter through Vulkan, never SwiftShader. The benchmark prints the
# adapter's name (navigator.gpu.requestAdapter().info) and refuses a software one, so a result
# cannot pass for a GPU figure. Needs the Vulkan loader and the GPU's Vulkan driver
# (e.g. Debian: libvulkan1 and the vendor's ICD); CHROMIUM_PATH picks the browser.
#
#   scripts/bench_gpu.sh                         # all demos → bench-results/browser-gpu.json
#   scripts/bench_gpu.sh --demos node-training   # any bench:browser option
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f site/dist/index.html ]; then deno task build; fi
exec deno task bench:browser --gpu "$@"
