package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
)

// Config is what a process opens and how it reads it.
type Config struct {
	// DSN names the database: a SQLite file path, or postgres://...
	DSN string
	// Migrate migrates an existing database whose schema is behind; without
	// it such a database is refused with the command that migrates it. A
	// SQLite file that does not exist yet is always created and migrated.
	Migrate bool
	// NoStarter leaves an empty database empty; otherwise the built-in
	// starter knowledge is imported into it and the knowledge computed
	// (its views kept in the store's cache).
	NoStarter bool
	// Accounts makes the accounts service (a server's): the knowledge then
	// shows each caller what their user may see (auth.Service.ViewerOf),
	// and App.Visible is the store behind that rule. Without it the
	// knowledge reads everything, as the commands do.
	Accounts bool
	// Knowledge tunes the knowledge service. Nil fields are the
	// production ones: Mark reads an object's mark with the store's
	// marking definitions, Reader is the extractor, and Viewer is the
	// App's (see Accounts, AsServer and ReadAs). Tests set them.
	Knowledge knowledge.Options
	// Refresh makes the importer recompute the knowledge after each
	// commit, ahead of readers.
	Refresh bool
	// MustExist refuses a SQLite file that does not exist (ENOTFOUND)
	// instead of creating it: a command that only reads, given a
	// mistyped path, would show a new database's starter knowledge.
	MustExist bool
}

// App is the built application.
type App struct {
	DB        *store.DB
	Knowledge *knowledge.Service
	Importer  *importer.Importer
	// Auth is the accounts service (Config.Accounts; nil otherwise). Its
	// options (anonymous reading, cookies, proxies) are the server's to
	// set before it serves.
	Auth *auth.Service
	// Visible is the store behind the TLP rule of each caller (with
	// Auth; nil otherwise): one, so that what it looked up is shared by
	// every path of a server that reads or shows stored objects.
	Visible *auth.VisibleObjects
}

// Open opens the database described by c and builds the application on
// it (see the package comment).
func Open(ctx context.Context, c Config) (*App, error) {
	if c.MustExist && isNewSQLite(c.DSN) {
		return nil, telltale.Errorf(telltale.ENOTFOUND, "no database at %s (a mistyped --db or TELLTALE_DB?); 'telltale import', 'telltale update' or 'telltale serve' with that --db create one", sqlitePath(c.DSN))
	}
	migrate := c.Migrate || isNewSQLite(c.DSN)
	db, err := store.Open(ctx, c.DSN, migrate)
	if err != nil {
		return nil, err
	}
	a := &App{DB: db, Importer: &importer.Importer{Store: db}}
	if c.Accounts {
		a.Auth = auth.New(db)
		a.Visible = &auth.VisibleObjects{ObjectService: db, Viewer: a.Auth.ViewerOf}
	}
	a.Knowledge = knowledge.NewWithOptions(db, a.knowledgeOptions(c.Knowledge))
	if c.Refresh {
		a.Importer.AfterCommit = a.Knowledge.Refresh
	}
	if !c.NoStarter {
		if err := a.loadStarter(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	return a, nil
}

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }

// knowledgeOptions fills the nil fields of o with the production ones.
func (a *App) knowledgeOptions(o knowledge.Options) knowledge.Options {
	if o.Mark == nil {
		// Objects are marked as a server marks them, so that the views a
		// command caches after an import say what they were computed from
		// and a server answers the viewers who see all of it from the
		// cache.
		m := auth.NewMarkings(a.DB)
		o.Mark = func(raw []byte) telltale.Mark { return telltale.MarkWith(raw, m) }
	}
	if o.Reader == nil {
		o.Reader = extract.Reader{}
	}
	if o.Viewer == nil {
		o.Viewer = a.viewer
	}
	return o
}

// loadStarter imports the starter knowledge into an empty database and
// computes the knowledge, keeping its views in the store's cache.
func (a *App) loadStarter(ctx context.Context) error {
	seq, err := a.DB.LastSeq(ctx)
	if err != nil || seq != 0 {
		return err
	}
	if _, err := a.Importer.Import(ctx, bytes.NewReader(knowledge.StarterBundle()), "telltale starter knowledge", importer.Options{Strict: true}); err != nil {
		return fmt.Errorf("load starter knowledge: %w", err)
	}
	if err := a.Knowledge.Recompute(AsServer(ctx)); err != nil {
		return fmt.Errorf("compute knowledge: %w", err)
	}
	return nil
}

// serverWork marks the context of the process's own work (a server's
// feed polling, its recomputations), which reads the knowledge whole.
// Requests never carry it.
type serverWork struct{}

// AsServer returns ctx marked as the process's own work: the knowledge
// reads everything in it, whoever else the context names (but see
// ReadAs).
func AsServer(ctx context.Context) context.Context {
	return context.WithValue(ctx, serverWork{}, true)
}

// readsAs marks a context in which the knowledge answers as one user
// sees (a watch's owner).
type readsAs struct{}

// ReadAs returns ctx in which the knowledge answers as u sees, whatever
// else the context carries (AsServer's mark, the user whose import set
// a watch off, an anonymous reader's refusal when anonymous reading is
// off).
func ReadAs(ctx context.Context, u *telltale.User) context.Context {
	return context.WithValue(ctx, readsAs{}, u)
}

// readerOf returns the user ReadAs put in ctx, if any.
func readerOf(ctx context.Context) (*telltale.User, bool) {
	u, ok := ctx.Value(readsAs{}).(*telltale.User)
	return u, ok
}

// viewer is the knowledge's viewer: a ReadAs context's user; everything
// for a command and for a server's own work (AsServer); otherwise the
// user of a server's request (nobody, who sees nothing, when the caller
// may not read).
func (a *App) viewer(ctx context.Context) (string, func(telltale.Mark) bool) {
	if u, ok := readerOf(ctx); ok {
		return u.Key(), u.Sees
	}
	if a.Auth == nil {
		return "", nil
	}
	if ctx.Value(serverWork{}) != nil {
		return "server", nil // everything; a user's key always holds "|"
	}
	u := a.Auth.ViewerOf(ctx)
	if u == nil {
		return "", func(telltale.Mark) bool { return false }
	}
	return u.Key(), u.Sees
}

// isNewSQLite reports whether dsn names a SQLite file that does not exist
// yet.
func isNewSQLite(dsn string) bool {
	if strings.Contains(dsn, "://") && !strings.HasPrefix(dsn, "sqlite://") {
		return false
	}
	_, err := os.Stat(sqlitePath(dsn))
	return os.IsNotExist(err)
}

// sqlitePath is the file path of a SQLite dsn.
func sqlitePath(dsn string) string {
	return strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
}
