package importer

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// BenchmarkImportEnterprise imports ATT&CK Enterprise into an empty
// database (the target: at most 5 s on the 2-core machine).
func BenchmarkImportEnterprise(b *testing.B) {
	path := testutil.SharedFile(b, "data/attack/enterprise-attack-18.1.json")
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	for i := 0; i < b.N; i++ {
		db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "t.db"), true)
		if err != nil {
			b.Fatal(err)
		}
		f, _ := os.Open(path)
		res, err := (&Importer{Store: db}).Import(context.Background(), f, path, Options{})
		f.Close()
		if err != nil || res.Added != 24772 {
			b.Fatalf("import: %v %+v", err, res)
		}
		db.Close()
	}
}
