package serve

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestHostHeader checks that the server answers only requests that name
// it: a page of another site whose name was pointed at 127.0.0.1 (DNS
// rebinding) must not read the drafts.
func TestHostHeader(t *testing.T) {
	s, addr := start(t, writeSite(t), false)
	port := s.hosts.port
	for _, tt := range []struct {
		host string
		ok   bool
	}{
		{"127.0.0.1:" + port, true},
		{"localhost:" + port, true},
		{"LOCALHOST:" + port, true},
		{"[::1]:" + port, true},
		{"evil.example:" + port, false},
		{"evil.example", false},
		{"127.0.0.1", false},          // port 80: another server
		{"127.0.0.1:1" + port, false}, // another port
		{"localhost.evil.example:" + port, false},
	} {
		req, err := http.NewRequest("GET", addr+"/", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = tt.host
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := resp.StatusCode != http.StatusMisdirectedRequest; got != tt.ok {
			t.Errorf("Host %q: %d %q; want answered %t", tt.host, resp.StatusCode, body, tt.ok)
		}
		if !tt.ok && !strings.Contains(string(body), "127.0.0.1:"+port) {
			t.Errorf("Host %q: the refusal does not say which hosts are served: %q", tt.host, body)
		}
	}
}

// TestHostsAllInterfaces checks the names accepted on every interface:
// the machine's and the loopback's, never any name at all.
func TestHostsAllInterfaces(t *testing.T) {
	h := newHosts("0.0.0.0", "1313", "")
	for host, want := range map[string]bool{
		"localhost:1313": true, "127.0.0.1:1313": true, "evil.example:1313": false, "localhost:80": false,
	} {
		if got := h.allowed(host); got != want {
			t.Errorf("on 0.0.0.0, allowed(%q) = %t, want %t", host, got, want)
		}
	}
	h = newHosts("192.0.2.7", "1313", "http://dev.example:8080/")
	for host, want := range map[string]bool{
		"192.0.2.7:1313": true, "localhost:1313": false, "dev.example:8080": true, "dev.example:1313": false,
	} {
		if got := h.allowed(host); got != want {
			t.Errorf("on 192.0.2.7, allowed(%q) = %t, want %t", host, got, want)
		}
	}
}
