/** scripts/find_chrome.ts: where the browser tests look for Chrome or Chromium, in order. */
import assert from "node:assert/strict";
import { chromeCandidates, ChromeNotFoundError, findChrome } from "../../scripts/find_chrome.ts";

/** A machine with these environment variables and these files, and nothing else. */
function machine(os: string, vars: Record<string, string>, files: string[]) {
  const present = new Set(files);
  const looked: string[] = [];
  return {
    looked,
    options: {
      os,
      env: (name: string) => vars[name],
      exists: (path: string) => {
        looked.push(path);
        return present.has(path);
      },
    },
  };
}

Deno.test("find chrome: Linux prefers Debian's chromium, then the other packages, then PATH", () => {
  const vars = { PATH: "/home/me/bin:/usr/local/bin" };
  const all = machine("linux", vars, [
    "/usr/bin/chromium",
    "/usr/bin/google-chrome",
    "/home/me/bin/chromium",
  ]);
  assert.equal(findChrome(all.options), "/usr/bin/chromium");
  assert.deepEqual(all.looked, ["/usr/bin/chromium"], "stops at the first that exists");

  const chrome = machine("linux", vars, ["/usr/bin/google-chrome", "/home/me/bin/chromium"]);
  assert.equal(findChrome(chrome.options), "/usr/bin/google-chrome");
  assert.deepEqual(chrome.looked, [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome-stable",
    "/usr/bin/google-chrome",
  ]);

  const own = machine("linux", vars, ["/usr/local/bin/google-chrome"]);
  assert.equal(findChrome(own.options), "/usr/local/bin/google-chrome");
  const path = chromeCandidates("linux", (n) => (vars as Record<string, string>)[n]);
  assert.ok(
    path.indexOf("/home/me/bin/chromium") < path.indexOf("/usr/local/bin/chromium"),
    "PATH folders in PATH's order",
  );
});

Deno.test("find chrome: macOS looks in /Applications, then ~/Applications, then PATH", () => {
  const chrome = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
  const userChromium = "/Users/me/Applications/Chromium.app/Contents/MacOS/Chromium";
  const vars = { HOME: "/Users/me", PATH: "/opt/homebrew/bin:/usr/bin" };
  assert.equal(findChrome(machine("darwin", vars, [chrome, userChromium]).options), chrome);
  assert.equal(findChrome(machine("darwin", vars, [userChromium]).options), userChromium);
  const brew = machine("darwin", vars, ["/opt/homebrew/bin/chromium"]);
  assert.equal(findChrome(brew.options), "/opt/homebrew/bin/chromium");
  assert.ok(brew.looked.indexOf(userChromium) < brew.looked.indexOf("/opt/homebrew/bin/chromium"));
});

Deno.test("find chrome: Windows looks under Program Files, then LOCALAPPDATA, then PATH", () => {
  const vars = {
    "PROGRAMFILES": "C:\\Program Files",
    "PROGRAMFILES(X86)": "C:\\Program Files (x86)",
    "LOCALAPPDATA": "C:\\Users\\me\\AppData\\Local",
    "PATH": "C:\\tools\\;C:\\Windows",
  };
  const system = "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe";
  const user = "C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe";
  assert.equal(findChrome(machine("windows", vars, [user, system]).options), system);
  const perUser = machine("windows", vars, [user, "C:\\tools\\chrome.exe"]);
  assert.equal(findChrome(perUser.options), user);
  assert.deepEqual(perUser.looked.slice(0, 2), [
    system,
    "C:\\Program Files\\Chromium\\Application\\chrome.exe",
  ]);
  assert.equal(
    findChrome(machine("windows", vars, ["C:\\tools\\chrome.exe"]).options),
    "C:\\tools\\chrome.exe",
    "a PATH folder's trailing backslash is not doubled",
  );
});

Deno.test("find chrome: CHROMIUM_PATH overrides the search, and must exist", () => {
  const custom = "/srv/browsers/chrome-linux/chrome";
  const vars = { CHROMIUM_PATH: custom, PATH: "/usr/bin" };
  const set = machine("linux", vars, [custom, "/usr/bin/chromium"]);
  assert.equal(findChrome(set.options), custom);
  assert.deepEqual(set.looked, [custom], "nothing else is searched");
  assert.throws(
    () => findChrome(machine("linux", vars, ["/usr/bin/chromium"]).options),
    (e: Error) =>
      e instanceof ChromeNotFoundError && e.message.includes(`${custom} (CHROMIUM_PATH)`) &&
      e.message.includes("unset it"),
  );
});

Deno.test("find chrome: none found → one error listing every place tried and the fix", () => {
  for (const os of ["linux", "darwin", "windows"]) {
    const vars = { HOME: "/home/me", LOCALAPPDATA: "C:\\Local", PATH: "/x" };
    const none = machine(os, vars, []);
    try {
      findChrome(none.options);
      assert.fail(`${os}: found a browser on an empty machine`);
    } catch (e) {
      assert.ok(e instanceof ChromeNotFoundError, `${os}: ${e}`);
      assert.deepEqual(e.tried, none.looked, `${os}: the error lists exactly what was tried`);
      for (const place of none.looked) assert.ok(e.message.includes(place), place);
      assert.match(e.message, /Fix: .*CHROMIUM_PATH/);
    }
  }
});
