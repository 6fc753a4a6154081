package store

// Read replicas: a PostgreSQL hot standby (streaming replication) that
// answers the heavy reads, while the primary takes every write.
//
// What goes where: the reads the pages, the APIs and the knowledge
// computation are made of (objects, versions, relationships, names, full
// text, counts, TAXII pages, LastSeq and the knowledge cache) go to the
// replica; every write and every transaction go to the primary, and so do
// the reads of the small tables that must be current for security or for a
// write that follows (accounts, sessions, tokens, login failures, drafts,
// feeds, watches, leases, TAXII collections and statuses): a revoked token
// stops working at once and a new session is found on the next request,
// whatever the replica's lag.
//
// Read your writes: a request carries a reader key (ReadAs, the user's id).
// After a write that the replica serves reads of (an import, a deletion),
// the store notes the primary's WAL position for that key; that reader's
// reads go to the replica only once it has replayed that position, to the
// primary until then. Other readers may see the replica's state, which is
// behind the primary by its replication lag (bounded staleness). The reads
// of one request go to one server (see readState), so a page never mixes
// two states of the store.
//
// Failure: a replica that cannot be reached, is no longer a standby (it
// was promoted) or is a standby of another cluster is marked down, and
// reads go to the primary; a background check every poll interval marks it
// up again when it answers as a standby of the primary.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/telltale-cti/telltale"
)

// ReplicaOptions tune UseReplica.
type ReplicaOptions struct {
	// Poll is how often the replica's health and replay position are
	// checked (default one second).
	Poll time.Duration
	// Changed, when set, is called when the replica goes down (err says
	// why) or comes back up (err nil), e.g. to log it.
	Changed func(up bool, err error)
}

// replica is the read replica attached to a DB.
type replica struct {
	db      *sql.DB
	display string
	sysid   string // the primary's system identifier: a replica must share it
	opts    ReplicaOptions
	stop    chan struct{}
	done    chan struct{}

	mu       sync.Mutex
	up       bool
	err      error             // why it is down
	replayed uint64            // WAL position replayed at the last check
	wrote    map[string]uint64 // reader key → primary WAL position after its last write
}

// UseReplica sends the reads of db (a PostgreSQL primary) that a hot
// standby can serve to the standby at dsn, from now until db is closed. A
// replica that cannot be reached yet is not an error: reads go to the
// primary until it answers.
func (db *DB) UseReplica(ctx context.Context, dsn string, opts ReplicaOptions) error {
	if db.dialect != postgresDialect || dialectOf(dsn) != postgresDialect {
		return telltale.Errorf(telltale.EINVALID, "a read replica needs PostgreSQL for both databases (--db and --read-db postgres://...)")
	}
	if db.replica != nil {
		return telltale.Errorf(telltale.ECONFLICT, "database %s already has a read replica", db.dsn)
	}
	var sysid string
	if err := db.db.QueryRowContext(ctx, `-- system identifier
		SELECT system_identifier::text FROM pg_control_system()`).Scan(&sysid); err != nil {
		return fmt.Errorf("read replica: %w", unavailable(err))
	}
	rdb, display, err := postgresDialect.open(ctx, dsn)
	if err != nil {
		return err
	}
	if opts.Poll <= 0 {
		opts.Poll = time.Second
	}
	r := &replica{db: rdb, display: display, sysid: sysid, opts: opts, stop: make(chan struct{}), done: make(chan struct{}), wrote: map[string]uint64{}}
	// A standby of another cluster is a configuration error worth
	// refusing at start; an unreachable one may come up later.
	if _, err := r.check(ctx); err != nil && errors.Is(err, errOtherCluster) {
		rdb.Close()
		return err
	}
	db.replica = r
	go r.watch()
	return nil
}

// ReplicaDSN names the read replica (no password), "" when there is none.
func (db *DB) ReplicaDSN() string {
	if db.replica == nil {
		return ""
	}
	return db.replica.display
}

// ReplicaUp reports whether reads may go to the read replica now, and why
// not when they may not.
func (db *DB) ReplicaUp() (bool, error) {
	r := db.replica
	if r == nil {
		return false, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.up, r.err
}

func (r *replica) close() {
	close(r.stop)
	<-r.done
	r.db.Close()
}

// watch checks the replica every poll interval until close.
func (r *replica) watch() {
	defer close(r.done)
	t := time.NewTicker(r.opts.Poll)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), max(r.opts.Poll, 2*time.Second))
			r.check(ctx)
			cancel()
		}
	}
}

var errOtherCluster = errors.New("not a standby of the primary")

// check asks the replica whether it is a standby of the primary and how far
// it has replayed, and records the answer.
func (r *replica) check(ctx context.Context) (uint64, error) {
	var recovering bool
	var sysid string
	var lsn sql.NullString
	err := r.db.QueryRowContext(ctx, `-- replica state
		SELECT pg_is_in_recovery(), system_identifier::text, pg_last_wal_replay_lsn()::text FROM pg_control_system()`).Scan(&recovering, &sysid, &lsn)
	var pos uint64
	switch {
	case err != nil:
		err = fmt.Errorf("read replica %s: %w", r.display, err)
	case sysid != r.sysid:
		err = fmt.Errorf("read replica %s: %w (system identifier %s, the primary's is %s)", r.display, errOtherCluster, sysid, r.sysid)
	case !recovering || !lsn.Valid:
		err = fmt.Errorf("read replica %s is not a hot standby (promoted?)", r.display)
	default:
		pos, err = parseLSN(lsn.String)
	}
	r.record(pos, err)
	return pos, err
}

