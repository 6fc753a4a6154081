package ingest

import (
	"slices"
	"testing"

	"github.com/telltale-cti/telltale/internal/extract"
)

// One span of a text is one software object in a draft: the one whose own
// name the text writes (TinyShell, not MISP's "tsh" that lists it as an
// alias), else the first of those of one name (SLAPSTICK from the starter,
// ATT&CK and MISP); other spans keep theirs.
func TestOnePerSpan(t *testing.T) {
	ms := []extract.Mention{
		{ID: "malware--tsh", Name: "tsh", Mention: "TinyShell", Start: 10, End: 19},
		{ID: "malware--tinyshell", Name: "TinyShell", Mention: "TinyShell", Start: 10, End: 19},
		{ID: "malware--slap-1", Name: "SLAPSTICK", Mention: "SLAPSTICK", Start: 30, End: 39},
		{ID: "malware--slap-2", Name: "SLAPSTICK", Mention: "SLAPSTICK", Start: 30, End: 39},
		{ID: "malware--slap-1", Name: "SLAPSTICK", Mention: "SLAPSTICK", Start: 80, End: 89},
	}
	var got []string
	for _, m := range onePerSpan(ms) {
		got = append(got, m.ID)
	}
	if want := []string{"malware--tinyshell", "malware--slap-1", "malware--slap-1"}; !slices.Equal(got, want) {
		t.Errorf("kept %q, want %q", got, want)
	}
}
