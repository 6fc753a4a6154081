package stix

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/telltale-cti/telltale/internal/testutil"
)

// BenchmarkDecodeEnterprise decodes, parses and validates every object of
// ATT&CK Enterprise (24,772 objects, 50.7 MB), from memory so that the disk
// is not measured.
func BenchmarkDecodeEnterprise(b *testing.B) {
	data, err := os.ReadFile(testutil.SharedFile(b, "data/attack/enterprise-attack-18.1.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		d := NewDecoder(bytes.NewReader(data))
		n := 0
		for {
			raw, err := d.Next()
			if errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				b.Fatal(err)
			}
			o, err := Parse(raw)
			if err != nil {
				b.Fatal(err)
			}
			if err := Validate(o); err != nil {
				b.Fatalf("%s: %v", o.ID, err)
			}
			n++
		}
		if n != 24772 {
			b.Fatalf("decoded %d objects, want 24772", n)
		}
	}
}

// BenchmarkParseLimits compares Parse with Limits.Parse (limits and
// duplicate properties checked) on every object of ATT&CK Enterprise.
func BenchmarkParseLimits(b *testing.B) {
	raws := enterpriseObjects(b)
	size := 0
	for _, raw := range raws {
		size += len(raw)
	}
	for _, bc := range []struct {
		name  string
		parse func([]byte) (*Object, error)
	}{{"Parse", Parse}, {"Limits", Limits{}.Parse}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, raw := range raws {
					if _, err := bc.parse(raw); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkPrunableRefs lists the references of every object of ATT&CK
// Enterprise, as a TAXII page or an export shown to a viewer does.
func BenchmarkPrunableRefs(b *testing.B) {
	raws := enterpriseObjects(b)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, raw := range raws {
			n += len(PrunableRefs(raw))
		}
		if n < len(raws) {
			b.Fatalf("%d references in %d objects", n, len(raws))
		}
	}
}

// enterpriseObjects returns the objects of ATT&CK Enterprise, each as its
// JSON.
func enterpriseObjects(b *testing.B) [][]byte {
	data, err := os.ReadFile(testutil.SharedFile(b, "data/attack/enterprise-attack-18.1.json"))
	if err != nil {
		b.Fatal(err)
	}
	var raws [][]byte
	for d := NewDecoder(bytes.NewReader(data)); ; {
		raw, err := d.Next()
		if errors.Is(err, io.EOF) {
			return raws
		} else if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
	}
}
