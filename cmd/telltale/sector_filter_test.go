package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
)

// telltale sector takes the sector page's filter: kinds of source and a
// date window, with the page's and the API's errors.
func TestSectorFilterFlags(t *testing.T) {
	db := newDB(t, "t.db")
	get := func(args ...string) telltale.Landscape {
		t.Helper()
		out, _, err := run(t, db, append([]string{"sector", "communication", "--json"}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		var l telltale.Landscape
		if err := json.Unmarshal([]byte(out), &l); err != nil {
			t.Fatal(err)
		}
		return l
	}
	all := get()
	curated := get("--kind", "curated")
	reports := get("--kind", "report")
	if all.AttackerCount == 0 || curated.AttackerCount != all.SourceKinds[0].Attackers || reports.AttackerCount != 0 {
		t.Errorf("all %d, curated %d (summary %+v), reports %d", all.AttackerCount, curated.AttackerCount, all.SourceKinds, reports.AttackerCount)
	}
	old := get("--from", "1990-01-01", "--to", "1990-12-31")
	if old.AttackerCount != 0 || old.Filter.From != "1990-01-01" || old.Undated+old.AttackerCount > all.AttackerCount {
		t.Errorf("1990: %d attackers, filter %+v, %d undated", old.AttackerCount, old.Filter, old.Undated)
	}
	if out, _, err := run(t, db, "sector", "communication", "--window", "3y"); err != nil || !strings.Contains(out, "with no known date left out") {
		t.Errorf("--window 3y: %v\n%s", err, out)
	}
	for _, bad := range [][]string{{"--window", "5w"}, {"--kind", "rumour"}, {"--from", "2020-02-30"}} {
		if _, _, err := run(t, db, append([]string{"sector", "communication"}, bad...)...); telltale.ErrorCode(err) != telltale.EINVALID {
			t.Errorf("%v: %v", bad, err)
		}
	}
}
