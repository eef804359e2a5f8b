// Shared by the browser scripts: loads playwright-core and axe-core from
// .ci/node_modules (the folder named by SCRUTINY_CI_DIR, which the Go tests
// set) and starts Debian's Chromium the way this project's machines allow.
import { createRequire } from "node:module";
import { join } from "node:path";

const ciDir = process.env.SCRUTINY_CI_DIR;
if (!ciDir) {
  throw new Error("SCRUTINY_CI_DIR is not set: run these scripts through go test ./internal/e2e");
}
const require = createRequire(join(ciDir, "package.json"));
const { chromium } = require("playwright-core");

// axePath is axe-core's browser build, injected into each page it checks.
export const axePath = require.resolve("axe-core/axe.min.js");

// launch starts headless Chromium. Playwright gives every launch a fresh,
// empty profile folder of its own (it refuses a --user-data-dir flag), and
// removes it on close. The flags keep Chromium from reaching for the
// network, which is closed here: without them it keeps trying Google's hosts.
export async function launch() {
  return chromium.launch({
    executablePath: process.env.SCRUTINY_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

// main runs fn and prints its result as JSON on stdout, for the Go test to
// read; any exception is printed and exits non-zero.
export function main(fn) {
  fn(process.argv.slice(2)).then(
    (result) => {
      process.stdout.write(JSON.stringify(result, null, 1) + "\n");
    },
    (err) => {
      process.stderr.write((err && err.stack) || String(err));
      process.stderr.write("\n");
      process.exit(1);
    },
  );
}
