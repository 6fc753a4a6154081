package knowledge_test

import (
	"context"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// TestReaderWired: the dictionary is compiled by the Reader the wiring
// gives (the knowledge layer imports no extractor), and without one
// Dictionary says so rather than return an empty dictionary; suggestions
// then read the text as empty.
func TestReaderWired(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	d, err := k.Dictionary(ctx)
	if err != nil || d.Len() == 0 {
		t.Fatalf("Dictionary with a Reader: %v, %v", d, err)
	}
	if got := d.Read("MuddyWater targeted telecom operators."); len(got.Actors) == 0 || len(got.Sectors) == 0 {
		t.Errorf("Read found actors %v, sectors %v", got.Actors, got.Sectors)
	}
	bare := knowledge.New(db)
	if _, err := bare.Dictionary(ctx); telltale.ErrorCode(err) != telltale.EUNAVAILABLE {
		t.Errorf("Dictionary without a Reader: error %v, want EUNAVAILABLE", err)
	}
	sug, err := bare.SuggestText(ctx, "MuddyWater targeted telecom operators.")
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Evidence) != 0 {
		t.Errorf("SuggestText without a Reader found evidence %v", sug.Evidence)
	}
}
