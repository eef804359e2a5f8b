package serve

import (
	"net"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
)

// hosts are the names a request may give in its Host header: the ones the
// server is reached by. A page on another site can point its own name at
// 127.0.0.1 (DNS rebinding) and then read the server's answers as its own;
// its requests still carry its name, and get nothing.
//
// On the loopback the server answers to localhost, 127.0.0.1 and [::1];
// on one address, to that address; on every interface (0.0.0.0 or ::),
// to the machine's name, its addresses and the loopback's. Each only at
// the port served on. A -baseURL given on purpose adds its own host.
type hosts struct {
	port  string
	names map[string]bool // lower case, without brackets
	extra string          // the host:port of an explicit baseURL
}

func newHosts(bind, port, baseURL string) hosts {
	h := hosts{port: port, names: map[string]bool{}}
	add := func(name string) {
		if name = canonicalHost(name); name != "" {
			h.names[name] = true
		}
	}
	ip, err := netip.ParseAddr(bind)
	all := bind == "" || err == nil && ip.IsUnspecified()
	if all || isLoopback(bind) {
		for _, n := range []string{"localhost", "127.0.0.1", "::1"} {
			add(n)
		}
	}
	add(bind)
	if all {
		if name, err := os.Hostname(); err == nil {
			add(name)
			if short, _, ok := strings.Cut(name, "."); ok {
				add(short)
			} else {
				add(name + ".local") // the name mDNS gives it on the local network
			}
		}
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if p, err := netip.ParsePrefix(a.String()); err == nil {
					add(p.Addr().String())
				}
			}
		}
	}
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		port := u.Port()
		if port == "" {
			port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
		}
		h.extra = canonicalHost(u.Hostname()) + ":" + port
	}
	return h
}

// canonicalHost is a host name or address as the server compares it.
func canonicalHost(name string) string {
	name = strings.TrimSuffix(strings.ToLower(strings.Trim(name, "[]")), ".")
	if ip, err := netip.ParseAddr(name); err == nil {
		return ip.Unmap().WithZone("").String()
	}
	return name
}

// allowed reports whether the Host header hostport names this server.
func (h hosts) allowed(hostport string) bool {
	name, port, err := net.SplitHostPort(hostport)
	if err != nil {
		// No port: the browser's default, 80.
		name, port = hostport, "80"
	}
	name = canonicalHost(name)
	if name+":"+port == h.extra {
		return true
	}
	return port == h.port && h.names[name]
}

// list names the accepted hosts, for the refusal.
func (h hosts) list() string {
	var out []string
	for n := range h.names {
		out = append(out, net.JoinHostPort(n, h.port))
	}
	slices.Sort(out)
	if h.extra != "" {
		out = append(out, h.extra)
	}
	return strings.Join(out, ", ")
}

// portOf is the port of a listener's address.
func portOf(ln net.Listener) string { return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port) }
