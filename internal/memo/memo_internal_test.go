package memo

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
func TestMemo(t *testing.T) {
	var c Memo[int]
	var seq atomic.Int64 // read by the version queries' own goroutines
	seq.Store(1)
	version := func(context.Context) (int64, error) { return seq.Load(), nil }
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
				v, err := c.Get(ctx, version, "k", 100, compute)
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
		if _, err := c.Get(ctx, version, "k", 100, func(int64) (int, int, error) { t.Error("computed again"); return 0, 1, nil }); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("NewVersionComputesAgain", func(t *testing.T) {
		seq.Store(2)
		v, err := c.Get(ctx, version, "k", 100, func(s int64) (int, int, error) { return int(s), 1, nil })
		if err != nil || v != 2 {
			t.Errorf("after the store changed: %d, %v", v, err)
		}
	})

	t.Run("PanicDoesNotBlockTheKey", func(t *testing.T) {
		func() {
			defer func() { _ = recover() }()
			_, _ = c.Get(ctx, version, "p", 100, func(int64) (int, int, error) { panic("boom") })
		}()
		v, err := c.Get(ctx, version, "p", 100, func(int64) (int, int, error) { return 7, 1, nil })
		if err != nil || v != 7 {
			t.Errorf("after a panic: %d, %v", v, err)
		}
	})

	t.Run("TooDearIsNotKept", func(t *testing.T) {
		calls := 0
		compute := func(int64) (int, int, error) { calls++; return 1, 26, nil }
		for range 2 {
			if _, err := c.Get(ctx, version, "big", 100, compute); err != nil {
				t.Fatal(err)
			}
		}
		if calls != 2 {
			t.Errorf("a value over a quarter of the bound was kept (%d computations)", calls)
		}
	})

	t.Run("WaiterComputesAfterAFailure", func(t *testing.T) {
		started, release := make(chan struct{}), make(chan struct{})
		var leaderErr error
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, leaderErr = c.Get(ctx, version, "f", 100, func(int64) (int, int, error) {
				close(started)
				<-release
				return 0, 1, context.Canceled // its caller went away
			})
		}()
		<-started
		waiter := make(chan int)
		go func() {
			v, err := c.Get(ctx, version, "f", 100, func(int64) (int, int, error) { return 5, 1, nil })
			if err != nil {
				t.Error(err)
			}
			waiter <- v
		}()
		for range 1000 { // let the waiter join the computation
			runtime.Gosched()
		}
		close(release)
		<-done
		if leaderErr != context.Canceled {
			t.Errorf("first caller: %v, want its own error", leaderErr)
		}
		if v := <-waiter; v != 5 {
			t.Errorf("waiter got %d, want its own computation's 5", v)
		}
	})

	t.Run("WaiterLeavesWithItsContext", func(t *testing.T) {
		started, release := make(chan struct{}), make(chan struct{})
		defer close(release)
		go func() {
			_, _ = c.Get(ctx, version, "w", 100, func(int64) (int, int, error) { close(started); <-release; return 1, 1, nil })
		}()
		<-started
		wctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := c.Get(wctx, version, "w", 100, func(int64) (int, int, error) { return 2, 1, nil }); err != context.Canceled {
			t.Errorf("a waiter whose context ended: %v, want context.Canceled", err)
		}
	})

	t.Run("ComputedWhileTheStoreMovedIsNotKept", func(t *testing.T) {
		seq.Store(10)
		calls := 0
		compute := func(s int64) (int, int, error) {
			calls++
			seq.Store(11) // an import lands during the computation
			return int(s), 1, nil
		}
		if _, err := c.Get(ctx, version, "m", 100, compute); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Get(ctx, version, "m", 100, compute); err != nil {
			t.Fatal(err)
		}
		if calls != 2 {
			t.Errorf("%d computations, want 2: the first was of an older state", calls)
		}
	})
}
