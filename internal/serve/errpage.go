package serve

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"unicode/utf8"

	"scrutiny/internal/diag"
)

// shown is how many problems the error page lists; the terminal has all.
const shown = 50

// around is how many lines the error page shows before and after a
// problem's line.
const around = 2

type errorView struct {
	Count    int
	Problems []problem
	More     int // problems not shown
	Reload   string
}

type problem struct {
	Where string // file:line:col, or "" when the problem is not in a file
	Msg   string
	Lines []sourceLine
}

type sourceLine struct {
	N     int
	Text  string
	Here  bool   // the problem's line
	Caret string // for the problem's line: the line up to the column, blanked, then ^
}

// errorPage is the page served while the sources are broken: every
// problem with the lines of its file around it, read from the site.
func errorPage(site fs.FS, base string, ds diag.Errors) []byte {
	v := errorView{Count: len(ds), Reload: base + internal + "reload.js"}
	for i, d := range ds {
		if i == shown {
			v.More = len(ds) - shown
			break
		}
		v.Problems = append(v.Problems, problem{Where: where(d), Msg: d.Msg, Lines: excerpt(site, d)})
	}
	var b bytes.Buffer
	if err := errorTemplate.Execute(&b, v); err != nil {
		// The template is fixed and its data plain: this is a bug.
		panic(err)
	}
	return b.Bytes()
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
func excerpt(site fs.FS, d diag.Diagnostic) []sourceLine {
	if d.File == "" || d.Line < 1 || !fs.ValidPath(d.File) {
		return nil
	}
	src, err := fs.ReadFile(site, d.File)
	if err != nil || !utf8.Valid(src) {
		return nil
	}
	lines := strings.Split(string(src), "\n")
	if d.Line > len(lines) {
		return nil
	}
	var out []sourceLine
	for n := max(1, d.Line-around); n <= min(len(lines), d.Line+around); n++ {
		l := sourceLine{N: n, Text: strings.TrimSuffix(lines[n-1], "\r")}
		if n == d.Line {
			l.Here = true
			if d.Col > 0 {
				l.Caret = caret(l.Text, d.Col)
			}
		}
		out = append(out, l)
	}
	return out
}

// caret blanks line up to col, counted in runes, keeping tabs so that the
// ^ falls under the column, and adds the ^.
func caret(line string, col int) string {
	var b strings.Builder
	n := 1
	for _, r := range line {
		if n >= col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		n++
	}
	b.WriteByte('^')
	return b.String()
}

var errorTemplate = template.Must(template.New("errors").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Count}} {{if eq .Count 1}}error{{else}}errors{{end}}: the site did not build</title>
<style>
:root{color-scheme:light dark;--fg:#0b0c0c;--bg:#fff;--muted:#505a5f;--line:#b1b4b6;--head:#f3f2f1;--red:#d4351c}
@media (prefers-color-scheme:dark){:root{--fg:#f3f2f1;--bg:#141414;--muted:#b1b4b6;--line:#505a5f;--head:#262626;--red:#ff7b67}}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 1rem;padding-left:.75rem;border-left:.35rem solid var(--red)}
.lede{margin:0 0 1.5rem;color:var(--muted)}
ol{margin:0;padding:0;list-style:none}
li{margin:0 0 1.5rem;border:1px solid var(--line);border-radius:.25rem;overflow:hidden}
h2{margin:0;padding:.5rem .75rem;background:var(--head);font:600 1rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.msg{margin:.75rem;font-size:1.125rem;white-space:pre-wrap;overflow-wrap:anywhere}
pre{margin:0;padding:.5rem 0;overflow-x:auto;background:#0b0c0c;color:#f3f2f1;font:.875rem/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;tab-size:4}
.l{display:block;padding:0 .75rem;min-width:max-content}
.here{background:#942514;color:#fff}
.n{display:inline-block;width:5ch;margin-right:1.5ch;text-align:right;color:#b1b4b6;user-select:none}
.here .n{color:#fff;font-weight:700}
.caret{color:#ffb3a7;font-weight:700}
.sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
</style>
</head>
<body>
<main>
<h1>The site did not build</h1>
<p class="lede">{{.Count}} {{if eq .Count 1}}problem{{else}}problems{{end}}, also printed in the terminal. Fix {{if eq .Count 1}}it{{else}}them{{end}} and save: this page reloads by itself. Until then, files other than pages come from the last good build.</p>
<ol>
{{- range .Problems}}
<li>
{{- if .Where}}<h2>{{.Where}}</h2>{{end}}
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
</main>
<script src="{{.Reload}}" defer></script>
</body>
</html>
`))
