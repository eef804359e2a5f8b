package content

import (
	"regexp"
	"testing"
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
