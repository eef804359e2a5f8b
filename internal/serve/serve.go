// Package serve is the live authoring server: it builds a site in memory,
// serves it on the local machine, watches its sources and builds again
// what changed, and reloads open pages over Server-Sent Events.
//
// The site is served under its base path (a site whose baseURL is
// https://example.gov.uk/inspections/ is at http://127.0.0.1:1313/inspections/),
// and its absolute addresses point at the local server. Only the built
// site is served: a request names a file of the last build or nothing.
//
// While the sources are broken, every page shows the build's errors,
// with the lines around each, and the terminal prints them; the last good
// build goes on serving everything else, and the first good build after
// the fix replaces the error page by itself.
package serve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"scrutiny/internal/build"
	"scrutiny/internal/config"
	"scrutiny/internal/diag"
	"scrutiny/internal/source"
)

// ErrNotLoopback is returned by New for an address that other machines
// could reach, unless Options.Expose is set.
var ErrNotLoopback = errors.New("not a loopback address")

// Options say what to serve and where.
type Options struct {
	Dir     string // the site's folder
	Theme   fs.FS  // the default theme
	BaseURL string // overrides site.toml's; by default the local server's address with site.toml's path
	// HideDrafts leaves drafts out, as a build does. By default they are
	// shown, each page of one marked as a draft, so that an author sees
	// the document just started.
	HideDrafts bool

	Addr   string // host:port to listen on; port 0 picks a free one
	Expose bool   // allow an Addr that other machines can reach
	Poll   bool   // look for changes every half second instead of using fsnotify

	Out io.Writer // what the server is doing
	Err io.Writer // build errors and warnings
}

// Server serves one site. Make it with New, then call Serve once.
type Server struct {
	opt   Options
	site  fs.FS
	ln    net.Listener
	host  string // the server's own host:port, for URLs
	hosts hosts  // the Host headers it answers
	w     *watcher
	token string // tells this run's builds from an earlier run's

	// Owned by the goroutine that builds.
	sess      *build.Session
	base      string   // the base path the session builds for
	sinceGood []string // sources changed since the last good build; nil: anything may have
	builds    int

	state atomic.Pointer[state]
	done  chan struct{} // closed when the server stops, to end event streams
}

// state is what the server serves. A new one replaces it after every
// build; it is never changed.
type state struct {
	site     *build.Snapshot // the last good build; nil until there is one
	base     string          // the base path of site, such as "/inspections/"
	errs     diag.Errors     // the last build's problems; nil when it succeeded
	errPage  []byte          // the page that shows errs, when there is no site to show
	errPanel []byte          // errs as a panel at the top of the site's pages
	version  string          // tells one published state from another
	next     chan struct{}   // closed when a newer state replaces this one
}

// New checks opt, listens, starts watching the site and builds it once.
// A site with errors is not an error here: the server shows them until
// they are fixed.
func New(opt Options) (*Server, error) {
	if opt.Out == nil {
		opt.Out = io.Discard
	}
	if opt.Err == nil {
		opt.Err = io.Discard
	}
	host, _, err := net.SplitHostPort(opt.Addr)
	if err != nil {
		return nil, err
	}
	if !isLoopback(host) {
		if !opt.Expose {
			return nil, fmt.Errorf("%s is %w: other machines could see the site, drafts and unfinished edits included", opt.Addr, ErrNotLoopback)
		}
		fmt.Fprintf(opt.Err, "warning: serving on %s, where other machines can reach the site, drafts and unfinished edits included\n", opt.Addr)
	}
	if _, err := os.Stat(filepath.Join(opt.Dir, config.File)); err != nil {
		return nil, fmt.Errorf("no %s in %s: run scrutiny in a site's folder or name one with -s DIR", config.File, opt.Dir)
	}
	// Every file of the site is read through site, error excerpts
	// included: it refuses links out of the site and special files.
	site, err := source.Open(opt.Dir)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", opt.Addr)
	if err != nil {
		return nil, err
	}
	port := portOf(ln)
	accepted := newHosts(host, port, opt.BaseURL)
	if ip, err := netip.ParseAddr(host); host == "" || err == nil && ip.IsUnspecified() {
		host = "localhost"
	}
	s := &Server{
		opt:   opt,
		site:  site,
		ln:    ln,
		host:  net.JoinHostPort(host, port),
		hosts: accepted,
		token: strconv.FormatInt(time.Now().UnixNano(), 36),
		done:  make(chan struct{}),
	}
	s.state.Store(&state{base: "/", next: make(chan struct{})})
	warn := func(format string, args ...any) { fmt.Fprintf(opt.Err, "warning: "+format+"\n", args...) }
	// Watch before building, so that an edit made during the first build
	// is not lost.
	s.w = newWatcher(opt.Dir, opt.Poll, warn)
	s.rebuild(nil)
	return s, nil
}

