package api

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// Callers asking for one key while it is computed wait for that
// computation; a new version computes again; a computation that panics
// leaves the key to the next caller instead of blocking it.
func TestVersionCache(t *testing.T) {
	var c versionCache[int]
	seq := int64(1)
	version := func(context.Context) (int64, error) { return seq, nil }
	ctx := context.Background()

	t.Run("ComputedOnceForConcurrentCallers", func(t *testing.T) {
		var calls atomic.Int32
		release := make(chan struct{})
		compute := func(int64) (int, int, error) {
			calls.Add(1)
			<-release
			return 42, 1, nil
		}
		var wg sync.WaitGroup
		var arrived atomic.Int32
		got := make([]int, 10)
		for i := range got {
			wg.Go(func() {
				arrived.Add(1)
				v, err := c.get(ctx, version, "k", 100, compute)
				if err != nil {
					t.Error(err)
				}
				got[i] = v
			})
		}
		// Let every caller reach the cache while the one computation is
		// held, then let it finish.
		for calls.Load() == 0 || arrived.Load() < int32(len(got)) {
			runtime.Gosched()
		}
		for range 1000 {
			runtime.Gosched()
		}
		close(release)
		wg.Wait()
		for _, v := range got {
			if v != 42 {
				t.Fatalf("got %v", got)
			}
		}
		if n := calls.Load(); n != 1 {
			t.Errorf("%d computations for concurrent callers, want 1", n)
		}
		if _, err := c.get(ctx, version, "k", 100, func(int64) (int, int, error) { t.Error("computed again"); return 0, 1, nil }); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("NewVersionComputesAgain", func(t *testing.T) {
		seq = 2
		v, err := c.get(ctx, version, "k", 100, func(s int64) (int, int, error) { return int(s), 1, nil })
		if err != nil || v != 2 {
			t.Errorf("after the store changed: %d, %v", v, err)
		}
	})

	t.Run("PanicDoesNotBlockTheKey", func(t *testing.T) {
		func() {
			defer func() { _ = recover() }()
			_, _ = c.get(ctx, version, "p", 100, func(int64) (int, int, error) { panic("boom") })
		}()
		v, err := c.get(ctx, version, "p", 100, func(int64) (int, int, error) { return 7, 1, nil })
		if err != nil || v != 7 {
			t.Errorf("after a panic: %d, %v", v, err)
		}
	})

	t.Run("TooDearIsNotKept", func(t *testing.T) {
		calls := 0
		compute := func(int64) (int, int, error) { calls++; return 1, 26, nil }
		for range 2 {
			if _, err := c.get(ctx, version, "big", 100, compute); err != nil {
				t.Fatal(err)
			}
		}
		if calls != 2 {
			t.Errorf("a value over a quarter of the bound was kept (%d computations)", calls)
		}
	})
}
