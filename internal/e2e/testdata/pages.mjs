// pages.mjs BASE DIR NAME=PATH...
//
// Opens each page at desktop width (1280x800) and at phone width (360x740),
// runs axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules at both, measures
// whether the page scrolls sideways at phone width, and saves a full-page
// screenshot of each width as DIR/NAME-desktop.png and DIR/NAME-phone.png.
// It prints one JSON record a page; the Go test judges them.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { axePath, launch, main } from "./browser.mjs";

const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const widths = [
  { name: "desktop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 360, height: 740 } },
];

// Two pages at a time keep both of a CI machine's cores busy.
const jobs = 2;

main(async ([base, dir, ...pages]) => {
  mkdirSync(dir, { recursive: true });
  const browser = await launch();
  const results = pages.map((arg) => {
    const i = arg.indexOf("=");
    return { name: arg.slice(0, i), path: arg.slice(i + 1) };
  });
  const tasks = results.flatMap((record) => widths.map((w) => ({ record, w })));
  try {
    const worker = async () => {
      for (let task; (task = tasks.shift()); ) {
        const { record, w } = task;
        record[w.name] = await check(browser, new URL(record.path, base).href, w.viewport, join(dir, `${record.name}-${w.name}.png`));
      }
    };
    await Promise.all(Array.from({ length: jobs }, worker));
  } finally {
    await browser.close();
  }
  return results;
});

async function check(browser, url, viewport, shot) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(`script error: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400 && r.url() !== url) errors.push(`${r.status()} for ${r.url()}`);
  });
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()} (${r.failure() && r.failure().errorText})`));
  try {
    const response = await page.goto(url, { waitUntil: "load" });
    // Let scripts that load data after the load event (the search
    // filters, say) settle before the page is judged; a page that keeps
    // the network busy is judged as it is after a few seconds.
    await page.waitForLoadState("networkidle", { timeout: 5000 }).catch(() => {});
    await page.addScriptTag({ path: axePath });
    const axe = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }), tags);
    const layout = await page.evaluate(overflow);
    // The whole page, but at most the first 8,000 pixels: the national
    // tables run to tens of thousands at phone width, and a screenshot that
    // size takes Chromium longer than it is worth on a busy CI machine.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({
      path: shot,
      fullPage: true,
      clip: { x: 0, y: 0, width: viewport.width, height: Math.min(height, 8000) },
      timeout: 120000,
    });
    return {
      status: response ? response.status() : 0,
      title: await page.title(),
      violations: axe.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        tags: v.tags.filter((t) => t.startsWith("wcag")),
        nodes: v.nodes.map((n) => ({
          target: n.target.join(" "),
          html: n.html.length > 300 ? n.html.slice(0, 300) + "…" : n.html,
          summary: n.failureSummary,
        })),
      })),
      errors,
      screenshot: shot,
      ...layout,
    };
  } finally {
    await context.close();
  }
}

// overflow runs in the page: it measures the page's width against the
// window's, and names the outermost elements that stick out to the right.
function overflow() {
  const innerWidth = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const wide = [];
  if (scrollWidth > innerWidth) {
    const walk = (el) => {
      for (const child of el.children) {
        const r = child.getBoundingClientRect();
        if (r.right > innerWidth + 0.5 && getComputedStyle(child).position !== "fixed") {
          let name = child.tagName.toLowerCase();
          if (child.id) name += "#" + child.id;
          if (child.classList.length) name += "." + [...child.classList].join(".");
          wide.push({ element: name, right: Math.round(r.right), width: Math.round(r.width) });
          if (wide.length >= 10) return;
          continue;
        }
        // An element that clips or scrolls its own overflow keeps it from
        // widening the page: only look inside the ones that don't.
        const s = getComputedStyle(child);
        if (s.overflowX === "visible") walk(child);
      }
    };
    walk(document.body);
  }
  // Tables and charts whose wrapper hides some of them behind a sideways
  // scroll (a chart that is not shown at this width aside), and where
  // the headline grade stands.
  const clipped = [];
  for (const w of document.querySelectorAll(".table-wrap, .timeline__chart")) {
    if (w.offsetParent !== null && w.scrollWidth > w.clientWidth + 1) {
      const caption = w.querySelector("caption, svg > title");
      clipped.push({ element: caption ? caption.textContent.trim() : w.className, width: w.scrollWidth, shown: w.clientWidth });
    }
  }
  const h = document.querySelector("[data-headline]");
  const headline = h ? Math.round(h.getBoundingClientRect().bottom + window.scrollY) : -1;
  return { scrollWidth, innerWidth, wide, clipped, headline, innerHeight: window.innerHeight };
}
