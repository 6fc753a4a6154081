package knowledge_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
)

// BenchmarkViewAfterImport is what the first page after an import that
// touches an actor costs a server that had computed its knowledge: an
// import of a new version of APT29 (one more alias) and a targets
// relationship from it to Communication, then the Communication
// landscape (issue 17: "no cliff after an import"). The import is not
// timed. TELLTALE_BENCH_DB names a database to run on (it is written to:
// give a copy), else ATT&CK Enterprise, every MISP galaxy and the starter
// knowledge. Reports the CPU time of the process too (cpu-ms/op).
func BenchmarkViewAfterImport(b *testing.B) {
	ctx := context.Background()
	var db *store.DB
	if path := os.Getenv("TELLTALE_BENCH_DB"); path != "" {
		var err error
		if db, err = store.Open(ctx, path, false); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
	} else {
		db, _ = openFull(b)
	}
	opts := knowledge.Options{Mark: telltale.MarkOf}
	k := knowledge.NewWithOptions(db, opts)
	apt29 := objectNamed(b, db, "intrusion-set", "APT29")
	comm, _ := knowledge.SectorByKey("communication")
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if err := k.Warm(ctx); err != nil {
			b.Fatal(err)
		}
		when := time.Now().UTC().Add(time.Duration(i) * time.Millisecond).Format("2006-01-02T15:04:05.000Z")
		actor := newVersion(b, apt29.Raw, func(o map[string]any) {
			o["modified"] = when
			o["aliases"] = append(o["aliases"].([]any), fmt.Sprintf("Bench Bear %d", time.Now().UnixNano()))
		})
		rel := json.RawMessage(fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--%s",
			"created":%q,"modified":%q,"relationship_type":"targets","source_ref":%q,
			"target_ref":%q}`, uuid4(i), when, when, apt29.ID, comm.ID))
		importBytes(b, db, "bench", bundleOf(b, []json.RawMessage{actor, rel}))
		before := cpuTime()
		b.StartTimer()
		if _, err := k.Landscape(ctx, "communication"); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += cpuTime() - before
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// uuid4 is a version-4 UUID made from n and the clock.
func uuid4(n int) string {
	t := time.Now().UnixNano()
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(t), uint16(n), uint16(t>>32)&0xfff, uint16(n>>16)&0xfff, uint64(t)&0xffffffffffff)
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
