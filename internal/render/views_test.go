package render

import (
	"strings"
	"testing"
)

func TestFirstParagraph(t *testing.T) {
	long := strings.Repeat("word ", 60)
	for _, tt := range []struct{ html, want string }{
		{`<h2 id="a">A</h2><pre><code>x</code></pre><p id="p1">One &amp; <em>two</em>. <a class="anchor" href="#p1" aria-label="Link">¶</a></p><p>Next</p>`, "One & two."},
		{`<ul><li>no paragraph</li></ul>`, ""},
		{`<p>` + long + `</p>`, strings.TrimSpace(strings.Repeat("word ", 40)) + "…"},
	} {
		if got := firstParagraph([]byte(tt.html)); got != tt.want {
			t.Errorf("firstParagraph(%.60q) = %q, want %q", tt.html, got, tt.want)
		}
	}
}
