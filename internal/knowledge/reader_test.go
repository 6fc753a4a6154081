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

// TestDictionaryBareSoftwareNames: Malpedia names a family per platform
// ("DarkSide (Windows)", "DarkSide (ELF)") where reports write the bare
// name: the bare name is in the dictionary, naming the Windows family,
// unless an object of its own holds it. On the shared data "DarkSide"
// is found only so.
func TestDictionaryBareSoftwareNames(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	const (
		elf  = "malware--00000000-0000-4000-8000-00000000e1f0"
		win  = "malware--00000000-0000-4000-8000-0000000000f1"
		own  = "malware--00000000-0000-4000-8000-0000000000f2"
		babl = "malware--00000000-0000-4000-8000-0000000000f3"
	)
	obj := func(id, name string) string {
		return `{"type":"malware","spec_version":"2.1","id":"` + id + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"` + name + `","is_family":true}`
	}
	importBytes(t, db, "platforms.json", []byte(`{"type":"bundle","id":"bundle--00000000-0000-4000-8000-0000000000f0","objects":[`+
		obj(elf, "Quuxlock (ELF)")+`,`+obj(win, "Quuxlock (Windows)")+`,`+obj(own, "Babelcrypt")+`,`+obj(babl, "Babelcrypt (Windows)")+`]}`))
	d, err := k.Dictionary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range d.Read("The Quuxlock ransomware and Babelcrypt hit firms.").Malware {
		got[m.Name] = m.ID
	}
	if got["Quuxlock"] != win || got["Babelcrypt"] != own || len(got) != 2 {
		t.Errorf("malware found %v; want Quuxlock as %s and Babelcrypt as %s", got, win, own)
	}
	if fs := d.Read("A Quuxlock (ELF) sample.").Malware; len(fs) == 0 || fs[0].ID != elf {
		t.Errorf("the qualified name found %v, want %s", fs, elf)
	}
}

// TestDictionaryBareNameFoldedAlike: a bare name that folds as another
// software's name does ("Z-Wing (Windows)" beside a family aliased
// "Zwing") names that software as written too: "Z-Wing" was found by
// nothing, since the other name held its folded key.
func TestDictionaryBareNameFoldedAlike(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	const (
		zwing = "malware--00000000-0000-4000-8000-0000000000a1"
		win   = "malware--00000000-0000-4000-8000-0000000000a2"
	)
	importBytes(t, db, "folded.json", []byte(`{"type":"bundle","id":"bundle--00000000-0000-4000-8000-0000000000a0","objects":[`+
		`{"type":"malware","spec_version":"2.1","id":"`+zwing+`","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"WINGSPAN","aliases":["Zwing"],"is_family":true},`+
		`{"type":"malware","spec_version":"2.1","id":"`+win+`","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Z-Wing (Windows)","is_family":true}]}`))
	d, err := k.Dictionary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"They deployed Z-Wing on two hosts.", "They deployed Zwing on two hosts."} {
		if fs := d.Read(text).Malware; len(fs) != 1 || fs[0].ID != zwing {
			t.Errorf("%q: malware %+v, want WINGSPAN (%s) once", text, fs, zwing)
		}
	}
}
