package memo

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Memo keeps values of type V computed from one state of the store. Keys
// must name what was computed and for whom (the viewer), since what a
// caller may see differs. The zero Memo is ready to use.
type Memo[V any] struct {
	mu   sync.Mutex
	seq  int64
	m    map[string]V
	cost int

	calls singleflight.Group // computations, by sequence number and key
	seqs  singleflight.Group // version queries: a burst of requests costs one
}

// Get returns the value kept under key for the store's current version,
// computing it (compute learns the version) and keeping it when it is not.
// Everything kept is dropped when the version moves, or when the kept
// values' summed cost (reported by compute: 1 per value, or bytes) would
// pass maxCost; a value dearer than a quarter of maxCost is not kept, and
// neither is one computed while the store moved on. Without a version
// (nil) nothing is kept.
//
// Callers asking for a key while it is computed wait for that computation
// (or their context). When it fails, or panics, a waiting caller whose
// context is still live computes for itself: the failure may be only that
// the first caller went away. The panic itself is the first caller's.
func (c *Memo[V]) Get(ctx context.Context, version func(context.Context) (int64, error), key string, maxCost int, compute func(seq int64) (V, int, error)) (V, error) {
	var zero V
	if version == nil {
		v, _, err := compute(0)
		return v, err
	}
	seq, err := c.version(ctx, version)
	if err != nil {
		return zero, err
	}
	if v, ok := c.kept(seq, key); ok {
		return v, nil
	}
	v, err := do(ctx, &c.calls, strconv.FormatInt(seq, 10)+"\x00"+key, func() (any, error) {
		// A caller that missed the value just before another's
		// computation kept it finds it here instead of computing again.
		if v, ok := c.kept(seq, key); ok {
			return v, nil
		}
		v, cost, err := compute(seq)
		if err == nil {
			c.keep(seq, key, v, cost, maxCost)
		}
		return v, err
	})
	if err == errWaitFailed {
		v, _, err := compute(seq)
		return v, err
	}
	if err != nil {
		return zero, err
	}
	out, _ := v.(V) // a nil interface value is V's zero
	return out, nil
}

// version asks version once for every caller waiting at the time. It runs
// on the first caller's goroutine (Do, not DoChan: this is every request's
// path, and a goroutine per call costs more than the wait it could save);
// a caller that shared a failed query asks again for itself.
func (c *Memo[V]) version(ctx context.Context, version func(context.Context) (int64, error)) (int64, error) {
	v, err, shared := c.seqs.Do("", func() (any, error) { return version(ctx) })
	if err != nil && shared && ctx.Err() == nil {
		return version(ctx) // the first caller's query failed, perhaps only as it went away
	}
	if err != nil {
		return 0, err
	}
	seq, _ := v.(int64)
	return seq, nil
}

// kept returns the value kept under key at seq, starting over when the
// store moved to another version.
func (c *Memo[V]) kept(seq int64, key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seq != seq || c.m == nil {
		c.seq, c.m, c.cost = seq, make(map[string]V), 0
	}
	v, ok := c.m[key]
	return v, ok
}

// keep keeps v under key when the store is still at seq and v is cheap
// enough.
func (c *Memo[V]) keep(seq int64, key string, v V, cost, maxCost int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seq != seq || c.m == nil || cost > maxCost/4 {
		return
	}
	if c.cost+cost > maxCost {
		c.m, c.cost = make(map[string]V), 0
	}
	c.m[key] = v
	c.cost += cost
}

// errWaitFailed tells a caller that the computation it waited for failed
// while its own context is live: it computes for itself.
var errWaitFailed = fmt.Errorf("memo: the computation waited for failed")

// panicked carries a computation's panic to the caller that ran it.
type panicked struct{ value any }

func (p *panicked) Error() string { return fmt.Sprintf("memo: the computation panicked: %v", p.value) }

// do runs fn once for every caller of key at the time. The caller whose fn
// ran gets its result (and its panic); the others get it too, but
// errWaitFailed for a failure while their context is live, and their
// context's error when it ends first.
func do(ctx context.Context, g *singleflight.Group, key string, fn func() (any, error)) (any, error) {
	ran := false
	ch := g.DoChan(key, func() (v any, err error) {
		ran = true
		// DoChan runs fn on a goroutine of its own, where a panic would end
		// the program: it is carried back as an error instead.
		defer func() {
			if p := recover(); p != nil {
				err = &panicked{p}
			}
		}()
		return fn()
	})
	select {
	case r := <-ch:
		// fn ran before the result was sent, so ran is safe to read.
		if p, ok := r.Err.(*panicked); ok && ran {
			panic(p.value)
		}
		if r.Err != nil && !ran && ctx.Err() == nil {
			return nil, errWaitFailed
		}
		return r.Val, r.Err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
