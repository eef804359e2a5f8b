package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"time"

	"scrutiny"
	"scrutiny/internal/build"
	"scrutiny/internal/source"
)

// profileBuild builds the synthetic site of n documents cold, in this
// process, and writes cpu.pprof and heap.pprof into dir.
//
// A heap profile shows the live objects of the last garbage collection,
// and one written after the build would show almost nothing. So a sampler
// watches the live heap while the build runs and keeps the profile taken
// when it was largest: that is where the peak memory goes.
func profileBuild(stderr io.Writer, dir, cache string, n int, seed uint64) error {
	site, err := cachedSite(stderr, cache, n, seed)
	if err != nil {
		return err
	}
	out := filepath.Join(cache, fmt.Sprintf("profile-out-%d", n))
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	defer os.RemoveAll(out)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cpu, err := os.Create(filepath.Join(dir, "cpu.pprof"))
	if err != nil {
		return err
	}
	defer cpu.Close()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var peak uint64
	var heap []byte
	wg.Go(func() {
		m := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			metrics.Read(m)
			if live := m[0].Value.Uint64(); live > peak {
				var buf bytes.Buffer
				if err := pprof.Lookup("heap").WriteTo(&buf, 0); err == nil {
					peak, heap = live, buf.Bytes()
				}
			}
		}
	})

	if err := pprof.StartCPUProfile(cpu); err != nil {
		return err
	}
	folder, err := source.Open(site)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := build.Build(build.Options{Site: folder, Theme: scrutiny.Theme}, site, out)
	took := time.Since(start)
	pprof.StopCPUProfile()
	close(stop)
	wg.Wait()
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "built %d files in %v; peak live heap %.0f MB\n", res.Files, took.Round(time.Millisecond), mb(int64(peak)))
	return os.WriteFile(filepath.Join(dir, "heap.pprof"), heap, 0o644)
}
