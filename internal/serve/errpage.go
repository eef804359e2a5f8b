package serve

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"

	"scrutiny/internal/diag"
)

// shown is how many problems the error page lists; the terminal has all.
const shown = 50

// around is how many lines the error page shows before and after a
// problem's line.
const around = 2

type errorView struct {
	Above    bool // the panel is at the top of a page of the last good build
	Count    int
	Problems []problem
	More     int // problems not shown
	Reload   string
}

type problem struct {
	Where string // file:line:col, or "" when the problem is not in a file
	Msg   string
	Lines []diag.Line
}

// errorPage is the page served while the sources are broken and there is
// no last good build to show: every problem with the lines of its file
// around it, read from the site.
func errorPage(site fs.FS, base string, ds diag.Errors) []byte {
	return execute("page", newErrorView(site, base, ds))
}

// errorPanel is the same list of problems as a panel that the server puts
// at the top of every page of the last good build while the sources are
// broken: the author sees what is wrong on the page they were reading,
// and the site itself stays as it was.
func errorPanel(site fs.FS, base string, ds diag.Errors) []byte {
	v := newErrorView(site, base, ds)
	v.Above = true
	return execute("panel", v)
}

func newErrorView(site fs.FS, base string, ds diag.Errors) errorView {
	v := errorView{Count: len(ds), Reload: base + internal + "reload.js"}
	for i, d := range ds {
		if i == shown {
			v.More = len(ds) - shown
			break
		}
		v.Problems = append(v.Problems, problem{Where: where(d), Msg: d.Msg, Lines: excerpt(site, d)})
	}
	return v
}

func execute(name string, v errorView) []byte {
	var b bytes.Buffer
	if err := errorTemplate.ExecuteTemplate(&b, name, v); err != nil {
		// The template is fixed and its data plain: this is a bug.
		panic(err)
	}
	return b.Bytes()
}

// withPanel puts panel at the start of page's body.
func withPanel(page, panel []byte) []byte {
	i := bytes.Index(page, []byte("<body"))
	if i >= 0 {
		if j := bytes.IndexByte(page[i:], '>'); j >= 0 {
			i += j + 1
		} else {
			i = -1
		}
	}
	if i < 0 {
		i = 0
	}
	out := make([]byte, 0, len(page)+len(panel))
	out = append(out, page[:i]...)
	out = append(out, panel...)
	return append(out, page[i:]...)
}

func where(d diag.Diagnostic) string {
	s := d.File
	if d.Line > 0 {
		s += fmt.Sprintf(":%d", d.Line)
		if d.Col > 0 {
			s += fmt.Sprintf(":%d", d.Col)
		}
	}
	return s
}

// excerpt returns the lines around d's line, or nothing when the file
// cannot be read or has no such line.
func excerpt(site fs.FS, d diag.Diagnostic) []diag.Line {
	if d.File == "" || d.Line < 1 || !fs.ValidPath(d.File) {
		return nil
	}
	src, err := fs.ReadFile(site, d.File)
	if err != nil {
		return nil
	}
	return diag.Excerpt(src, d, around)
}

// errorTemplate's "panel" is scoped by its id, with every rule under it,
// so that it looks the same on its own page and at the top of any page of
// the site, and leaves the site's own styles alone.
var errorTemplate = template.Must(template.New("errors").Parse(`
{{- define "panel" -}}
<section id="scrutiny-errors" aria-labelledby="scrutiny-errors-title">
<style>
#scrutiny-errors{color-scheme:light dark;--fg:#0b0c0c;--bg:#fff;--muted:#505a5f;--line:#b1b4b6;--head:#f3f2f1;--red:#d4351c;all:initial;display:block;box-sizing:border-box;background:var(--bg);color:var(--fg);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;border-bottom:.35rem solid var(--red)}
@media (prefers-color-scheme:dark){#scrutiny-errors{--fg:#f3f2f1;--bg:#141414;--muted:#b1b4b6;--line:#505a5f;--head:#262626;--red:#ff7b67}}
#scrutiny-errors *{box-sizing:border-box;color:inherit}
#scrutiny-errors .wrap{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 1rem}
#scrutiny-errors .title{font-size:1.75rem;font-weight:700;line-height:1.2;margin:0 0 1rem;padding-left:.75rem;border-left:.35rem solid var(--red)}
#scrutiny-errors .lede{margin:0 0 1.5rem;color:var(--muted)}
#scrutiny-errors ol{margin:0;padding:0;list-style:none}
#scrutiny-errors li{margin:0 0 1.5rem;border:1px solid var(--line);border-radius:.25rem;overflow:hidden}
#scrutiny-errors .where{margin:0;padding:.5rem .75rem;background:var(--head);font:600 1rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
#scrutiny-errors .msg{margin:.75rem;font-size:1.125rem;white-space:pre-wrap;overflow-wrap:anywhere}
#scrutiny-errors pre{margin:0;padding:.5rem 0;overflow-x:auto;background:#0b0c0c;color:#f3f2f1;font:.875rem/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;tab-size:4}
#scrutiny-errors .l{display:block;padding:0 .75rem 0 calc(.75rem + 6.5ch);text-indent:-6.5ch;white-space:pre-wrap;word-break:break-all;color:#f3f2f1}
#scrutiny-errors .here{background:#942514;color:#fff}
#scrutiny-errors .n{display:inline-block;width:5ch;margin-right:1.5ch;text-align:right;color:#b1b4b6;user-select:none}
#scrutiny-errors .here .n{color:#fff;font-weight:700}
#scrutiny-errors .caret{color:#ffb3a7;font-weight:700}
#scrutiny-errors .sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
</style>
<div class="wrap">
<h1 class="title" id="scrutiny-errors-title">The site did not build</h1>
<p class="lede">{{.Count}} {{if eq .Count 1}}problem{{else}}problems{{end}}, also printed in the terminal. Fix {{if eq .Count 1}}it{{else}}them{{end}} and save: the page reloads by itself. {{if .Above}} Until then, below is the page as the last good build made it.{{end}}</p>
<ol>
{{- range .Problems}}
<li>
{{- if .Where}}<h2 class="where">{{.Where}}</h2>{{end}}
<p class="msg">{{.Msg}}</p>
{{- with .Lines}}
<pre aria-label="The lines around it"><code>
{{- range .}}<span class="l{{if .Here}} here{{end}}"><span class="n">{{.N}}</span>{{if .Here}}<span class="sr">(the problem is on this line) </span>{{end}}{{.Text}}
</span>
{{- if .Caret}}<span class="l caret" aria-hidden="true"><span class="n"></span>{{.Caret}}
</span>{{end}}
{{- end}}</code></pre>
{{- end}}
</li>
{{- end}}
</ol>
{{- if .More}}
<p>And {{.More}} more: see the terminal.</p>
{{- end}}
</div>
</section>
{{- end -}}

{{- define "page" -}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Count}} {{if eq .Count 1}}error{{else}}errors{{end}}: the site did not build</title>
</head>
<body>
<main>
{{template "panel" .}}
</main>
<script src="{{.Reload}}" defer></script>
</body>
</html>
{{end -}}
`))
