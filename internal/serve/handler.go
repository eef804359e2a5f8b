package serve

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// internal is the folder of the server's own files, answered at the root
// and under the base path. A build never writes them.
const internal = "_scrutiny/"

// reloadJS reloads the page when the server publishes a build other than
// the one the page came from, which the page's script address names
// (?build=): a page made by one build and opened as the next is published
// reloads at once, however quickly two saves follow each other. The first
// event of a stream names the current build, so a page also reloads after
// missing an event, or when the server restarts.
const reloadJS = `// Written by scrutiny serve: reload the page when the site is rebuilt.
(() => {
  const src = new URL(document.currentScript.src);
  const mine = src.searchParams.get("build");
  const events = new EventSource(new URL("events", src));
  events.addEventListener("build", (e) => {
    if (e.data !== mine) location.reload();
  });
})();
`

// ServeHTTP answers with a file of the last good build (its pages topped
// by the last build's problems, if it failed), the page of those problems
// while there is no good build, or the server's own script and event
// stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hosts.allowed(r.Host) {
		// 421: this server is not the one the request is for.
		http.Error(w, "scrutiny serve answers only requests for "+s.hosts.list()+", not for "+strconv.Quote(r.Host), http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	st := s.state.Load()
	p := r.URL.Path
	if name, ok := strings.CutPrefix(p, "/"+internal); ok {
		s.internal(w, r, name)
		return
	}
	if name, ok := strings.CutPrefix(p, st.base+internal); ok {
		s.internal(w, r, name)
		return
	}
	if st.site == nil {
		s.errorPage(w, r, st)
		return
	}
	rel, ok := strings.CutPrefix(p, st.base)
	if !ok {
		if p == "/" || p+"/" == st.base {
			redirect(w, r, st.base)
			return
		}
		s.notFound(w, r, st)
		return
	}
	name, ok := lookup(st, rel)
	switch {
	case !ok && name != "":
		redirect(w, r, p+"/")
	case !ok:
		s.notFound(w, r, st)
	default:
		s.file(w, r, st, name, http.StatusOK)
	}
}

// lookup finds the file of the build that answers rel, the request's
// path under the base path. Only the build's own names can match: no
// request reaches the file system, and a name with "..", or any other
// name the build did not make, finds nothing. For a folder asked for
// without its trailing slash, lookup returns its index and false.
func lookup(st *state, rel string) (name string, ok bool) {
	if strings.Contains(rel, "\x00") || strings.Contains(rel, "\\") {
		return "", false
	}
	for seg := range strings.SplitSeq(rel, "/") {
		if seg == "." || seg == ".." {
			return "", false
		}
	}
	name = rel
	if rel == "" || strings.HasSuffix(rel, "/") {
		name += "index.html"
	}
	if _, ok, _ := st.site.File(name); ok {
		return name, true
	}
	if index := rel + "/index.html"; !strings.HasSuffix(rel, "/") && st.site.Files[index] != nil {
		return index, false
	}
	return "", false
}

// redirect sends the browser to to, keeping the query. The redirect is
// temporary: localhost:1313 serves one site today and another tomorrow,
// and browsers keep permanent redirects.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, to, http.StatusFound)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st *state) {
	if _, ok := st.site.Files["404.html"]; ok {
		s.file(w, r, st, "404.html", http.StatusNotFound)
		return
	}
	if st.errs != nil {
		s.errorPage(w, r, st)
		return
	}
	http.NotFound(w, r)
}

// file sends the built file name. An HTML page gets the reload script,
// and, while the sources are broken, the panel of their problems at the
// top: the page itself is the last good build's.
func (s *Server) file(w http.ResponseWriter, r *http.Request, st *state, name string, status int) {
	data, _, err := st.site.File(name)
	if err != nil {
		// The search index is made on its first request, and can fail
		// only as the build itself would.
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	ctype := contentType(name, data)
	if strings.HasPrefix(ctype, "text/html") {
		if st.errs != nil {
			data = withPanel(data, st.errPanel)
		}
		data = inject(data, st.base, st.version)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	if status == http.StatusOK {
		// ServeContent answers conditional and range requests; with
		// no-cache the browser asks again each time, and the ETag spares
		// sending what it has.
		f := fnv.New64a()
		f.Write(data)
		h.Set("ETag", `"`+strconv.FormatUint(f.Sum64(), 36)+`"`)
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
		return
	}
	send(w, r, status, data)
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, st *state) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	page := st.errPage
	if page == nil {
		// No build has finished yet; cannot happen once New returned.
		page = []byte("building…\n")
	}
	page = inject(page, st.base, st.version)
	send(w, r, http.StatusInternalServerError, page)
}

func send(w http.ResponseWriter, r *http.Request, status int, data []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// inject adds the reload script, naming the build that made the page, to
// an HTML page before </body>; where the page has the script already (the
// layout adds it when serving), it names the build there.
func inject(page []byte, base, version string) []byte {
	script := internal + "reload.js"
	stamped := script + "?build=" + url.QueryEscape(version)
	if bytes.Contains(page, []byte("/"+script+`"`)) {
		return bytes.Replace(page, []byte("/"+script+`"`), []byte("/"+stamped+`"`), 1)
	}
	tag := `<script src="` + base + stamped + `" defer></script>`
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// types are the content types of the files a site holds, so that they do
// not depend on the machine's mime.types.
var types = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".json":  "application/json",
	".xml":   "application/xml",
	".svg":   "image/svg+xml",
	".txt":   "text/plain; charset=utf-8",
	".csv":   "text/csv; charset=utf-8",
	".pdf":   "application/pdf",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
	".woff":  "font/woff",
}

// contentType is the type of a built file, by its extension, else by its
// first bytes.
func contentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// internal answers the server's own files.
func (s *Server) internal(w http.ResponseWriter, r *http.Request, name string) {
	switch name {
	case "reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		send(w, r, http.StatusOK, []byte(reloadJS))
	case "events":
		s.events(w, r)
	default:
		http.NotFound(w, r)
	}
}

// events streams the version of each build the server publishes, the
// current one first, until the client goes or the server stops.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	// A client that lost the stream tries again after a second.
	fmt.Fprint(w, "retry: 1000\n\n")
	// Saying the current version again now and then keeps proxies and
	// idle timeouts from closing a quiet stream.
	again := time.NewTicker(30 * time.Second)
	defer again.Stop()
	st := s.state.Load()
	for {
		if _, err := fmt.Fprintf(w, "event: build\ndata: %s\n\n", st.version); err != nil || rc.Flush() != nil {
			return
		}
		select {
		case <-st.next:
			st = s.state.Load()
		case <-again.C:
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
	}
}