// isLoopback reports whether host names this machine only.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// URL is the site's address on the server.
func (s *Server) URL() string { return "http://" + s.host + s.state.Load().base }

// Serve serves the site, rebuilding it as its sources change, until ctx
// is done; then it stops the server and the watcher and returns.
func (s *Server) Serve(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	var wg sync.WaitGroup
	wg.Go(func() { s.w.run(ctx) })
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case changed := <-s.w.batches:
				s.rebuild(changed)
			}
		}
	})
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(s.ln) }()

	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
		cancel()
	}
	// Shutdown waits for requests to finish, and an event stream never
	// does by itself.
	close(s.done)
	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if serr := srv.Shutdown(sctx); err == nil {
		err = serr
	}
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// rebuild builds the site after changed sources changed (nil: anything)
// and publishes the result.
func (s *Server) rebuild(changed []string) {
	start := time.Now()
	// The session is told of every source changed since its last good
	// build, not just of this batch: a build that failed may have read
	// the sources that changed, and the next must not take them for
	// unchanged.
	s.sinceGood = union(s.sinceGood, changed)
	if s.sess == nil || changed == nil || slices.Contains(changed, config.File) {
		s.configure()
	}
	s.builds++
	snap, err := s.sess.Build(s.sinceGood)
	took := time.Since(start).Round(time.Millisecond)

	old := s.state.Load()
	next := &state{site: old.site, base: old.base, next: make(chan struct{})}
	if old.site == nil {
		next.base = s.base
	}
	if err != nil {
		ds, ok := diag.As(err)
		if !ok {
			ds = diag.Errors{{Msg: err.Error()}}
		}
		next.errs = ds
		next.errPage = errorPage(s.site, next.base, ds)
		next.errPanel = errorPanel(s.site, next.base, ds)
		// The terminal names files from the folder serve runs in.
		diag.Print(s.opt.Err, ds, diag.ReadFS(s.site), func(f string) string { return filepath.ToSlash(filepath.Join(s.opt.Dir, f)) })
		still := "still serving the last good build"
		if old.site == nil {
			still = "serving the errors until they are fixed"
		}
		fmt.Fprintf(s.opt.Err, "%d %s in %v; %s\n", len(ds), plural(len(ds), "error", "errors"), took, still)
	} else {
		s.sinceGood = []string{}
		if old.errs == nil && old.site != nil && len(snap.Changed) == 0 && old.base == s.base {
			fmt.Fprintf(s.opt.Out, "built %s in %v: no page changed\n", what(changed), took)
			return
		}
		next.site, next.base = snap, s.base
		if old.site == nil {
			fmt.Fprintf(s.opt.Out, "built %d files in %v\n", len(snap.Files), took)
		} else {
			fmt.Fprintf(s.opt.Out, "built %s in %v: %d %s changed\n", what(changed), took, len(snap.Changed), plural(len(snap.Changed), "file", "files"))
		}
	}
	next.version = s.token + "." + strconv.Itoa(s.builds)
	s.state.Store(next)
	close(old.next)
}

// configure makes the session, again when the site's base path changed:
// the site is built for the local server's address with site.toml's path.
func (s *Server) configure() {
	// A site.toml too broken to say keeps the path it had: the build
	// reports what is wrong with it.
	base := cmp.Or(s.base, "/")
	src, _ := fs.ReadFile(s.site, config.File)
	if cfg, _ := config.Load(src, s.opt.BaseURL); cfg != nil && cfg.BasePath != "" {
		base = cfg.BasePath
	}
	if s.sess != nil && base == s.base {
		return
	}
	baseURL := s.opt.BaseURL
	if baseURL == "" {
		baseURL = "http://" + s.host + base
	}
	s.sess = build.NewSession(build.Options{Site: s.site, Theme: s.opt.Theme, BaseURL: baseURL, Drafts: !s.opt.HideDrafts})
	s.base, s.sinceGood = base, nil
}

// union adds b's paths to a's; nil, meaning everything, absorbs all.
func union(a, b []string) []string {
	if a == nil || b == nil {
		return nil
	}
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// what names the changed sources for the terminal.
func what(changed []string) string {
	switch len(changed) {
	case 0:
		return "everything"
	case 1:
		return changed[0]
	}
	return fmt.Sprintf("%s and %d more", changed[0], len(changed)-1)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
