package taxii_test

import (
	"bytes"
	"net/url"
	"testing"

	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/taxii"
)

// A page asked again in the same state of the store is served as it was
// encoded, without reading the store's versions; a new version, another
// viewer or another query gets its own page.
func TestRepeatedPageServedFromCache(t *testing.T) {
	f := newFixture(t)
	f.importObjects(indicator(1, "2024-01-01T00:00:00.000Z"), indicator(2, "2024-01-01T00:00:00.000Z", auth.TLPAmber))
	rec := &readRecorder{Store: f.srv.Store}
	f.srv.Store = rec
	path := objectsPath(taxii.AllID, url.Values{"limit": {"10"}})
	first := f.get(path, "analyst")
	again := f.get(path, "analyst")
	if first.status != 200 || !bytes.Equal(first.body, again.body) || len(rec.read) != 2 {
		t.Fatalf("twice: %d, same body %v, %d versions read (want the 2 of the first)", first.status, bytes.Equal(first.body, again.body), len(rec.read))
	}
	if again.header.Get("X-TAXII-Date-Added-First") == "" || again.header.Get("X-TAXII-Date-Added-First") != first.header.Get("X-TAXII-Date-Added-First") {
		t.Errorf("date headers: %q, first %q", again.header.Get("X-TAXII-Date-Added-First"), first.header.Get("X-TAXII-Date-Added-First"))
	}
	// The reader (TLP:GREEN) is not served the analyst's page.
	var env envelope
	f.get(path, "reader").decode(t, &env)
	if ids := idsOf(t, env.Objects); len(ids) != 1 || ids[0] != indicatorID(1) {
		t.Errorf("reader sees %v", ids)
	}
	f.get(objectsPath(taxii.AllID, url.Values{"limit": {"1"}}), "analyst").decode(t, &env)
	if len(env.Objects) != 1 || !env.More {
		t.Errorf("limit 1: %d objects, more %v", len(env.Objects), env.More)
	}
	f.importObjects(indicator(3, "2024-01-01T00:00:00.000Z"))
	f.get(path, "analyst").decode(t, &env)
	if ids := idsOf(t, env.Objects); len(ids) != 3 {
		t.Errorf("after an import: %v", ids)
	}
}
