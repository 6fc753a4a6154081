// Command telltale is the Telltale threat-intelligence platform: one binary
// that imports, stores, explains and serves STIX 2.1 knowledge.
//
// This package is the only wiring: it parses flags and environment into a
// configuration, opens the store and runs one subcommand per file.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	err := m.Run(ctx, os.Args[1:])
	stop()
	if err != nil {
		os.Exit(m.report(err))
	}
}

// Main holds the program's streams and environment, so tests can run
// subcommands in-process.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// reads is set while a command of readCommands runs.
	reads bool
}

// NewMain returns a Main on the process's streams and environment.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

type command struct {
	name    string
	summary string
	run     func(m *Main, ctx context.Context, args []string) error
}

// commandList is every subcommand, in the order the usage lists them: one
// table, where each command file used to register itself in init(). A
// function, not a variable: the commands' code reads the table (usage).
func commandList() []command {
	return []command{
		{"actor", "show an actor by any alias (--explain; 'actor link A B', 'actor split A B', 'actor suggest FILE|URL|REPORT-ID|ACTOR')", (*Main).runActor},
		{"conflicts", "list names claimed by several actors and joins a rule refused", (*Main).runConflicts},
		{"copy", "copy a whole database to another engine (--from sqlite:PATH --to postgres://...)", (*Main).runCopy},
		{"enrich", "derive sector targeting from intrusion-set descriptions (low confidence, marked 'from description')", (*Main).runEnrich},
		{"export", "write stored objects as a STIX 2.1 bundle", (*Main).runExport},
		{"extract", "show what a report says: indicators, actors, sectors, countries, techniques, claims (FILE|URL|-)", (*Main).runExtract},
		{"feed", "RSS/Atom feeds whose new items become draft reports: add URL | list | remove ID | poll", (*Main).runFeed},
		{"import", "import STIX 2.1 bundles, ATT&CK and MISP galaxy files (FILE|URL|-)", (*Main).runImport},
		{"ingest", "turn a report (FILE|URL|-) into a draft STIX report with what it says; --accept to accept at once", (*Main).runIngest},
		{"migrate", "apply pending database migrations", (*Main).runMigrate},
		{"pull", "import a collection from a TAXII 2.1 server, resuming where the last pull stopped (URL --collection ID)", (*Main).runPull},
		{"get", "print a stored object by id (--versions for all of them)", (*Main).runGet},
		{"search", "search names, aliases and descriptions", (*Main).runSearch},
		{"stats", "count objects by type, versions and relationships", (*Main).runStats},
		{"report", "review ingested reports: list | show | items | remove | edit | link | meta | accept | reject | reopen", (*Main).runReport},
		{"sector", "show who attacks a sector, how, with what, and what to do about it", (*Main).runSector},
		{"sectors", "list every sector with its attacker count", (*Main).runSectors},
		{"serve", "serve the web app and the APIs (default http://" + ihttp.DefaultAddr + ")", (*Main).runServe},
		{"token", "manage API tokens: create, list, revoke", (*Main).runToken},
		{"update", "fetch the current ATT&CK and MISP galaxy releases, verify and import them", (*Main).runUpdate},
		{"user", "manage users: add, list, set, passwd, delete", (*Main).runUser},
		{"watch", "webhooks when a sector or actor gains an attacker, technique or indicator: add | list | remove ID | check | queue", (*Main).runWatch},
	}
}

// Run runs the subcommand named by args[0]. The flags every command takes
// (--db, --json, --quiet) may also come before the command's name:
// "telltale --db X import F" is "telltale import --db X F".
func (m *Main) Run(ctx context.Context, args []string) error {
	args, err := globalFlags(args)
	if err != nil {
		return err
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		m.usage()
		if len(args) == 0 {
			return telltale.Errorf(telltale.EINVALID, "no command given")
		}
		return nil
	}
	for _, c := range commandList() {
		if c.name == args[0] {
			m.reads = readCommands[c.name]
			return c.run(m, ctx, args[1:])
		}
	}
	return telltale.Errorf(telltale.EINVALID, "unknown command %q (run 'telltale help')", args[0])
}

// globalFlags moves the common flags given before the command's name to
// the end of its arguments: every command parses flags wherever they
// stand, but some read a verb first ("actor suggest", "user list"), which
// flags right after the name would hide.
func globalFlags(args []string) ([]string, error) {
	var global []string
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" && args[0] != "-h" && args[0] != "--help" && args[0] != "-help" {
		name, _, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		switch {
		case name == "db" && !hasValue:
			if len(args) < 2 {
				return nil, telltale.Errorf(telltale.EINVALID, "flag needs an argument: %s", args[0])
			}
			global, args = append(global, args[0], args[1]), args[2:]
		case name == "db" || name == "json" || name == "quiet":
			global, args = append(global, args[0]), args[1:]
		default:
			return nil, telltale.Errorf(telltale.EINVALID, "unknown flag %s before the command: only --db, --json and --quiet may come first (run 'telltale help')", args[0])
		}
	}
	if len(global) == 0 || len(args) == 0 {
		return args, nil
	}
	return append(args, global...), nil
}

