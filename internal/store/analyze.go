package store

import (
	"context"
	"fmt"
)

// When an import analyses the tables it wrote: when the versions it wrote
// exceed analyzeRows plus analyzeShare of the versions the last analysis
// counted, the thresholds by which PostgreSQL's autovacuum analyses a
// table by default (autovacuum_analyze_threshold 50,
// autovacuum_analyze_scale_factor 0.1).
const (
	analyzeRows  = 50
	analyzeShare = 0.1
)

// analyze refreshes the planner's statistics of the tables the import
// wrote, inside its transaction (ANALYZE counts the transaction's own
// rows), when it wrote a tenth of the versions or more. Without
// statistics PostgreSQL guessed after a bulk import into a new database,
// until autovacuum, when it is on at all, analysed the tables: it scanned
// the 375,000 names for a search's alias key (0.2–0.3 s a search at
// 1,000,000 objects) and read a sector's objects by position in 3 s
// instead of 40 ms. ANALYZE samples a bounded number of rows (3 s at
// that size). Smaller imports leave it to autovacuum, which counts the
// changes of every transaction: an analysis inside the transaction cannot
// reset that count, as the transaction's changes are reported at commit,
// after it.
func (tx *Tx) analyze(ctx context.Context) error {
	d := tx.db.dialect
	written := tx.lastSeq - tx.lastSeqAtBegin
	if d.analyze == "" || written <= 0 {
		return nil
	}
	var rows float64
	if err := tx.tx.QueryRowContext(ctx, d.analyzedRows).Scan(&rows); err != nil {
		return fmt.Errorf("statistics: %w", err)
	}
	if float64(written) <= analyzeRows+analyzeShare*max(rows, 0) {
		return nil
	}
	if _, err := tx.tx.ExecContext(ctx, d.analyze); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}
