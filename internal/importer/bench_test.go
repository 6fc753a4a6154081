package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/scale"
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

// BenchmarkImportGenerated imports a generated scale bundle (issue 17;
// TELLTALE_BENCH_OBJECTS objects, 100,000 by default) into a database
// holding ATT&CK Enterprise, as scripts/bench-scale does; the ATT&CK import
// is not timed. Run with -cpuprofile to see where the time goes.
func BenchmarkImportGenerated(b *testing.B) {
	attack := testutil.SharedFile(b, "data/attack/enterprise-attack-18.1.json")
	n := 100_000
	if s := os.Getenv("TELLTALE_BENCH_OBJECTS"); s != "" {
		if _, err := fmt.Sscan(s, &n); err != nil {
			b.Fatal(err)
		}
	}
	opts, err := scale.AttackOptions(attack, n, 1)
	if err != nil {
		b.Fatal(err)
	}
	bundle := filepath.Join(b.TempDir(), "bundle.json")
	f, err := os.Create(bundle)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := scale.Write(f, opts); err != nil {
		b.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(bundle)
	b.SetBytes(st.Size())
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := store.Open(ctx, filepath.Join(b.TempDir(), "t.db"), true)
		if err != nil {
			b.Fatal(err)
		}
		importFile(b, db, attack)
		cpu := cpuTime()
		b.StartTimer()
		res := importFile(b, db, bundle)
		b.StopTimer()
		// CPU seconds of the process (both goroutines' work and the
		// driver's): steadier than wall time on a shared machine.
		b.ReportMetric((cpuTime() - cpu).Seconds(), "cpu-s")
		b.StartTimer()
		if res.Added+res.Updated != n || res.Rejected != 0 {
			b.Fatalf("import: %+v", res)
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds()*float64(i+1), "objects/s")
		db.Close()
	}
}

func importFile(b *testing.B, db *store.DB, path string) *telltale.ImportResult {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	res, err := (&Importer{Store: db}).Import(context.Background(), f, path, Options{})
	if err != nil {
		b.Fatalf("import %s: %v", path, err)
	}
	return res
}

// cpuTime is the user and system CPU time the process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