func (m *Main) usage() {
	fmt.Fprintln(m.Stderr, "Telltale: who attacks your sector, from where, why, how and with what.")
	fmt.Fprintln(m.Stderr, "\nUsage: telltale COMMAND [flags] [args]\n\nCommands:")
	for _, c := range commandList() {
		fmt.Fprintf(m.Stderr, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(m.Stderr, "\nEvery command takes --db PATH (or TELLTALE_DB; default ./"+store.DefaultPath+"), --json and --quiet,\nbefore or after its name. Run 'telltale COMMAND -h' for its flags.")
}

// report prints err for people and returns the exit code for its kind.
func (m *Main) report(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	code := telltale.ErrorCode(err)
	var s silent
	if errors.As(err, &s) {
		return exitCodes[code]
	}
	msg := telltale.ErrorMessage(err)
	if code == telltale.EINTERNAL {
		msg = err.Error()
	}
	fmt.Fprintln(m.Stderr, "telltale: "+msg)
	return exitCodes[code]
}

// exitCodes maps error codes to process exit codes.
var exitCodes = map[string]int{
	telltale.EINVALID:      2,
	telltale.ENOTFOUND:     3,
	telltale.ECONFLICT:     4,
	telltale.EUNAUTHORIZED: 5,
	telltale.EFORBIDDEN:    5,
	telltale.EUNAVAILABLE:  6,
	telltale.ETOOLARGE:     2,
	telltale.EINTERNAL:     1,
}

// common are the flags every command takes.
type common struct {
	db    string
	json  bool
	quiet bool
}

func (m *Main) flags(name string, c *common) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	def := m.Getenv("TELLTALE_DB")
	if def == "" {
		def = store.DefaultPath
	}
	fs.StringVar(&c.db, "db", def, "database: a SQLite file path, or postgres://... for PostgreSQL (env TELLTALE_DB)")
	fs.BoolVar(&c.json, "json", false, "print JSON for scripts")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress output")
	fs.Usage = func() { m.help(name, fs, "") }
	return fs
}

// help prints a command's help in the format every command's -h uses:
// its usage lines, its summary, notes when it has some, and its flags.
func (m *Main) help(name string, fs *flag.FlagSet, notes string, usage ...string) {
	if len(usage) == 0 {
		usage = []string{"[flags]"}
	}
	for i, u := range usage {
		prefix := "Usage: "
		if i > 0 {
			prefix = "       "
		}
		fmt.Fprintf(m.Stderr, "%stelltale %s %s\n", prefix, name, u)
	}
	for _, c := range commandList() {
		if c.name == name {
			fmt.Fprintf(m.Stderr, "\n%s%s.\n", strings.ToUpper(c.summary[:1]), c.summary[1:])
		}
	}
	if notes != "" {
		fmt.Fprintf(m.Stderr, "\n%s\n", notes)
	}
	if fs != nil {
		fmt.Fprintln(m.Stderr, "\nFlags:")
		fs.PrintDefaults()
	} else {
		fmt.Fprintf(m.Stderr, "\nRun 'telltale %s SUBCOMMAND -h' for a subcommand's flags.\n", name)
	}
}

// parse parses flags, allowing them before and after positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, telltale.Errorf(telltale.EINVALID, "%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// open opens the application for a command (commandConfig): the database
// (migrated), the starter knowledge when it is empty, the knowledge
// service and importer.
func (m *Main) open(ctx context.Context, c *common) (*app.App, error) {
	cfg := commandConfig(c.db)
	// A command that only reads refuses a database file that does not
	// exist, but for the default one: a fresh machine's first 'telltale
	// sector communication' shows the starter knowledge.
	cfg.MustExist = m.reads && c.db != store.DefaultPath
	return app.Open(ctx, cfg)
}

// readCommands only read the store (or, for actor and report, change
// what it already holds): given a database file that does not exist,
// they say so rather than create it.
var readCommands = map[string]bool{"actor": true, "conflicts": true, "export": true, "extract": true, "get": true,
	"report": true, "search": true, "sector": true, "sectors": true, "stats": true}

func (m *Main) printJSON(v any) error {
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, word[:len(word)-1])
	}
	return fmt.Sprintf("%d %ss", n, word)
}
