package telltale_test

import (
	"testing"

	"github.com/telltale-cti/telltale"
)

func TestLandscapeFilterWindow(t *testing.T) {
	w := telltale.LandscapeFilter{From: "2024-01-01", To: "2024-12-31"}
	for _, c := range []struct {
		first, last string
		want        bool
	}{
		{"2023-01-01", "2024-02-01T10:00:00Z", true}, // overlaps the start
		{"2024-12-31T23:59:59Z", "", true},           // one date stands for both
		{"", "2024-06-01", true},
		{"2020-01-01", "2030-01-01", true}, // spans the window
		{"2020-01-01", "2023-12-31", false},
		{"2025-01-01", "", false},
		{"", "", false}, // no date: in no window
	} {
		if got := w.InWindow(c.first, c.last); got != c.want {
			t.Errorf("InWindow(%q, %q) = %v", c.first, c.last, got)
		}
	}
	if !(telltale.LandscapeFilter{}).InWindow("", "") {
		t.Error("no window keeps what has no date")
	}
	if !(telltale.LandscapeFilter{From: "2024-01-01"}).InWindow("2030-01-01", "") {
		t.Error("an open end keeps what is later")
	}
}

func TestLandscapeFilterKinds(t *testing.T) {
	f := telltale.LandscapeFilter{Kinds: []string{"description", "curated", "curated"}}.Normal()
	if len(f.Kinds) != 2 || f.Kinds[0] != "curated" || f.Kinds[1] != "description" {
		t.Errorf("normal kinds %v", f.Kinds)
	}
	if f.Includes("report") || !f.Includes("curated") {
		t.Error("Includes")
	}
	if all := (telltale.LandscapeFilter{Kinds: []string{"report", "curated", "description"}}).Normal(); !all.IsZero() {
		t.Errorf("every kind is no filter: %+v", all)
	}
	if (telltale.LandscapeFilter{}).Key() == f.Key() {
		t.Error("two filters, one key")
	}
	for _, bad := range []telltale.LandscapeFilter{
		{Kinds: []string{"rumour"}}, {From: "2024-02-30"}, {To: "yesterday"}, {From: "2025-01-01", To: "2024-01-01"},
	} {
		if err := bad.Check(); telltale.ErrorCode(err) != telltale.EINVALID {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if err := (telltale.LandscapeFilter{From: "2024-01-01", To: "2024-01-01", Kinds: []string{"report"}}).Check(); err != nil {
		t.Error(err)
	}
}
