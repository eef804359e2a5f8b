// keyboard.mjs BASE PATH
//
// Opens PATH and presses Tab, as a keyboard user would, until focus is on
// a link inside the timeline figure's SVG chart; then presses Enter and
// reports where the browser went. The Go test judges the record.
import { launch, main } from "./browser.mjs";

const maxTabs = 300;

main(async ([base, path]) => {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const start = new URL(path, base).href;
    await page.goto(start, { waitUntil: "load" });
    const record = { start, tabs: 0, focused: null, href: null, url: null, title: null };
    for (let i = 1; i <= maxTabs; i++) {
      await page.keyboard.press("Tab");
      const f = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const inChart = !!el.closest("figure.timeline svg");
        const link = el.closest("a");
        return {
          tag: el.tagName.toLowerCase(),
          inChart,
          href: link ? link.href.baseVal || link.href : null,
          label: el.getAttribute("aria-label") || el.textContent.trim().slice(0, 80),
        };
      });
      if (f && f.inChart && f.href) {
        record.tabs = i;
        record.focused = f;
        record.href = new URL(f.href, start).href;
        break;
      }
    }
    if (!record.focused) {
      record.tabs = maxTabs;
      return record;
    }
    await Promise.all([page.waitForURL((u) => u.href !== start, { timeout: 10000 }), page.keyboard.press("Enter")]);
    await page.waitForLoadState("load");
    record.url = page.url();
    record.title = await page.title();
    record.h1 = await page.evaluate(() => (document.querySelector("h1") || {}).textContent || null);
    return record;
  } finally {
    await browser.close();
  }
});
