package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"scrutiny/internal/synth"
)

// BenchmarkEdit measures what an author waits for: from saving a change
// to one document to the server answering with the changed page. It
// counts the watcher's quiet period, the rebuild and one request.
func BenchmarkEdit(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			if n > 1000 && testing.Short() {
				b.Skip("a site of 10,000 documents takes a while to write and build")
			}
			dir := b.TempDir()
			begin := time.Now()
			if err := synth.Site(dir, n, 1); err != nil {
				b.Fatal(err)
			}
			wrote := time.Since(begin)
			_, host := start(b, dir, false)
			b.Logf("%d documents: written in %v, served after %v", n, wrote.Round(time.Millisecond), time.Since(begin).Round(time.Millisecond))

			file, addr := pickDocument(b, dir)
			orig, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			// The page is asked for when the server says it rebuilt, as
			// an open page would.
			events := subscribe(b, host+"/_scrutiny/events")
			<-events
			client := &http.Client{Timeout: patience}
			i := 0
			for b.Loop() {
				i++
				marker := fmt.Sprintf("Edit number %d.", i)
				if err := os.WriteFile(file, fmt.Appendf(orig, "\n%s\n", marker), 0o644); err != nil {
					b.Fatal(err)
				}
				for {
					select {
					case <-events:
					case <-time.After(4 * patience):
						b.Fatalf("no build %v after edit %d", 4*patience, i)
					}
					if served(b, client, host+addr, marker) {
						break
					}
				}
			}
		})
	}
}

// subscribe follows the server's event stream until the benchmark ends,
// and sends the data of each event.
func subscribe(b *testing.B, url string) <-chan string {
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		b.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	out := make(chan string, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		lines := bufio.NewScanner(resp.Body)
		for lines.Scan() {
			if data, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
				select {
				case out <- data:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	b.Cleanup(func() {
		cancel()
		resp.Body.Close()
		<-done
	})
	return out
}

// pickDocument returns a document of the first body that is a single
// file, and its address.
func pickDocument(b *testing.B, dir string) (file, addr string) {
	body := filepath.Join(dir, "content", "council-001")
	des, err := os.ReadDir(body)
	if err != nil {
		b.Fatal(err)
	}
	for _, de := range des {
		if slug, ok := strings.CutSuffix(de.Name(), ".md"); ok && !de.IsDir() && slug != "_index" {
			return filepath.Join(body, de.Name()), "/council-001/" + slug + "/"
		}
	}
	b.Fatal("no document in council-001")
	return "", ""
}

func served(b *testing.B, client *http.Client, url, marker string) bool {
	resp, err := client.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.Fatal(err)
	}
	return resp.StatusCode == 200 && strings.Contains(string(body), marker)
}
