// frame.mjs HOST
//
// Opens HOST, a page of another site (another origin) into which the code
// a body's page offers to copy was pasted: the embed page in an iframe and
// the timeline as an image. Reports what the frame and the image show,
// then follows a link of the frame's text and one of its chart, each from
// a fresh load, and reports where the whole window went. The Go test
// judges the record.
import { launch, main } from "./browser.mjs";

main(async ([host]) => {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(`script error: ${e.message}`));
    page.on("response", (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} for ${r.url()}`);
    });
    const load = async () => {
      await page.goto(host, { waitUntil: "load" });
      const el = await page.waitForSelector("iframe");
      const frame = await el.contentFrame();
      await frame.waitForLoadState("load");
      return frame;
    };
    let frame = await load();
    const record = {
      frameURL: frame.url(),
      h1: await frame.evaluate(() => (document.querySelector("h1") || {}).textContent || ""),
      frameTitle: await page.evaluate(() => document.querySelector("iframe").title),
      // Whether the frame's page is cut off at the height the code sets.
      frameHeight: await page.evaluate(() => document.querySelector("iframe").getBoundingClientRect().height),
      contentHeight: await frame.evaluate(() => document.documentElement.scrollHeight),
      image: await page.evaluate(() => {
        const img = document.querySelector("img");
        return img && { alt: img.alt, width: img.naturalWidth, complete: img.complete };
      }),
      errors,
    };
    const follow = async (selector) => {
      const link = frame.locator(selector).first();
      const href = await link.evaluate((a) => (a.href && a.href.baseVal) || a.href);
      // A link that opens inside the frame leaves the window where it
      // was: the wait times out, and the record says so.
      await Promise.all([page.waitForURL((u) => u.href !== host, { timeout: 5000 }).catch(() => {}), link.click()]);
      await page.waitForLoadState("load");
      return { href: new URL(href, frame.url()).href, top: page.url() };
    };
    record.text = await follow("p.source a[href$='/']:not([href^='http'])");
    frame = await load();
    record.chart = await follow(".chart--wide svg a");
    return record;
  } finally {
    await browser.close();
  }
});
