package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// A vnuMessage is one finding of the Nu Html Checker's JSON output.
type vnuMessage struct {
	Type, SubType, URL, Message, Extract string
	LastLine, FirstColumn, LastColumn    int
}

// vnu runs the Nu Html Checker from vnu-jar with its JSON output, and
// returns its findings. It finds errors in the control file it is given as
// well as in the files under test, which proves it read them: a checker
// that checked nothing would pass everything.
func vnu(t *testing.T, control string, args ...string) []vnuMessage {
	t.Helper()
	java := program(t, "java", "apt-get install default-jre-headless")
	jar := ciFile(t, "vnu-jar/build/dist/vnu.jar")
	control, _ = filepath.Abs(control)
	args = append([]string{"-jar", jar, "--errors-only", "--format", "json"}, append(args, control)...)
	_, stderr, status := run(t, 5*time.Minute, nil, java, args...)
	var report struct{ Messages []vnuMessage }
	if err := json.Unmarshal(stderr, &report); err != nil {
		t.Fatalf("the Nu Html Checker printed no JSON report (exit status %d): %v\n%s", status, err, stderr)
	}
	var out []vnuMessage
	controlled := false
	for _, m := range report.Messages {
		if p, err := url.Parse(m.URL); err == nil && filepath.Clean(p.Path) == control {
			controlled = controlled || m.Type == "error"
			continue
		}
		out = append(out, m)
	}
	if !controlled {
		t.Fatalf("the Nu Html Checker found no error in the control file %s, so its report cannot be trusted", control)
	}
	return out
}

// report prints vnu's findings, grouped by file and sorted, with the path
// relative to dir.
func report(t *testing.T, dir string, msgs []vnuMessage) {
	t.Helper()
	sort.SliceStable(msgs, func(i, j int) bool {
		if msgs[i].URL != msgs[j].URL {
			return msgs[i].URL < msgs[j].URL
		}
		return msgs[i].LastLine < msgs[j].LastLine || msgs[i].LastLine == msgs[j].LastLine && msgs[i].FirstColumn < msgs[j].FirstColumn
	})
	const most = 100
	for i, m := range msgs {
		if i == most {
			t.Errorf("…and %d more", len(msgs)-most)
			break
		}
		name := m.URL
		if u, err := url.Parse(m.URL); err == nil {
			if rel, err := filepath.Rel(dir, u.Path); err == nil {
				name = filepath.ToSlash(rel)
			}
		}
		t.Errorf("%s:%d:%d: %s: %s\n  %q", name, m.LastLine, m.FirstColumn, m.Type, m.Message, m.Extract)
	}
}

// TestHTML runs the Nu Html Checker (the W3C's validator) over every page
// of the built example site, and of the plan site, and wants no error.
func TestHTML(t *testing.T) {
	t.Parallel()
	s, plan := builtSite(t), planSite(t)
	msgs := vnu(t, filepath.Join("testdata", "invalid.html"), "--skip-non-html", s.Dir, plan.Dir)
	t.Logf("checked %d pages", len(s.htmlFiles(t))+len(plan.htmlFiles(t)))
	report(t, s.Dir, msgs)
}

// TestCSS runs the Nu Html Checker's CSS checker over the theme's
// stylesheet, as written and as built (minified), and wants no error. It
// knows current CSS; were it ever to flag something valid, filter that one
// message here, with the reason, rather than the whole file.
func TestCSS(t *testing.T) {
	t.Parallel()
	s := builtSite(t)
	src := filepath.Join(root, "static", "css", "scrutiny.css")
	built := filepath.Join(s.Dir, "css", "scrutiny.css")
	if !isFile(built) {
		t.Fatalf("the site has no css/scrutiny.css")
	}
	msgs := vnu(t, filepath.Join("testdata", "invalid.css"), "--css", src, built)
	for i := range msgs {
		if strings.HasPrefix(msgs[i].URL, "file:"+s.Dir) {
			msgs[i].URL = "file:" + filepath.Join(root, "public", strings.TrimPrefix(msgs[i].URL, "file:"+s.Dir))
			msgs[i].Message = fmt.Sprintf("%s (in the built, minified file)", msgs[i].Message)
		}
	}
	report(t, root, msgs)
}
