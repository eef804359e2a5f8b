// search.mjs BASE PATH WORD
//
// Opens the search page at PATH, types WORD into the search form's search
// box, submits the form with Enter and collects the links the results
// show, asking for more results while the page offers a button for them,
// and for each result the passage it quotes: its words, the words marked
// and the link to the passage.
// It drives the page only, never the index behind it.
import { launch, main } from "./browser.mjs";

main(async ([base, path, word]) => {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(new URL(path, base).href, { waitUntil: "load" });
    const input = page.locator("form.search-form input[type=search]");
    await input.fill(word);
    await input.press("Enter");
    const results = page.locator(".search-results");
    await results.locator("a[href]").first().waitFor({ timeout: 10000 }).catch(() => {});
    let links = [];
    for (let round = 0; round < 20; round++) {
      links = await results.locator("a[href]").evaluateAll((as) => as.map((a) => ({ href: a.href, text: a.textContent.trim() })));
      const more = results.locator("button");
      if ((await more.count()) === 0) break;
      const before = links.length;
      await more.first().click();
      await page.waitForFunction((n) => document.querySelectorAll(".search-results a[href]").length > n, before, { timeout: 10000 }).catch(() => {});
    }
    const items = await results.locator("li").evaluateAll((lis) => lis.map((li) => {
      const found = li.querySelector(".doc-list__found");
      const to = found && found.querySelector("a[href]");
      return {
        href: li.querySelector("a[href]").href,
        quote: found ? found.textContent : "",
        marks: found ? Array.from(found.querySelectorAll("mark"), (m) => m.textContent) : [],
        passage: to ? to.href : "",
      };
    }));
    return { url: page.url(), text: (await results.innerText()).slice(0, 500), links, items, errors };
  } finally {
    await browser.close();
  }
});
