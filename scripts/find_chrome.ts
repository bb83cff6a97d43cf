/**
 * Finds an installed Chrome or Chromium for the browser tests, on Linux, macOS and Windows, so a
 * learner runs `deno task test` without configuring anything. `CHROMIUM_PATH` overrides the
 * search. The file system and the environment are passed in, so the search order is unit-tested
 * (tests/site_units/find_chrome_test.ts) without any browser installed.
 */

export interface FindChromeOptions {
  /** Deno.build.os by default. */
  os?: string;
  /** Environment lookup (Deno.env.get by default). */
  env?: (name: string) => string | undefined;
  /** Whether a file exists (a stat by default). */
  exists?: (path: string) => boolean;
}

/** No browser at any of the places tried; the message lists them and the fix. */
export class ChromeNotFoundError extends Error {
  constructor(readonly tried: string[], fix: string) {
    super(`no Chrome or Chromium found. Tried:\n${tried.map((p) => `  ${p}`).join("\n")}\n${fix}`);
    this.name = "ChromeNotFoundError";
  }
}

/** Executable names looked up on PATH, after the usual install locations. */
const PATH_NAMES: Record<string, string[]> = {
  linux: ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome", "chrome"],
  darwin: ["chromium", "google-chrome", "chrome"],
  windows: ["chrome.exe", "chromium.exe"],
};

const INSTALL_HINT: Record<string, string> = {
  linux: "Fix: install Chromium (Debian/Ubuntu: apt-get install chromium) or Google Chrome, " +
    "or set CHROMIUM_PATH to the browser's executable.",
  darwin: "Fix: install Google Chrome (or Chromium) into /Applications, or set CHROMIUM_PATH to " +
    "the executable inside the .app (…/Contents/MacOS/…).",
  windows: "Fix: install Google Chrome, or set CHROMIUM_PATH to chrome.exe.",
};

/** The usual install locations of `os`, most specific first (before the PATH search). */
export function installLocations(os: string, env: (name: string) => string | undefined): string[] {
  if (os === "darwin") {
    const apps = ["/Applications", ...(env("HOME") ? [`${env("HOME")}/Applications`] : [])];
    return apps.flatMap((dir) => [
      `${dir}/Google Chrome.app/Contents/MacOS/Google Chrome`,
      `${dir}/Chromium.app/Contents/MacOS/Chromium`,
      `${dir}/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing`,
      `${dir}/Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary`,
    ]);
  }
  if (os === "windows") {
    const roots = ["PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"]
      .map((name) => env(name))
      .filter((root): root is string => !!root);
    return roots.flatMap((root) => [
      `${root}\\Google\\Chrome\\Application\\chrome.exe`,
      `${root}\\Chromium\\Application\\chrome.exe`,
    ]);
  }
  // Linux and the other Unixes: Debian's package first (what CI installs), then the others.
  return [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome-stable",
    "/usr/bin/google-chrome",
    "/snap/bin/chromium",
    "/opt/google/chrome/chrome",
  ];
}

/** Every place tried, in order: the install locations, then each PATH folder for each name. */
export function chromeCandidates(os: string, env: (name: string) => string | undefined): string[] {
  const separator = os === "windows" ? ";" : ":";
  const slash = os === "windows" ? "\\" : "/";
  const folders = (env("PATH") ?? "").split(separator).filter((d) => d !== "");
  const names = PATH_NAMES[os] ?? PATH_NAMES.linux;
  const onPath = folders.flatMap((dir) =>
    names.map((name) => `${dir.replace(/[\\/]+$/, "")}${slash}${name}`)
  );
  return [...new Set([...installLocations(os, env), ...onPath])];
}

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * The browser to launch: CHROMIUM_PATH when set (it must exist), else the first candidate that
 * exists. Throws ChromeNotFoundError naming every place tried.
 */
export function findChrome(options: FindChromeOptions = {}): string {
  const os = options.os ?? Deno.build.os;
  const env = options.env ?? ((name: string) => Deno.env.get(name));
  const exists = options.exists ?? fileExists;
  const hint = INSTALL_HINT[os] ?? INSTALL_HINT.linux;
  const override = env("CHROMIUM_PATH");
  if (override) {
    if (exists(override)) return override;
    throw new ChromeNotFoundError(
      [`${override} (CHROMIUM_PATH)`],
      "Fix: point CHROMIUM_PATH at the browser's executable, or unset it to search the usual places.",
    );
  }
  const tried = chromeCandidates(os, env);
  const found = tried.find(exists);
  if (found) return found;
  throw new ChromeNotFoundError(tried, hint);
}
