package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"

	"scrutiny"
	"scrutiny/internal/serve"
)

// runServe runs "scrutiny serve": it serves the site on this machine until
// ctx is done (Ctrl-C), rebuilding it as its sources change.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f siteFlags
	fs := newFlags("serve", &f, stderr, false)
	port := fs.Int("port", 1313, "the `port` to serve on (0 picks a free one)")
	bind := fs.String("bind", "127.0.0.1", "the `address` to serve on (beyond the loopback, other machines can see the site, drafts included)")
	poll := fs.Bool("poll", false, "look for changes every half second instead of asking the system to report them")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "scrutiny serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	// Serving beyond this machine takes an address given on purpose: the
	// server then says what it exposes.
	bindSet := false
	fs.Visit(func(f *flag.Flag) { bindSet = bindSet || f.Name == "bind" })
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "scrutiny serve: -port %d is not a port number\n", *port)
		return 2
	}
	srv, err := serve.New(serve.Options{
		Dir:        f.site,
		Theme:      scrutiny.Theme,
		BaseURL:    f.baseURL,
		HideDrafts: !f.drafts,
		Addr:       net.JoinHostPort(*bind, strconv.Itoa(*port)),
		Expose:     bindSet,
		Poll:       *poll,
		Out:        stdout,
		Err:        stderr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "scrutiny serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "serving %s at %s (Ctrl-C to stop)\n", f.site, srv.URL())
	if f.drafts {
		fmt.Fprintln(stdout, "drafts are shown, each page marked as a draft; build leaves them out (serve -drafts=false hides them here too)")
	} else {
		fmt.Fprintln(stdout, "drafts are hidden, as build leaves them out")
	}
	if err := srv.Serve(ctx); err != nil {
		fmt.Fprintf(stderr, "scrutiny serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "stopped")
	return 0
}
