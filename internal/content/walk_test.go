package content

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"scrutiny/internal/meta"
)

func TestCheckSlug(t *testing.T) {
	for _, tt := range []struct {
		slug string
		ok   bool
	}{
		{"gloucestershire", true},
		{"north-somerset", true},
		{"2022-04-01-inspection", true},
		{"a", true},
		{"7", true},
		{"", false},
		{"-a", false},
		{"a-", false},
		{"-", false},
		{"North-Somerset", false},
		{"north_somerset", false},
		{"north somerset", false},
		{"a.b", false},
		{"..", false},
		{"a/b", false},
		{"café", false},
	} {
		if got := CheckSlug(tt.slug) == ""; got != tt.ok {
			t.Errorf("CheckSlug(%q) valid = %v, want %v", tt.slug, got, tt.ok)
		}
	}
}

var slugShape = regexp.MustCompile(`^[a-z0-9-]+$`)

// FuzzCheckSlug checks that every slug CheckSlug accepts is safe in an
// address and a file name: lower-case letters, digits and hyphens, never
// starting or ending with a hyphen.
func FuzzCheckSlug(f *testing.F) {
	for _, s := range []string{"gloucestershire", "2022-04-01-inspection", "-a", "a-", "", "A", "a/../b", "a\x00", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckSlug(s) != "" {
			return
		}
		if !slugShape.MatchString(s) || s[0] == '-' || s[len(s)-1] == '-' {
			t.Fatalf("CheckSlug accepts %q", s)
		}
	})
}

// FuzzAliases checks that every alias the front matter may give is a clean
// site address: it starts with "/", has no empty, "." or ".." segment and
// no segment starting with a dot, and uses only the characters of ordinary
// web paths, so that its redirect page can only be written inside the
// output and never into a hidden folder of it.
func FuzzAliases(f *testing.F) {
	for _, s := range []string{"/old/", "/a/b.html", "/../x/", "/a//b/", "/.git/config/", "/", "a/", "/a/./b", `/a\b`, "/%2e%2e/", "/~x/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		src := []byte("aliases = [" + strconv.Quote(s) + "]\n")
		table, doc := meta.Parse("a.md", src, 1)
		if table == nil || len(doc.Diags) > 0 {
			return // not a TOML string: the TOML error is reported instead
		}
		got := aliases(table, "a.md")
		if len(got) == 0 {
			if len(doc.Diags) == 0 {
				t.Fatalf("alias %q was dropped without a message", s)
			}
			return
		}
		a := got[0].Path
		if !strings.HasPrefix(a, "/") || a == "/" {
			t.Fatalf("accepted %q", a)
		}
		for _, seg := range strings.Split(strings.Trim(a, "/"), "/") {
			if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") {
				t.Fatalf("accepted %q, with the segment %q", a, seg)
			}
			for _, r := range seg {
				if !strings.ContainsRune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-", r) {
					t.Fatalf("accepted %q, with %q", a, r)
				}
			}
		}
	})
}