// record keeps the outcome of a check or a failed read (pos unused then)
// and forgets the writes the replica has replayed.
func (r *replica) record(pos uint64, err error) {
	r.mu.Lock()
	was := r.up
	r.up, r.err = err == nil, err
	if err == nil {
		r.replayed = max(r.replayed, pos)
		for k, w := range r.wrote {
			if w <= r.replayed {
				delete(r.wrote, k)
			}
		}
	}
	changed := r.opts.Changed
	r.mu.Unlock()
	if changed != nil && was != (err == nil) {
		changed(err == nil, err)
	}
}

// wrote notes that reader key wrote up to the primary's position pos.
func (r *replica) noteWrite(key string, pos uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if pos > r.replayed {
		r.wrote[key] = max(r.wrote[key], pos)
	}
}

// ready reports whether the replica is up and has replayed pos, asking it
// again when the last check saw it behind.
func (r *replica) ready(ctx context.Context, key string, pos uint64) bool {
	r.mu.Lock()
	up, replayed := r.up, r.replayed
	if key != "" {
		pos = max(pos, r.wrote[key])
	}
	r.mu.Unlock()
	if !up {
		return false
	}
	if replayed >= pos {
		return true
	}
	replayed, err := r.check(ctx)
	return err == nil && replayed >= pos
}

// parseLSN reads a WAL position written as PostgreSQL does ("16/B374D848").
func parseLSN(s string) (uint64, error) {
	hi, lo, ok := strings.Cut(s, "/")
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if !ok || err1 != nil || err2 != nil {
		return 0, fmt.Errorf("WAL position %q", s)
	}
	return h<<32 | l, nil
}

type readStateKey struct{}

// server is where the reads of a request go.
type server int

const (
	undecided server = iota
	toPrimary
	toReplica
)

// readState is what a request carries for the routing of its reads: whose
// they are, the WAL position its own writes reached, and the server its
// reads were sent to (decided at the first read, so that one request sees
// one state of the store; a write makes it decide again).
type readState struct {
	key string

	mu     sync.Mutex
	at     server
	wrote  uint64
	forced bool // every read to the primary
}

// ReadAs returns ctx carrying a new read state for the reader named key
// (the user's id; "" for a reader who never writes): with a read replica,
// key's reads see at least key's own writes, and the reads made with the
// returned context all go to one server. Call it once per request.
func ReadAs(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, readStateKey{}, &readState{key: key})
}

// PinReads returns ctx with its reads going to one server: ctx itself when
// it already carries a read state (ReadAs), else ctx with a new one. The
// knowledge computation reads the store's sequence number and then its
// objects through it, so that the two come from the same server.
func (db *DB) PinReads(ctx context.Context) context.Context {
	if _, ok := ctx.Value(readStateKey{}).(*readState); ok || db.replica == nil {
		return ctx
	}
	return ReadAs(ctx, "")
}

// PrimaryReads returns ctx with every read going to the primary: for reads
// that decide a write (what to delete, what to overwrite).
func PrimaryReads(ctx context.Context) context.Context {
	return context.WithValue(ctx, readStateKey{}, &readState{forced: true, at: toPrimary})
}

// reader returns where a read made with ctx goes, and whether it is the
// replica.
func (db *DB) reader(ctx context.Context) (querier, bool) {
	r := db.replica
	if r == nil {
		return db.db, false
	}
	st, _ := ctx.Value(readStateKey{}).(*readState)
	if st == nil {
		return db.route(r.ready(ctx, "", 0))
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.at == undecided {
		st.at = toPrimary
		if r.ready(ctx, st.key, st.wrote) {
			st.at = toReplica
		}
	}
	return db.route(st.at == toReplica)
}

func (db *DB) route(replica bool) (querier, bool) {
	if replica {
		return db.replica.db, true
	}
	return db.db, false
}

// read runs fn, a read that is safe to repeat, on the server ctx's reads
// go to. A read the replica fails runs again on the primary, and the
// request's later reads go there too; a replica that broke off is marked
// down until the next check finds it well.
func (db *DB) read(ctx context.Context, fn func(q querier) error) error {
	q, onReplica := db.reader(ctx)
	if onReplica {
		err := fn(q)
		if err == nil || errors.Is(err, sql.ErrNoRows) || ctx.Err() != nil {
			return err
		}
		if transient(err) {
			db.replica.record(0, fmt.Errorf("read replica %s: %w", db.replica.display, err))
		}
		if st, ok := ctx.Value(readStateKey{}).(*readState); ok {
			st.mu.Lock()
			st.at = toPrimary
			st.mu.Unlock()
		}
	}
	return retry(ctx, func() error { return fn(db.db) })
}

// wrote is called after a write whose data the replica serves reads of
// (an import, a deletion): the writer's later reads must see it.
func (db *DB) wrote(ctx context.Context) {
	r := db.replica
	st, _ := ctx.Value(readStateKey{}).(*readState)
	if r == nil || st == nil {
		return
	}
	var lsn string
	err := db.db.QueryRowContext(context.WithoutCancel(ctx), `-- primary WAL position
		SELECT pg_current_wal_lsn()::text`).Scan(&lsn)
	pos, perr := parseLSN(lsn)
	st.mu.Lock()
	defer st.mu.Unlock()
	if err != nil || perr != nil {
		// Where the write ended is unknown: this request reads from the
		// primary from now on.
		st.forced, st.at = true, toPrimary
		return
	}
	if !st.forced {
		st.at = undecided
	}
	st.wrote = max(st.wrote, pos)
	if st.key != "" {
		r.noteWrite(st.key, pos)
	}
}
