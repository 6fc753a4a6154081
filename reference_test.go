package telltale_test

import (
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// TestReferenceIDs checks the ids the root package keeps as data (it
// imports only the standard library): the Telltale identity's and each
// sector's in sectors.json are internal/stix's deterministic ids of their
// names.
func TestReferenceIDs(t *testing.T) {
	if want := stix.IdentityID(telltale.TelltaleName, "organization"); telltale.TelltaleID != want {
		t.Errorf("TelltaleID = %s, want %s", telltale.TelltaleID, want)
	}
	for _, s := range telltale.Sectors() {
		if want := stix.IdentityID(s.Name, "class"); s.ID != want {
			t.Errorf("sector %q: id %s in sectors.json, want %s", s.Key, s.ID, want)
		}
	}
}
