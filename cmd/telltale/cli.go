package main

import (
	"context"
	"flag"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
)

// The frame the subcommands share, in one place, so that each command's
// file holds only what it does: its flags (m.flags adds the common --db,
// --json and --quiet), then parseArgs (a fixed number of arguments),
// subcommand (a verb and its arguments) or documentArg (one FILE, URL or
// -), its work on the application in withApp (appCommand: a command with
// the common flags only), and printList for a list under --json. Errors
// are returned as they are: Main turns them into messages and exit codes.

// withApp opens the application on --db, runs fn on it and closes it.
func (m *Main) withApp(ctx context.Context, c *common, fn func(a *app.App) error) error {
	a, err := m.open(ctx, c)
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(a)
}

// appCommand runs a command that takes the common flags only and no
// argument: fn on the application opened on --db.
func (m *Main) appCommand(ctx context.Context, name string, args []string, fn func(a *app.App, c *common) error) error {
	var c common
	fs := m.flags(name, &c)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	return m.withApp(ctx, &c, func(a *app.App) error { return fn(a, &c) })
}

// parseArgs parses args into fs and wants n positional arguments (any
// number when n < 0); another number is the error usage (EINVALID).
func parseArgs(fs *flag.FlagSet, args []string, n int, usage string) ([]string, error) {
	pos, err := parse(fs, args)
	if err != nil {
		return nil, err
	}
	if n >= 0 && len(pos) != n {
		return nil, telltale.Errorf(telltale.EINVALID, "%s", usage)
	}
	return pos, nil
}

// subcommand splits args into a verb and its arguments: the verb one of
// want, given as many arguments as want says; anything else is usage.
func subcommand(args []string, want map[string]int, usage error) (string, []string, error) {
	if len(args) == 0 {
		return "", nil, usage
	}
	verb, rest := args[0], args[1:]
	if n, ok := want[verb]; !ok || n != len(rest) {
		return "", nil, usage
	}
	return verb, rest, nil
}

// documentArg adds --allow-private-fetch to the flags of a command that
// reads one document (FILE, URL or - for standard input), parses args
// and reads the document.
func (m *Main) documentArg(ctx context.Context, fs *flag.FlagSet, args []string) (*document, error) {
	allowPrivate := fs.Bool("allow-private-fetch", false, "allow URLs on private, loopback and link-local addresses")
	fs.Usage = func() { m.help(fs.Name(), fs, "", "[flags] FILE|URL|-") }
	args, err := parseArgs(fs, args, 1, fs.Name()+": give one FILE, URL or - for standard input")
	if err != nil {
		return nil, err
	}
	return m.readDocument(ctx, args[0], *allowPrivate)
}

// printList prints a list as JSON: [] when it is empty (nil), never null.
func printList[T any](m *Main, xs []T) error {
	if xs == nil {
		return m.printJSON([]any{})
	}
	return m.printJSON(xs)
}
