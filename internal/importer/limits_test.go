package importer

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

const manyID = "intrusion-set--0d6a1e6c-6f0e-4b9e-9a3c-6a2e1f0c0777"

// withAliases returns an intrusion set with n aliases (each name i bytes
// long at most, digits), its id after them.
func withAliases(n int) string {
	var b strings.Builder
	b.WriteString(`{"type":"intrusion-set","spec_version":"2.1","name":"Many","aliases":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"a%d"`, i)
	}
	b.WriteString(`],"id":"` + manyID + `","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z"}`)
	return b.String()
}

func TestImportLimits(t *testing.T) {
	ctx := context.Background()
	t.Run("AliasesAtTheLimit", func(t *testing.T) {
		db := openTest(t)
		res, err := importString(t, db, "many.json", bundle(goodA, withAliases(stix.DefaultMaxAliases)), Options{})
		if err != nil || res.Added != 2 {
			t.Fatalf("import = %+v, %v", res, err)
		}
	})
	t.Run("AliasesOverTheLimitRefuseTheImport", func(t *testing.T) {
		db := openTest(t)
		res, err := importString(t, db, "many.json", bundle(goodA, withAliases(stix.DefaultMaxAliases+1)), Options{})
		if telltale.ErrorCode(err) != telltale.EINVALID {
			t.Fatalf("import = %+v, %v; want EINVALID", res, err)
		}
		// The file, the object and the reason.
		for _, want := range []string{"many.json: ", "object 1 (" + manyID + ")", `property "aliases": more than 1000 aliases`} {
			if !strings.Contains(telltale.ErrorMessage(err), want) {
				t.Errorf("error %q does not say %q", telltale.ErrorMessage(err), want)
			}
		}
		// Atomic: the valid object before it is not kept either.
		if s, _ := db.Stats(ctx); s.Objects != 0 {
			t.Errorf("%d objects stored, want none", s.Objects)
		}
	})
	t.Run("NameOverTheLimit", func(t *testing.T) {
		db := openTest(t)
		long := strings.Replace(goodA, `"name":"MESSAGETAP"`, `"name":"`+strings.Repeat("n", stix.DefaultMaxNameBytes+1)+`"`, 1)
		_, err := importString(t, db, "long.json", bundle(long), Options{})
		if telltale.ErrorCode(err) != telltale.EINVALID || !strings.Contains(err.Error(), `property "name": a string of 1025 bytes`) {
			t.Fatalf("error %v", err)
		}
		at := strings.Replace(goodA, `"name":"MESSAGETAP"`, `"name":"`+strings.Repeat("n", stix.DefaultMaxNameBytes)+`"`, 1)
		if res, err := importString(t, db, "long.json", bundle(at), Options{}); err != nil || res.Added != 1 {
			t.Fatalf("at the limit: %+v, %v", res, err)
		}
	})
	t.Run("ConfiguredLimits", func(t *testing.T) {
		db := openTest(t)
		im := &Importer{Store: db, Limits: stix.Limits{MaxObjects: 1}}
		_, err := im.Import(ctx, strings.NewReader(bundle(goodA, goodB)), "two.json", Options{})
		if telltale.ErrorCode(err) != telltale.EINVALID || !strings.Contains(err.Error(), "two.json: ") || !strings.Contains(err.Error(), "more than 1 objects in one bundle") {
			t.Fatalf("objects: %v", err)
		}
		labels := func(n int) string {
			return strings.Replace(goodA, `"is_family":true`, `"is_family":true,"labels":[`+strings.Repeat(`"l",`, n-1)+`"l"]`, 1)
		}
		im.Limits = stix.Limits{MaxListItems: 10}
		if _, err := im.Import(ctx, strings.NewReader(bundle(labels(10))), "list.json", Options{}); err != nil {
			t.Fatalf("at the limit: %v", err)
		}
		db = openTest(t)
		im.Store = db
		_, err = im.Import(ctx, strings.NewReader(bundle(labels(11))), "list.json", Options{})
		if telltale.ErrorCode(err) != telltale.EINVALID || !strings.Contains(err.Error(), `object 0 (malware--9b19d6b4-cfcb-492f-8ca8-8449e7331573)`) ||
			!strings.Contains(err.Error(), `property "labels": more than 10 items`) {
			t.Fatalf("list: %v", err)
		}
		if s, _ := db.Stats(ctx); s.Objects != 0 {
			t.Errorf("%d objects stored, want none", s.Objects)
		}
	})
}

