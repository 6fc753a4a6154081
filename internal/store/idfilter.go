package store

import (
	"context"
	"hash/maphash"
)

// idFilter is a Bloom filter of STIX ids: has(id) false means the id is
// certainly not among those added; true means it may be. An import keeps
// one of every id in current (Tx.mayExist), so that the objects it brings
// that the store cannot hold are not looked up one by one: at 200,000
// generated objects after ATT&CK those lookups took 7% of the import's
// CPU, each a probe of current's id index for nothing.
type idFilter struct {
	seed  maphash.Seed
	bits  []uint64
	mask  uint64 // len(bits)*64 - 1
	n     int    // ids added
	limit int    // ids it was sized for: past them it is rebuilt larger
}

// filterHashes is how many bits each id sets: with at least ten bits of
// filter per id (newIDFilter), at most about 1% of absent ids are
// reported as present.
const filterHashes = 7

// minFilterIDs is the fewest ids a filter is sized for (8 MB of bits; a
// variable for the tests, which make it small to see filters rebuilt).
var minFilterIDs = 1 << 22

// newIDFilter returns an empty filter sized for at least ids ids.
func newIDFilter(ids int) *idFilter {
	ids = max(ids, minFilterIDs)
	words := 1
	for words*64 < ids*10 {
		words *= 2
	}
	return &idFilter{seed: maphash.MakeSeed(), bits: make([]uint64, words), mask: uint64(words*64 - 1), limit: ids}
}

func (f *idFilter) add(id string) {
	h := maphash.String(f.seed, id)
	h1, h2 := h, h>>32|1
	for range filterHashes {
		f.bits[(h1&f.mask)>>6] |= 1 << (h1 & 63)
		h1 += h2
	}
	f.n++
}

func (f *idFilter) has(id string) bool {
	h := maphash.String(f.seed, id)
	h1, h2 := h, h>>32|1
	for range filterHashes {
		if f.bits[(h1&f.mask)>>6]&(1<<(h1&63)) == 0 {
			return false
		}
		h1 += h2
	}
	return true
}

// mayExist reports whether the store may hold an object with id, counting
// the objects this import wrote: false only when it certainly does not.
// Until the import has a filter, every id may exist; the filter is made
// once the import has asked about more ids than an eighth of the store's
// (a scan of current's ids then costs about what the lookups it saves
// did so far).
func (tx *Tx) mayExist(ctx context.Context, id string) (bool, error) {
	if tx.ids == nil {
		tx.asked++
		if tx.asked < tx.lastSeqAtBegin/8+1024 {
			return true, nil
		}
		if err := tx.buildFilter(ctx, 0); err != nil {
			return false, err
		}
	}
	return tx.ids.has(id), nil
}

// noteWritten adds id, new to current and written by this import, to its
// filter (the ids it updates are in it already), which is
// rebuilt twice as large when it holds more ids than it was sized for.
func (tx *Tx) noteWritten(ctx context.Context, id string) error {
	if tx.ids == nil {
		return nil
	}
	tx.ids.add(id)
	if tx.ids.n <= tx.ids.limit {
		return nil
	}
	return tx.buildFilter(ctx, 2*tx.ids.limit)
}

// buildFilter makes the import's filter of the ids in current, sized for
// at least size of them and for the highest sequence number given (which
// no count of current rows exceeds), after sending the batch (whose ids
// it must hold).
func (tx *Tx) buildFilter(ctx context.Context, size int) error {
	if err := tx.flush(ctx); err != nil {
		return err
	}
	if err := tx.wait(); err != nil {
		return err
	}
	f := newIDFilter(max(size, int(tx.lastSeq)))
	rows, err := tx.tx.QueryContext(ctx, `-- ids of current objects
		SELECT id FROM current`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var id string
	for rows.Next() {
		if err := rows.Scan(&id); err != nil {
			return err
		}
		f.add(id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	tx.ids = f
	return nil
}
