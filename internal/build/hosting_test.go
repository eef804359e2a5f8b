package build_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"testing/fstest"
)

// iisLocation is a <location> of web.config, as IIS reads it.
type iisLocation struct {
	Path     string `xml:"path,attr"`
	Redirect struct {
		Enabled     string `xml:"enabled,attr"`
		Destination string `xml:"destination,attr"`
		Exact       string `xml:"exactDestination,attr"`
		Status      string `xml:"httpResponseStatus,attr"`
	} `xml:"system.webServer>httpRedirect"`
}

// iisConfig reads web.config strictly: well-formed XML, with the
// configuration element at its root.
func iisConfig(t *testing.T, data []byte) []iisLocation {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("web.config is not well-formed XML: %v", err)
		}
	}
	var cfg struct {
		XMLName xml.Name `xml:"configuration"`
		Mime    []struct {
			Ext  string `xml:"fileExtension,attr"`
			Type string `xml:"mimeType,attr"`
		} `xml:"system.webServer>staticContent>mimeMap"`
		Locations []iisLocation `xml:"location"`
	}
	if err := xml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf("web.config: %v", err)
	}
	types := map[string]string{}
	for _, m := range cfg.Mime {
		types[m.Ext] = m.Type
	}
	// The search index is JSON: IIS serves no file whose type it lacks.
	if types[".json"] != "application/json" || types[".svg"] != "image/svg+xml" {
		t.Errorf("web.config gives the types %v, want .json and .svg among them", types)
	}
	return cfg.Locations
}

// iisRedirect is where IIS sends a request for addr (a path below the
// site's root, such as "about-us/kept.txt"): the location of the longest
// path that is addr or a folder above it applies, and its destination's
// $S is the rest of the address. "" is no redirect.
func iisRedirect(locs []iisLocation, addr string) string {
	var best *iisLocation
	for i, l := range locs {
		if (addr == l.Path || strings.HasPrefix(addr, l.Path+"/")) && (best == nil || len(l.Path) > len(best.Path)) {
			best = &locs[i]
		}
	}
	if best == nil || best.Redirect.Enabled != "true" {
		return ""
	}
	return strings.ReplaceAll(best.Redirect.Destination, "$S", strings.TrimPrefix(addr, best.Path))
}

// TestWebConfig checks the web.config made for IIS: valid XML, a
// permanent redirect for each alias, and the same answer for every
// address _redirects names as _redirects gives, while the site's own
// files, one below an alias among them, are served.
func TestWebConfig(t *testing.T) {
	fsys := readSite(t, "basic")
	fsys["static/about-us/kept.txt"] = &fstest.MapFile{Mode: 0o644, Data: []byte("a file below an alias\n")}
	out := render(t, fsys)
	checkGolden(t, "basic", "web.config", out["web.config"])
	locs := iisConfig(t, out["web.config"])

	for _, alias := range []string{"about-us", "old/about.html", "borsetshire-cc", "borsetshire/plan"} {
		found := false
		for _, l := range locs {
			if l.Path == alias {
				found = true
				if l.Redirect.Enabled != "true" || l.Redirect.Exact != "true" || l.Redirect.Status != "Permanent" {
					t.Errorf("alias %s: redirect %+v, want an enabled, exact, permanent one", alias, l.Redirect)
				}
			}
		}
		if !found {
			t.Errorf("web.config has no location for the alias /%s", alias)
		}
	}

	const base = "/inspections/"
	lines := strings.Split(strings.TrimSpace(string(out["_redirects"])), "\n")
	if len(lines) < 20 {
		t.Fatalf("_redirects has %d lines: too few to compare with", len(lines))
	}
	for _, line := range lines {
		f := strings.Fields(line)
		from, to := strings.TrimPrefix(f[0], base), f[1]
		if rest, ok := strings.CutSuffix(from, "*"); ok {
			// Anything below: a file of the document, say.
			from, to = rest+"report.pdf", strings.Replace(to, ":splat", "report.pdf", 1)
		}
		if got := iisRedirect(locs, from); got != to {
			t.Errorf("IIS sends %s%s to %q; _redirects to %q", base, from, got, to)
		}
	}
	for name := range out {
		if strings.Contains(string(out[name]), `http-equiv="refresh"`) {
			continue // an alias's page, which IIS answers with a redirect
		}
		addr := strings.TrimSuffix(strings.TrimSuffix(name, "index.html"), "/")
		if got := iisRedirect(locs, addr); got != "" {
			t.Errorf("IIS redirects the site's own %s to %s", name, got)
		}
	}
	if iisRedirect(locs, "about-us/kept.txt") != "" {
		t.Errorf("the static file below the alias /about-us/ is redirected, not served")
	}
}
