package render

import (
	"strconv"
	"strings"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
)

// The addresses of the site's pages, without the base path: the views
// link to them, and the pipeline's table of routes puts each page there.

// BodyAddr is the address of body b's page.
func BodyAddr(b *content.Body) string { return "/" + b.Slug + "/" }

// DocAddr is the address of document d, which shows its latest version.
func DocAddr(d *content.Document) string { return d.Path() }

// VersionAddr is the permanent address of version v.
func VersionAddr(v *content.Version) string { return v.Path() }

// ChangesAddr is the address of what changed in version v.
func ChangesAddr(v *content.Version) string { return v.Path() + "changes/" }

// TypeAddr is the address of the list of documents of type t.
func TypeAddr(t config.Type) string { return "/types/" + t.Key + "/" }

// PageAddr is the address of a plain page.
func PageAddr(pg *content.Page) string { return "/" + pg.Slug + "/" }

// AttachmentAddr is the address of an attachment of document d.
func AttachmentAddr(d *content.Document, a content.Attachment) string {
	return d.Path() + a.Name
}

// RegionAddr is the address of a region's page.
func RegionAddr(region string) string { return "/judgements/region/" + slugify(region) + "/" }

// HistoryAddr is the address of page n of /changes/.
func HistoryAddr(n int) string {
	if n == 1 {
		return "/changes/"
	}
	return "/changes/page/" + strconv.Itoa(n) + "/"
}

// slugify makes an address segment of a name: lower-case words joined by
// hyphens.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "region"
	}
	return b.String()
}
