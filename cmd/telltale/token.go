package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
)

func (m *Main) runToken(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		m.help("token", nil, `A token is shown once, when it is created, and stored only as a hash. Send it
as "Authorization: Bearer TOKEN" to the REST API and TAXII.`, "create USER [--name LABEL] [--expires 90d]", "list [USER]", "revoke ID")
		if len(args) == 0 {
			return telltale.Errorf(telltale.EINVALID, "token: no subcommand given")
		}
		return nil
	}
	switch args[0] {
	case "create", "new":
		return m.tokenCreate(ctx, args[1:])
	case "list", "ls":
		return m.tokenList(ctx, args[1:])
	case "revoke", "delete", "rm":
		return m.tokenRevoke(ctx, args[1:])
	}
	return telltale.Errorf(telltale.EINVALID, "token: unknown subcommand %q (create, list, revoke)", args[0])
}

// parseTTL reads a duration with a day unit too: 90d, 12h, 30m; "" and 0
// never expire.
func parseTTL(s string) (time.Duration, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 {
			return 0, telltale.Errorf(telltale.EINVALID, "--expires %q: want e.g. 90d or 12h", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, telltale.Errorf(telltale.EINVALID, "--expires %q: want e.g. 90d or 12h", s)
	}
	return d, nil
}

func (m *Main) tokenCreate(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("token create", &c)
	name := fs.String("name", "", "a label for the token (default: cli)")
	expires := fs.String("expires", "", "lifetime, e.g. 90d or 12h (default: never)")
	pos, err := parseArgs(fs, args, 1, "token create: give the USER the token acts as")
	if err != nil {
		return err
	}
	ttl, err := parseTTL(*expires)
	if err != nil {
		return err
	}
	if *name == "" {
		*name = "cli"
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		s := auth.New(a.DB)
		secret, t, err := s.CreateToken(ctx, pos[0], *name, ttl)
		if err != nil {
			return err
		}
		s.AuditFrom(ctx, "cli", operator(), "token.create", pos[0], "token "+t.ID+" ("+t.Name+")")
		if c.json {
			return m.printJSON(map[string]any{"token": secret, "id": t.ID, "user": pos[0], "name": t.Name, "expires": t.Expires})
		}
		fmt.Fprintln(m.Stdout, secret)
		fmt.Fprintf(m.Stderr, "telltale: token %s for %s; it is shown only this once\n", t.ID, pos[0])
		return nil
	})
}

func (m *Main) tokenList(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("token list", &c)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	userName := ""
	if len(pos) > 0 {
		userName = pos[0]
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		s := auth.New(a.DB)
		tokens, err := s.Tokens(ctx, userName)
		if err != nil {
			return err
		}
		users, err := s.Users(ctx)
		if err != nil {
			return err
		}
		names := map[string]string{}
		for _, u := range users {
			names[u.ID] = u.Name
		}
		if c.json {
			return printList(m, tokens)
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSER\tNAME\tCREATED\tEXPIRES\tLAST USED\tSTATE")
		for _, t := range tokens {
			state := "active"
			if t.Revoked {
				state = "revoked"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, names[t.UserID], t.Name, t.Created, dash(t.Expires), dash(t.LastUsed), state)
		}
		return tw.Flush()
	})
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (m *Main) tokenRevoke(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("token revoke", &c)
	pos, err := parseArgs(fs, args, 1, "token revoke: give the token ID (see 'telltale token list')")
	if err != nil {
		return err
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		s := auth.New(a.DB)
		if err := s.RevokeToken(ctx, pos[0]); err != nil {
			return err
		}
		s.AuditFrom(ctx, "cli", operator(), "token.revoke", pos[0], "")
		fmt.Fprintf(m.Stdout, "revoked token %s\n", pos[0])
		return nil
	})
}
