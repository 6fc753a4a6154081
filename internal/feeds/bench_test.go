package feeds

import (
	"context"
	"fmt"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// BenchmarkFeed1000 polls a local feed of 1,000 new items, each becoming
// a draft, and reports the peak heap in use while polling.
func BenchmarkFeed1000(b *testing.B) {
	benchFeed(b, 1000)
}

// BenchmarkFeed200 is the same with 200 items: peak heap should be about
// the same as with 1,000 (memory stays flat with the number of items).
func BenchmarkFeed200(b *testing.B) {
	benchFeed(b, 200)
}

func benchFeed(b *testing.B, n int) {
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s := newService(b)
		fs := &feedServer{}
		for j := range n {
			body := fmt.Sprintf("Story %d of run %d. ATK51 (MuddyWater) targeted telecommunications operators in Turkey from 45.77.%d.%d; "+
				"the group, likely based in Iran, stole call records and SMS metadata from %d subscribers.", j, i, j/250, j%250, j+10)
			fs.items = append(fs.items, rssItem(j, body))
		}
		srv := httptest.NewServer(fs)
		if _, err := s.Add(ctx, srv.URL); err != nil {
			b.Fatal(err)
		}
		if _, err := s.in.Knowledge.Dictionary(ctx); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		stop := make(chan struct{})
		go func() {
			t := time.NewTicker(5 * time.Millisecond)
			defer t.Stop()
			var m runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					runtime.ReadMemStats(&m)
					if m.HeapInuse > peak.Load() {
						peak.Store(m.HeapInuse)
					}
				}
			}
		}()
		cpu0 := cpuTime()
		b.StartTimer()
		res, err := s.PollAll(ctx, &Client{AllowPrivate: true, HostInterval: -1}, true)
		b.StopTimer()
		b.ReportMetric(float64((cpuTime() - cpu0).Milliseconds()), "cpu-ms/op")
		close(stop)
		srv.Close()
		if err != nil || res[0].New != n {
			b.Fatalf("poll = %+v, %v; want %d new", res, err, n)
		}
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(base.HeapInuse)/(1<<20), "base-heap-MB")
		b.StartTimer()
	}
}

// cpuTime is the process's user and system CPU time: wall time on a
// loaded machine says little.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
