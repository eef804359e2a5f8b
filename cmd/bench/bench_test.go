package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"scrutiny/internal/synth"
)

func TestFloor(t *testing.T) {
	site, out := t.TempDir(), t.TempDir()
	if err := synth.Site(site, 20, 1); err != nil {
		t.Fatal(err)
	}
	var md int
	_ = filepath.WalkDir(filepath.Join(site, "content"), func(p string, _ os.DirEntry, _ error) error {
		if strings.HasSuffix(p, ".md") {
			md++
		}
		return nil
	})
	files, err := floor(site, out)
	if err != nil {
		t.Fatal(err)
	}
	if files != md {
		t.Errorf("floor wrote %d files for %d Markdown files", files, md)
	}
	body, err := os.ReadFile(filepath.Join(out, "council-001", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(body) == 0 || strings.Contains(string(body), "+++") {
		t.Errorf("council-001/index.html is empty or holds front matter:\n%s", body)
	}
	var headed int
	_ = filepath.WalkDir(out, func(p string, _ os.DirEntry, _ error) error {
		if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), `<h2 id="section-1`) {
			headed++
		}
		return nil
	})
	if headed == 0 {
		t.Error("no page has a heading with an automatic id")
	}
}

func TestCutFront(t *testing.T) {
	for _, c := range []struct{ src, front, body string }{
		{"+++\ntitle = \"x\"\n+++\ntext\n", "title = \"x\"\n", "text\n"},
		{"+++\n+++\ntext\n", "", "text\n"},
	} {
		front, body, ok := cutFront([]byte(c.src))
		if !ok || string(front) != c.front || string(body) != c.body {
			t.Errorf("cutFront(%q) = %q, %q, %v; want %q, %q", c.src, front, body, ok, c.front, c.body)
		}
	}
	if _, _, ok := cutFront([]byte("no front matter\n")); ok {
		t.Error("cutFront accepted a file without front matter")
	}
}

func TestMedian(t *testing.T) {
	s := func(wall, cpu time.Duration, rss int64) sample { return sample{wall: wall, cpu: cpu, rss: rss} }
	got := median([]sample{s(3, 10, 5), s(1, 30, 9), s(2, 20, 1)})
	if want := s(2, 20, 5); got.wall != want.wall || got.cpu != want.cpu || got.rss != want.rss {
		t.Errorf("median = %+v, want %+v", got, want)
	}
}
