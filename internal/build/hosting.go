package build

import (
	"bytes"
	"encoding/xml"
	"path"
	"sort"
	"strings"
)

// webConfig is a web.config for IIS, the web server of many councils,
// which reads no _redirects: each alias answers with a permanent
// redirect, as _redirects has it for Netlify, and the site's files are
// served with their types.
//
// It uses only what a site's web.config may set on an IIS that is as
// installed: the httpRedirect and staticContent sections. URL Rewrite
// rules would need a module that is not always there, and without it
// IIS refuses the whole site (500.19); without the HTTP Redirection
// feature, httpRedirect is ignored, and the alias pages still send the
// reader on. Custom error pages (httpErrors) are often locked to the
// server's own configuration, so the README says how to set 404.html in
// IIS Manager instead.
//
// An alias is a <location>: IIS applies a location's settings to every
// address below it too, so one rule per declared alias also sends its
// documents, versions and files to their new addresses ($S is the rest
// of the address requested), as _redirects' "/old/* /new/:splat" lines
// do. A file that the site itself has below an alias (a static file) is
// served, as Netlify serves a file before a rule: its own location turns
// the redirect off.
func (p *Project) webConfig() ([]byte, error) {
	type redirect struct {
		Enabled     bool   `xml:"enabled,attr"`
		Destination string `xml:"destination,attr,omitempty"`
		Exact       bool   `xml:"exactDestination,attr,omitempty"`
		Status      string `xml:"httpResponseStatus,attr,omitempty"`
	}
	type location struct {
		Path     string   `xml:"path,attr"`
		Redirect redirect `xml:"system.webServer>httpRedirect"`
	}
	type mime struct {
		Ext  string `xml:"fileExtension,attr"`
		Type string `xml:"mimeType,attr,omitempty"`
	}
	type content struct {
		Items []any
	}
	var locations []location
	var folders []string // the declared aliases that are folders, with their locations
	for _, r := range p.declaredAliases() {
		l := location{Path: locationPath(r.alias.Path), Redirect: redirect{Enabled: true, Exact: true, Status: "Permanent"}}
		l.Redirect.Destination = p.Config.URL(r.to)
		if r.carries() {
			// "/old/" to "/new/": "/old/x.pdf" goes to "/new/x.pdf".
			l.Redirect.Destination = strings.TrimSuffix(l.Redirect.Destination, "/") + "$S"
			folders = append(folders, l.Path+"/")
		}
		locations = append(locations, l)
	}
	if len(folders) > 0 {
		var kept []string
		for r := range p.routes() {
			if r.kind == "alias" {
				continue
			}
			name := strings.TrimSuffix(r.name, "index.html")
			for _, f := range folders {
				if strings.HasPrefix(name, f) {
					kept = append(kept, strings.TrimSuffix(name, "/"))
					break
				}
			}
		}
		sort.Strings(kept)
		for _, k := range kept {
			locations = append(locations, location{Path: k})
		}
	}

	var types []any
	// Types that IIS's own list lacks or gives wrongly, in the versions
	// councils run: each is removed first, since adding one the server
	// already has is an error.
	for _, m := range []mime{
		{".json", "application/json"}, // the search index and open data
		{".svg", "image/svg+xml"},
		{".csv", "text/csv"},
	} {
		types = append(types, struct {
			XMLName xml.Name `xml:"remove"`
			mime
		}{mime: mime{Ext: m.Ext}}, struct {
			XMLName xml.Name `xml:"mimeMap"`
			mime
		}{mime: m})
	}
	cfg := struct {
		XMLName   xml.Name    `xml:"configuration"`
		Comment   xml.Comment `xml:",comment"`
		Static    content     `xml:"system.webServer>staticContent"`
		Locations []location  `xml:"location"`
	}{
		Comment:   xml.Comment(" For IIS. Made by scrutiny from the site's aliases: edit the content, not this file. "),
		Static:    content{Items: types},
		Locations: locations,
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(cfg); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// locationPath is an alias's address as IIS's <location path> names it:
// relative to the folder of web.config, the site's root, without the
// slashes at either end.
func locationPath(alias string) string {
	return strings.Trim(path.Clean(alias), "/")
}
