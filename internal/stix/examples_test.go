package stix

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/testutil"
)

// knownDifferences lists the shared example files on which Telltale's
// verdict knowingly differs from the OASIS validator's, with the reason.
// There are none: keep it that way, or say why here.
var knownDifferences = map[string]string{}

// TestOASISAgreement decodes every file of the shared STIX examples and
// compares Telltale's verdict with the OASIS validator's (VALIDATION.tsv):
// files the OASIS validator accepts must decode and validate cleanly, and
// files it rejects must yield at least one error.
func TestOASISAgreement(t *testing.T) {
	dir := filepath.Join(testutil.SharedDir(t), "data", "stix-examples")
	f, err := os.Open(filepath.Join(dir, "VALIDATION.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	var checked int
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 4 {
			continue
		}
		valid := cols[0] == "0"
		path := filepath.Join(dir, filepath.FromSlash(cols[3]))
		problems := checkFile(t, path)
		if why, ok := knownDifferences[cols[3]]; ok {
			t.Logf("%s: known difference: %s", cols[3], why)
			checked++
			continue
		}
		switch {
		case valid && len(problems) > 0:
			t.Errorf("%s: OASIS accepts it, Telltale rejects it: %v", cols[3], problems)
		case !valid && len(problems) == 0:
			t.Errorf("%s: OASIS rejects it (%s errors), Telltale accepts it", cols[3], cols[1])
		}
		checked++
	}
	if checked < 100 {
		t.Fatalf("checked only %d files", checked)
	}
	t.Logf("compared %d files with the OASIS validator's verdicts", checked)
}

// TestATTACKBundles checks that the ATT&CK bundles, which the OASIS
// validator accepts, decode and validate without a single problem.
func TestATTACKBundles(t *testing.T) {
	for _, name := range []string{"enterprise", "mobile", "ics"} {
		t.Run(name, func(t *testing.T) {
			path := testutil.SharedFile(t, "data/attack/"+name+"-attack-18.1.json")
			if problems := checkFile(t, path); len(problems) > 0 {
				t.Errorf("%d problems, first: %s", len(problems), problems[0])
			}
		})
	}
}

func checkFile(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var problems []string
	d := NewDecoder(f)
	for {
		raw, err := d.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return append(problems, err.Error())
		}
		o, err := Parse(raw)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if err := Validate(o); err != nil {
			problems = append(problems, o.ID+": "+err.Error())
		}
	}
	return problems
}
