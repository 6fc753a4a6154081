// Command loadgen drives one URL from a fixed number of keep-alive
// connections for a fixed time and prints requests/s and latency
// percentiles, for machines without wrk. Each connection sends its next
// request as soon as the previous answer has been read in full (a closed
// loop, as wrk does), so the rate is what the server sustains at that
// concurrency.
//
// It is a development tool, not part of the telltale binary; scripts/bench-web
// runs it.
//
//	loadgen [-c 50] [-d 10s] [-H 'Authorization: Bearer …'] URL
//
// The last line is machine-readable: "result P50_MS P99_MS REQ_PER_S"
// (the timeout as both latencies when nothing answered).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

type headers []string

func (h *headers) String() string     { return strings.Join(*h, ", ") }
func (h *headers) Set(v string) error { *h = append(*h, v); return nil }

func main() {
	conns := flag.Int("c", 50, "connections, each with one request in flight")
	dur := flag.Duration("d", 10*time.Second, "how long to send requests")
	timeout := flag.Duration("timeout", 5*time.Second, "a request slower than this counts as an error")
	var hdrs headers
	flag.Var(&hdrs, "H", "a request header 'Name: value' (repeatable)")
	flag.Parse()
	if flag.NArg() != 1 || *conns < 1 {
		fmt.Fprintln(os.Stderr, "usage: loadgen [-c N] [-d DURATION] [-H 'Name: value'] URL")
		os.Exit(2)
	}
	url := flag.Arg(0)
	header := http.Header{}
	for _, h := range hdrs {
		name, value, ok := strings.Cut(h, ":")
		if !ok {
			fmt.Fprintf(os.Stderr, "loadgen: header %q has no colon\n", h)
			os.Exit(2)
		}
		header.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	// A connection per worker, kept alive: the server sees *conns
	// connections, as with wrk -c.
	tr := &http.Transport{MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: *timeout}

	tallies := make([]tally, *conns)
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for i := range tallies {
		t := &tallies[i]
		wg.Go(func() { t.send(ctx, client, url, header) })
	}
	wg.Wait()
	report(tallies, time.Since(start), *conns, *timeout)
}

// tally is what one connection saw.
type tally struct {
	lat             []time.Duration
	errors, non2xx  int
	bytes           int64
	firstErr, first string
}

// send sends requests one after the other until ctx is done.
func (t *tally) send(ctx context.Context, client *http.Client, url string, header http.Header) {
	for ctx.Err() == nil {
		req, err := http.NewRequest("GET", url, nil)
		if err != nil {
			t.errors++
			t.firstErr = err.Error()
			return
		}
		req.Header = header.Clone()
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			t.errors++
			if t.firstErr == "" {
				t.firstErr = err.Error()
			}
			continue
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			t.errors++
			continue
		}
		t.lat = append(t.lat, time.Since(t0))
		t.bytes += n
		if resp.StatusCode/100 != 2 {
			t.non2xx++
			if t.first == "" {
				t.first = resp.Status
			}
		}
	}
}

// report prints the connections' tallies, and the "result" line the
// scripts read: p50 and p99 in ms, requests per second.
func report(tallies []tally, elapsed time.Duration, conns int, timeout time.Duration) {
	var all []time.Duration
	var errs, non2xx int
	var bytes int64
	var firstErr, firstStatus string
	for _, t := range tallies {
		all = append(all, t.lat...)
		errs += t.errors
		non2xx += t.non2xx
		bytes += t.bytes
		firstErr = cmpOr(firstErr, t.firstErr)
		firstStatus = cmpOr(firstStatus, t.first)
	}
	if len(all) == 0 {
		// Nothing answered in time: the latencies are at least the
		// timeout, the rate is nil. Still a result, for the medians.
		t := float64(timeout) / float64(time.Millisecond)
		fmt.Printf("no answer in %.1fs from %d connections; %d errors (first: %s)\n", elapsed.Seconds(), conns, errs, firstErr)
		fmt.Printf("result %.2f %.2f 0\n", t, t)
		return
	}
	slices.Sort(all)
	pct := func(p float64) float64 {
		return float64(all[min(len(all)-1, int(p*float64(len(all))))]) / float64(time.Millisecond)
	}
	rps := float64(len(all)) / elapsed.Seconds()
	fmt.Printf("%d requests in %.1fs from %d connections, %d bytes per answer\n", len(all), elapsed.Seconds(), conns, bytes/int64(len(all)))
	fmt.Printf("  latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n", pct(0.50), pct(0.90), pct(0.99), pct(1))
	fmt.Printf("  requests/s %.0f\n", rps)
	if errs > 0 {
		fmt.Printf("  errors %d (first: %s)\n", errs, firstErr)
	}
	if non2xx > 0 {
		fmt.Printf("  non-2xx answers %d (first: %s)\n", non2xx, firstStatus)
	}
	fmt.Printf("result %.2f %.2f %.0f\n", pct(0.50), pct(0.99), rps)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
