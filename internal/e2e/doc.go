// Package e2e checks the repository's example site from the outside, the
// way a reader, a browser and other people's tools see it. It has no code
// of its own, only tests:
//
//   - TestPages opens one page of every kind in headless Chromium at
//     desktop (1280x800) and phone (360x740) width, runs axe-core's WCAG
//     2.0, 2.1 and 2.2 A and AA rules at both, checks that no page scrolls
//     sideways on a phone, and saves screenshots.
//   - TestTimelineKeyboard follows a timeline link with the keyboard alone.
//   - TestSearch searches through the search page's form.
//   - TestHTML runs the Nu Html Checker over every built page, and TestCSS
//     over the stylesheet.
//   - TestFeeds parses the Atom feeds with feedparser, TestSitemap
//     validates the sitemap against the sitemaps.org schema, and TestLinks
//     follows every internal link and anchor of every page.
//
// The tests build the site once per test binary into a temporary folder
// and serve it on 127.0.0.1, so every address resolves as it would online.
//
// They need programs outside Go: Debian's chromium, a Java runtime,
// python3-feedparser, python3-yaml and xmllint (libxml2-utils), and Node with the
// packages of .ci/package.json (npm ci --prefix .ci). .ci/run installs
// them. Where one is missing a test fails and says what to install,
// unless SCRUTINY_SKIP_BROWSER=1 is set, when it skips.
//
// Screenshots and axe's findings go to the folder named by
// SCRUTINY_ARTEFACTS (relative to the repository root), by default
// .ci/artefacts/.
package e2e