func TestImportDuplicateKeys(t *testing.T) {
	t.Run("InAnObject", func(t *testing.T) {
		db := openTest(t)
		dup := strings.Replace(goodA, `"name":"MESSAGETAP"`, `"name":"MESSAGETAP","id":"malware--11111111-cfcb-492f-8ca8-8449e7331573"`, 1)
		input := bundle(goodB, dup)
		res, err := importString(t, db, "dup.json", input, Options{})
		if err != nil || res.Rejected != 1 || res.Added != 1 {
			t.Fatalf("import = %+v, %v", res, err)
		}
		start := strings.Index(input, dup)
		want := fmt.Sprintf(`duplicate property "id" at byte %d of the object (the object starts at byte %d of the input)`, strings.Index(dup, `"id":"malware--1111`), start)
		if p := res.Problems[0]; p.Index != 1 || !strings.Contains(p.Reason, want) {
			t.Errorf("problem %+v, want %q", p, want)
		}
		_, err = importString(t, db, "dup.json", input, Options{Strict: true})
		if telltale.ErrorCode(err) != telltale.EINVALID || !strings.Contains(err.Error(), want) {
			t.Errorf("strict: %v", err)
		}
	})
	t.Run("Nested", func(t *testing.T) {
		db := openTest(t)
		dup := strings.Replace(goodA, `"nested":[`, `"nested":1,"nested":[`, 1)
		res, err := importString(t, db, "dup.json", bundle(dup), Options{})
		if err != nil || res.Rejected != 1 || !strings.Contains(res.Problems[0].Reason, `duplicate property "nested"`) {
			t.Fatalf("import = %+v, %v", res, err)
		}
	})
	t.Run("TwoObjectsLists", func(t *testing.T) {
		db := openTest(t)
		input := `{"type":"bundle","objects":[` + goodA + `],"objects":[` + goodB + `]}`
		_, err := importString(t, db, "two.json", input, Options{})
		want := fmt.Sprintf(`byte %d: malformed JSON: duplicate property "objects"`, strings.LastIndex(input, `"objects"`))
		if telltale.ErrorCode(err) != telltale.EINVALID || !strings.Contains(err.Error(), want) {
			t.Fatalf("error %v, want %q", err, want)
		}
		if s, _ := db.Stats(context.Background()); s.Objects != 0 {
			t.Errorf("%d objects stored, want none", s.Objects)
		}
	})
}

// TestRefusedEarly imports one intrusion set with a million aliases (the
// 10.9 MB object of issue #14) and checks that refusing it allocates a
// small multiple of its size: the decoder's copy of the object and
// Parse's, never a value per alias. Decoding every alias into a Go value
// allocated more than 12 times the input.
func TestRefusedEarly(t *testing.T) {
	if testing.Short() {
		t.Skip("a 10 MB input")
	}
	db := openTest(t)
	input := bundle(withAliases(1_000_000))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := importString(t, db, "million.json", input, Options{})
	runtime.ReadMemStats(&after)
	if telltale.ErrorCode(err) != telltale.EINVALID || !strings.Contains(err.Error(), "more than 1000 aliases") {
		t.Fatalf("error %v", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 6*uint64(len(input)) {
		t.Errorf("refusing a %d-byte input allocated %d bytes (%.1f times)", len(input), got, float64(got)/float64(len(input)))
	}
}

// BenchmarkRefuseManyAliases measures refusing the million-alias object:
// bytes allocated per byte of input (B/op over the input size).
func BenchmarkRefuseManyAliases(b *testing.B) {
	db := openTest(b)
	input := bundle(withAliases(1_000_000))
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	for b.Loop() {
		_, err := (&Importer{Store: db}).Import(context.Background(), strings.NewReader(input), "million.json", Options{})
		if telltale.ErrorCode(err) != telltale.EINVALID {
			b.Fatal(err)
		}
	}
}
