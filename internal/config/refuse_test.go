package config

import (
	"strings"
	"testing"
)

// TestRefused checks values site.toml once accepted that make a broken
// site: each is an error at its line and column, saying what would be
// right.
func TestRefused(t *testing.T) {
	for _, tt := range []struct {
		name, src, baseURL string
		want               string // file:line:col: the start of the message
	}{
		{
			name: "javascript licenceURL",
			src:  minimal + "licence = \"L\"\nlicenceURL = \"javascript:alert(1)\"\n",
			want: `site.toml:4:14: licenceURL "javascript:alert(1)" must be an http or https address`,
		},
		{
			name: "data licenceURL",
			src:  minimal + "licenceURL = \"data:text/html,x\"\n",
			want: `site.toml:3:14: licenceURL "data:text/html,x" must be an http or https address`,
		},
		{
			name: "licenceURL with a control character",
			src:  minimal + "licenceURL = \"/licence\\u0007/\"\n",
			want: `site.toml:3:14: licenceURL "/licence\a/" holds "\a" at character 9`,
		},
		{
			name: "framework ends before it starts",
			src:  minimal + "[[frameworks]]\nkey = \"f\"\nlabel = \"F\"\nfrom = 2020-01-01\nto = 2019-12-31\n[[frameworks.areas]]\nkey = \"overall\"\nlabel = \"Overall\"\n",
			want: `site.toml:7:6: framework "f" ends (to = 2019-12-31) before it starts (from = 2020-01-01)`,
		},
		{
			name: "area key twice",
			src:  minimal + "[[frameworks]]\nkey = \"f\"\nlabel = \"F\"\nfrom = 2020-01-01\n[[frameworks.areas]]\nkey = \"overall\"\nlabel = \"Overall\"\n[[frameworks.areas]]\nkey = \"overall\"\nlabel = \"Again\"\n",
			want: `site.toml:11:7: area "overall" is already in framework "f", at line 8`,
		},
		{
			name: "framework from year 0",
			src:  minimal + "[[frameworks]]\nkey = \"f\"\nlabel = \"F\"\nfrom = 0000-01-01\n[[frameworks.areas]]\nkey = \"overall\"\nlabel = \"Overall\"\n",
			want: `site.toml:6:8: frameworks[1].from: 0000-01-01 is not a date of any inspection`,
		},
		{
			name: "baseURL with a space",
			src:  "title = \"T\"\nbaseURL = \"https://example.org/my site/\"\n",
			want: `site.toml:2:11: baseURL: "https://example.org/my site/" has " " in its path`,
		},
		{
			name:    "-baseURL with a space",
			src:     minimal,
			baseURL: "https://example.org/my site/",
			want:    `-baseURL: "https://example.org/my site/" has " " in its path`,
		},
		{
			name:    "-baseURL percent-encoded",
			src:     minimal,
			baseURL: "https://example.org/my%20site/",
			want:    `-baseURL: "https://example.org/my%20site/" has "%" in its path`,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Load([]byte(tt.src), tt.baseURL)
			if len(ds) != 1 || !strings.HasPrefix(ds[0].Error(), tt.want) {
				t.Errorf("Load:\n%v\nwant one diagnostic starting\n%s", ds.Err(), tt.want)
			}
		})
	}
}
