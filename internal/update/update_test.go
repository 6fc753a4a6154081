package update

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLatestVersion: the index's newest version of the domain is taken,
// whatever the order it lists them in, and only of that domain.
func TestLatestVersion(t *testing.T) {
	idx := `{"collections":[
	  {"versions":[{"version":"17.1","url":"https://x/enterprise-attack/enterprise-attack-17.1.json","modified":"2025-05-01T00:00:00Z"},
	               {"version":"18.1","url":"https://x/enterprise-attack/enterprise-attack-18.1.json","modified":"2025-11-13T14:00:00Z"}]},
	  {"versions":[{"version":"19.0","url":"https://x/ics-attack/ics-attack-19.0.json","modified":"2026-01-01T00:00:00Z"}]}]}`
	got, err := latestVersion([]byte(idx), "enterprise-attack")
	if err != nil || got != "enterprise-attack-18.1.json" {
		t.Errorf("got %q, %v", got, err)
	}
	if _, err := latestVersion([]byte(idx), "mobile-attack"); err == nil {
		t.Error("a domain the index does not list was found")
	}
}

func TestVerify(t *testing.T) {
	dir := t.TempDir()
	write := func(body string) string {
		p := filepath.Join(dir, "f.json")
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	for name, tc := range map[string]struct {
		kind, body, sum, want string
	}{
		"Bundle":      {KindSTIX, `{"type":"bundle","objects":[{}]}`, "", ""},
		"EmptyBundle": {KindSTIX, `{"type":"bundle","objects":[]}`, "", "not a STIX bundle"},
		"Trailing":    {KindSTIX, `{"type":"bundle","objects":[{}]} {}`, "", "data after the document"},
		"Cluster":     {KindMISP, `{"type":"sector","uuid":"u","values":[{}]}`, "", ""},
		"OtherGalaxy": {KindMISP, `{"type":"country","uuid":"u","values":[{}]}`, "", "not a MISP sector cluster file"},
		"WrongDigest": {KindMISP, `{"type":"sector","uuid":"u","values":[{}]}`, "a9d2fdb0cc7e8a5c1bd4da8b7c4c3cf0e8d8f8c8d1a1a0c7d9e0b3f6c2a4e5d7", "SHA-256"},
	} {
		t.Run(name, func(t *testing.T) {
			f := &File{Kind: tc.kind, Galaxy: "sector", SHA256: tc.sum, Path: write(tc.body)}
			err := Verify(f)
			if (tc.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
			if err == nil && (f.Objects != 1 || f.Size != int64(len(tc.body)) || len(f.Sum) != 64) {
				t.Errorf("file %+v", f)
			}
		})
	}
}
