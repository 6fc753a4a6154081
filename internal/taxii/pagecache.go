package taxii

import (
	"encoding/json"
	"net/url"
	"sync"

	"github.com/telltale-cti/telltale"
)

// A page of objects is a function of the store's state, the collection,
// the query and what the caller may see; TAXII clients poll the same pages
// (the first one, added_after a time they keep) again and again, and a
// page can be megabytes. The encoded answers of one state are kept, so a
// repeated page costs a lookup instead of reading, filtering and encoding
// its versions again.
//
// pageCacheBytes bounds the memory the kept pages take. A page is kept
// while the store's change marker stays where it was read (LastSeq: an
// import or a deletion on any node sharing the database moves it).
const pageCacheBytes = 64 << 20

// encodedPage is the answer to one objects request.
type encodedPage struct {
	body        []byte
	first, last string // X-TAXII-Date-Added-First and -Last; "" without objects
}

// pageCache keeps the encoded pages of one state of the store (its last
// sequence number).
type pageCache struct {
	mu    sync.Mutex
	seq   int64
	size  int
	pages map[string]*encodedPage
}

// pageKey names a page: who sees it (the viewer key), the collection as
// it is defined now, the endpoint and the query.
func pageKey(u *telltale.User, c *Collection, endpoint string, q url.Values) string {
	filter, _ := json.Marshal(c.Filter)
	return u.Key() + "\x00" + c.ID + "\x00" + string(filter) + "\x00" + endpoint + "\x00" + q.Encode()
}

// get returns the page kept under key for the state seq.
func (pc *pageCache) get(key string, seq int64) (*encodedPage, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	p, ok := pc.pages[key]
	if !ok || pc.seq != seq {
		return nil, false
	}
	return p, true
}

// put keeps p under key for the state seq, dropping the pages of another
// state, and every page when the bound would be passed.
func (pc *pageCache) put(key string, seq int64, p *encodedPage) {
	if len(p.body) > pageCacheBytes/4 {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.pages == nil || pc.seq != seq || pc.size+len(p.body) > pageCacheBytes {
		pc.seq, pc.size, pc.pages = seq, 0, map[string]*encodedPage{}
	}
	if old, ok := pc.pages[key]; ok {
		pc.size -= len(old.body)
	}
	pc.pages[key] = p
	pc.size += len(p.body)
}
