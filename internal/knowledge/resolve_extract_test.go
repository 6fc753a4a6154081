package knowledge_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// TestExtractNamesTheActorActorOpens: a name the extractor finds in a
// sentence names the actor `telltale actor NAME` opens, and that one only.
// Before, an alias ATT&CK gives one group that a galaxy lists for another
// cluster too ("BlueNoroff": ATT&CK's APT38, MISP's Lazarus Group) opened
// APT38 but was read as both actors.
func TestExtractNamesTheActorActorOpens(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the shared data")
	}
	ctx := context.Background()
	db, k := openFull(t)
	dict, err := k.Dictionary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const before = "Researchers attributed the intrusion to "
	names := map[string]string{} // folded name → one way it is written
	for _, o := range intrusionSets(t, db) {
		for _, n := range append([]string{o.Name}, o.Aliases...) {
			if key := knowledge.Fold(n); key != "" && names[key] == "" {
				names[key] = n
			}
		}
	}
	keys := make([]string, 0, len(names))
	for key := range names {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	read, same, refused, capitalised := 0, 0, 0, 0
	for _, key := range keys {
		name := names[key]
		ids, twice := readActors(dict, before, name)
		if twice {
			t.Errorf("%q is read twice as one actor", name)
		}
		if cap := capitalisedWord(name); cap != "" {
			// HAFNIUM, MERCURY: reports write Microsoft's capitals as a
			// word ("Hafnium"), common word or not.
			capitalised++
			if got, _ := readActors(dict, before, cap); len(got) == 0 || !sameIDs(got, ids) {
				t.Errorf("%q is read as %v, but %q as %v", name, sortedIDs(ids), cap, sortedIDs(got))
			}
		}
		if len(ids) == 0 {
			continue // the extractor's case rules leave it out here
		}
		read++
		a, err := k.Actor(ctx, name)
		switch {
		case telltale.ErrorCode(err) == telltale.ECONFLICT:
			refused++
			if len(ids) < 2 {
				t.Errorf("%q names several actors (%v) but is read as one", name, err)
			}
		case err != nil:
			t.Errorf("%q is read as an actor but %v", name, err)
		case len(ids) != 1 || !ids[a.ID]:
			t.Errorf("%q opens %s (%s) but is read as %v", name, a.Name, a.ID, sortedIDs(ids))
		default:
			same++
		}
	}
	t.Logf("actor names read in a sentence: %d of %d; naming the actor `actor` opens: %d; names refused as several actors: %d; names in capitals also read capitalised: %d", read, len(keys), same, refused, capitalised)
	if read < 2000 {
		t.Fatalf("only %d names read; is the knowledge imported?", read)
	}
}

// readActors returns the ids of the actors read at name in before+name+".",
// and whether some actor was read there twice.
func readActors(dict telltale.Dictionary, before, name string) (ids map[string]bool, twice bool) {
	ids = map[string]bool{}
	for _, m := range dict.Read(before + name + ".").Actors {
		if m.Start == len(before) && m.End == len(before)+len(name) {
			twice = twice || ids[m.ID]
			ids[m.ID] = true
		}
	}
	return ids, twice
}

// capitalisedWord is a name of one word of at least six ASCII letters,
// all capitals (a word, not an acronym), written as a capitalised word
// ("HAFNIUM": "Hafnium"); "" for any other name.
func capitalisedWord(name string) string {
	if len(name) < 6 {
		return ""
	}
	for i := 0; i < len(name); i++ {
		if name[i] < 'A' || name[i] > 'Z' {
			return ""
		}
	}
	return name[:1] + strings.ToLower(name[1:])
}

func sameIDs(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for id := range a {
		if !b[id] {
			return false
		}
	}
	return true
}

func sortedIDs(ids map[string]bool) []string {
	out := make([]string, 0, len(ids))
	for id := range ids {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// TestNamesOfSeveralActorsAreListed: a name that members of several
// clusters carry is listed by `telltale conflicts`, so that no name
// resolution keeps apart is picked silently.
func TestNamesOfSeveralActorsAreListed(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the shared data")
	}
	ctx := context.Background()
	db, k := openFull(t)
	cs, err := k.Conflicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, c := range cs {
		listed[knowledge.Fold(c.Name)] = true
	}
	holders := map[string]map[string]bool{} // folded name → clusters whose members carry it
	written := map[string]string{}
	for _, o := range intrusionSets(t, db) {
		a, err := k.Actor(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range append([]string{o.Name}, o.Aliases...) {
			key := knowledge.Fold(n)
			if holders[key] == nil {
				holders[key] = map[string]bool{}
				written[key] = n
			}
			holders[key][a.ID] = true
		}
	}
	shared := 0
	for key, ids := range holders {
		if len(ids) < 2 {
			continue
		}
		shared++
		if !listed[key] {
			t.Errorf("%q is carried by %d actors %v but conflicts does not list it", written[key], len(ids), sortedIDs(ids))
		}
	}
	t.Logf("names carried by several actors: %d, all listed among %d conflicts", shared, len(cs))
	if shared < 20 {
		t.Fatalf("only %d names carried by several actors; is the knowledge imported?", shared)
	}
}
