package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// hostFiles reads the example host files of docs/hosting with Python's
// YAML and TOML readers (PyYAML and the standard tomllib), which the hosts
// themselves agree with on these files, and returns each as JSON data.
const hostFiles = `
import json, sys, tomllib, yaml
out = {}
for name in sys.argv[1:]:
    with open(name, "rb") as f:
        if name.endswith(".toml"):
            out[name] = tomllib.load(f)
        else:
            # YAML 1.1 reads the key "on" as true: GitHub reads it as "on".
            data = yaml.safe_load(f)
            if isinstance(data, dict) and True in data:
                data["on"] = data.pop(True)
            out[name] = data
print(json.dumps(out))
`

// goVersion is the go line of go.mod: the Go the project builds with.
func goVersion(t *testing.T) string {
	t.Helper()
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	return string(m[1])
}

// TestHostFiles checks the example files for GitHub Pages, GitLab Pages
// and Netlify: each parses, builds with the README's command into the
// folder the host publishes, for the address the host gives, with the Go
// of go.mod.
func TestHostFiles(t *testing.T) {
	t.Parallel()
	python := pythonWith(t, "yaml, tomllib", "apt-get install python3-yaml (and Python 3.11 or later, for tomllib)")
	dir := filepath.Join(root, "docs", "hosting")
	names := []string{"github-pages.yml", "gitlab-ci.yml", "netlify.toml"}
	var args []string
	for _, n := range names {
		args = append(args, filepath.Join(dir, n))
	}
	stdout, stderr, status := run(t, time.Minute, nil, python, append([]string{"-c", hostFiles}, args...)...)
	if status != 0 {
		t.Fatalf("a host file does not parse:\n%s", stderr)
	}
	var files map[string]any
	if err := json.Unmarshal(stdout, &files); err != nil {
		t.Fatal(err)
	}
	get := func(name string, keys ...any) any {
		v := files[filepath.Join(dir, name)]
		for _, k := range keys {
			switch k := k.(type) {
			case string:
				m, _ := v.(map[string]any)
				v = m[k]
			case int:
				l, _ := v.([]any)
				if k >= len(l) {
					return nil
				}
				v = l[k]
			}
		}
		return v
	}
	goVer := goVersion(t)

	// GitHub Pages: the build step runs the README's command for the
	// address Pages gives, and uploads public/.
	steps, _ := get("github-pages.yml", "jobs", "build", "steps").([]any)
	var build, upload string
	for i := range steps {
		if r, ok := get("github-pages.yml", "jobs", "build", "steps", i, "run").(string); ok {
			build = r
		}
		if u, _ := get("github-pages.yml", "jobs", "build", "steps", i, "uses").(string); strings.HasPrefix(u, "actions/upload-pages-artifact@") {
			upload, _ = get("github-pages.yml", "jobs", "build", "steps", i, "with", "path").(string)
		}
	}
	if want := `go run ./cmd/scrutiny build -baseURL "${{ steps.pages.outputs.base_url }}/"`; build != want {
		t.Errorf("github-pages.yml builds with %q, want %q", build, want)
	}
	if upload != "public" {
		t.Errorf("github-pages.yml uploads %q, want public", upload)
	}
	if get("github-pages.yml", "on", "push") == nil || get("github-pages.yml", "jobs", "deploy", "needs") != "build" {
		t.Errorf("github-pages.yml does not build on a push and deploy after the build")
	}
	if v := get("github-pages.yml", "jobs", "build", "steps", 1, "with", "go-version-file"); v != "go.mod" {
		t.Errorf("github-pages.yml sets up Go from %v, want go.mod", v)
	}

	// GitLab Pages publishes public/.
	if got, want := get("gitlab-ci.yml", "pages", "script", 0), `go run ./cmd/scrutiny build -baseURL "$CI_PAGES_URL/"`; got != want {
		t.Errorf(".gitlab-ci.yml builds with %q, want %q", got, want)
	}
	if get("gitlab-ci.yml", "pages", "artifacts", "paths", 0) != "public" {
		t.Errorf(".gitlab-ci.yml does not publish public/")
	}
	if got, want := get("gitlab-ci.yml", "pages", "image"), "golang:"+goVer+"-bookworm"; got != want {
		t.Errorf(".gitlab-ci.yml builds in %v, want %s, the Go of go.mod", got, want)
	}

	// Netlify.
	if got := get("netlify.toml", "build", "publish"); got != "public" {
		t.Errorf("netlify.toml publishes %v, want public", got)
	}
	if got, want := get("netlify.toml", "build", "command"), `go run ./cmd/scrutiny build -baseURL "$URL/"`; got != want {
		t.Errorf("netlify.toml builds with %q, want %q", got, want)
	}
	if got := get("netlify.toml", "build", "environment", "GO_VERSION"); got != goVer {
		t.Errorf("netlify.toml asks for Go %v, want %s, the Go of go.mod", got, goVer)
	}
}

// TestDockerfile checks that the Dockerfile builds with the Go of go.mod,
// and with the build command that the README gives for a build without
// Docker, so that the two make the same binary.
func TestDockerfile(t *testing.T) {
	t.Parallel()
	docker, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	from := regexp.MustCompile(`(?m)^FROM golang:(\S+?)-bookworm AS build$`).FindSubmatch(docker)
	if from == nil || string(from[1]) != goVersion(t) {
		t.Errorf("the Dockerfile builds with Go %q, want %s, the Go of go.mod", from, goVersion(t))
	}
	if !regexp.MustCompile(`(?m)^FROM scratch$`).Match(docker) {
		t.Errorf("the Dockerfile's image is not FROM scratch: it should hold the binary alone")
	}
	cmd := regexp.MustCompile(`(?m)^RUN (CGO_ENABLED=0 go build .*) -o /out/scrutiny ./cmd/scrutiny$`).FindSubmatch(docker)
	if cmd == nil {
		t.Fatal("the Dockerfile has no RUN CGO_ENABLED=0 go build ... -o /out/scrutiny ./cmd/scrutiny")
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := string(cmd[1]) + " -o scrutiny ./cmd/scrutiny"; !strings.Contains(string(readme), "\n"+want+"\n") {
		t.Errorf("the README does not give the Dockerfile's build command as a line of its own: %s", want)
	}
}
