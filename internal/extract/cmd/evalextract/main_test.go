package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/extract/extracttest"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// TestTargets holds the extractor to the accuracy the extraction issue
// asks for, on the shared development data: a change that costs accuracy
// fails here, not only in the README's table. (No timings: speed is
// measured by scripts/bench-extract.)
func TestTargets(t *testing.T) {
	shared := testutil.SharedDir(t)
	// The paths of the taxonomy and the indicator labels are relative to
	// the repository root, as scripts/eval-extract runs there.
	root, err := filepath.Abs("../../../..")
	if err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(root); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)

	entries, err := extracttest.Entries(shared, sectorFile)
	if err != nil {
		t.Fatal(err)
	}
	d := extract.NewDictionary(entries)
	checkTargets(t, "files", shared, d)
	for _, split := range []string{"dev", "train"} {
		p, r, err := evalIndicators(io.Discard, shared, indicatorGold, split, d, false)
		if err != nil {
			t.Fatal(err)
		}
		if p < 0.90 || r < 0.97 {
			t.Errorf("indicators, AnnoCTR %s: precision %.3f, recall %.3f; want at least 0.90 and 0.97", split, p, r)
		}
	}
	// The same targets with the dictionary `telltale extract` reads: the
	// knowledge service's, over ATT&CK and every MISP galaxy imported as
	// the program imports them.
	shipped = true
	defer func() { shipped = false }()
	sd, done, err := dictionary(shared)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	checkTargets(t, "shipped", shared, sd)
	all, top10, err := evalTRAM(io.Discard, shared, d, extract.DefaultMinPhrases, false)
	if err != nil {
		t.Fatal(err)
	}
	if all <= 14.5 || top10 <= 36.6 {
		t.Errorf("TRAM2 per-document F1: %.1f all labels, %.1f top 10; the published non-neural extractors reach 14.5 and 36.6", all, top10)
	}
}

// checkTargets checks the AnnoCTR dev figures and the claim targets with
// the dictionary d (named by which).
func checkTargets(t *testing.T, which, shared string, d *extract.Dictionary) {
	t.Helper()
	scores, err := evalAnnoCTR(shared, "dev", d, extract.DefaultMinPhrases, false)
	if err != nil {
		t.Fatal(err)
	}
	for typ, min := range map[string]float64{"actors": 0.9, "sectors": 0.8, "countries": 0.8} {
		if _, _, f := scores[typ].prf(); f < min {
			t.Errorf("%s dictionary: AnnoCTR dev %s F1 = %.3f, want at least %.1f", which, typ, f, min)
		}
	}
	// Attribution claims and country roles (data/eval-dev/claims). The
	// issue's targets are strict claims F1 0.75, country roles 0.85 and
	// false attributions at most 3%: both splits reach all three with
	// both dictionaries (train 1 false attribution of 51, a claim the
	// Golden Chickens report makes and its gold leaves out). The floors
	// sit at the targets or just below what the extractor reaches today,
	// so that a change that loses ground fails here.
	for _, split := range []string{"dev", "train"} {
		cs, err := evalClaims(io.Discard, shared, split, d, false, "")
		if err != nil {
			t.Fatal(err)
		}
		floor := claimFloors[split]
		if _, _, f := cs.strict.prf(); f < floor.strict {
			t.Errorf("%s dictionary: claims %s: strict F1 %.3f, want at least %.2f", which, split, f, floor.strict)
		}
		if _, _, f := cs.roles.prf(); f < floor.roles {
			t.Errorf("%s dictionary: country roles %s: F1 %.3f, want at least %.2f", which, split, f, floor.roles)
		}
		if share := cs.falseAttrShare(); share > floor.falseAttr {
			t.Errorf("%s dictionary: claims %s: %d of %d asserted attributions are false (%.1f%%), want at most %.0f%%", which, split, cs.falseAttr, cs.assertedAttr, 100*share, 100*floor.falseAttr)
		}
	}
}

// claimFloors are the least claim and country-role scores TestTargets
// accepts per split (see the comment there).
var claimFloors = map[string]struct{ strict, roles, falseAttr float64 }{
	"dev":   {strict: 0.88, roles: 0.85, falseAttr: 0.03},
	"train": {strict: 0.75, roles: 0.86, falseAttr: 0.03},
}
