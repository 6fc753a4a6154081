package api_test

import (
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
)

func TestFilterFrom(t *testing.T) {
	now := time.Date(2026, 3, 15, 23, 30, 0, 0, time.FixedZone("X", -5*3600)) // 2026-03-16 in UTC
	for _, c := range []struct {
		query            string
		from, to, window string
		kinds            []string
	}{
		{"", "", "", "", nil},
		{"window=all", "", "", "", nil},
		{"window=12m", "2025-03-16", "2026-03-16", "12m", nil},
		{"window=3y&kind=report", "2023-03-16", "2026-03-16", "3y", []string{"report"}},
		{"from=2020-01-01&to=2020-12-31&window=12m", "2020-01-01", "2020-12-31", "", nil}, // dates win
		{"kind=description,curated", "", "", "", []string{"curated", "description"}},
		{"kind=report&kind=curated&kind=description", "", "", "", nil}, // every kind is all
	} {
		f, err := api.FilterFrom(httptest.NewRequest("GET", "/x?"+c.query, nil), now)
		if err != nil {
			t.Errorf("%s: %v", c.query, err)
			continue
		}
		if f.From != c.from || f.To != c.to || f.Window != c.window || !slices.Equal(f.Kinds, c.kinds) {
			t.Errorf("%s: %+v", c.query, f)
		}
	}
	for _, bad := range []string{"window=6w", "kind=rumour", "from=2020-13-01", "from=2021-01-01&to=2020-01-01"} {
		if _, err := api.FilterFrom(httptest.NewRequest("GET", "/x?"+bad, nil), now); telltale.ErrorCode(err) != telltale.EINVALID {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
