package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
)

func (m *Main) runUser(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		m.help("user", nil, `Roles: reader reads; analyst also imports and edits; admin also manages users,
tokens and collections and reads the audit log. Clearance is the highest TLP
level the user may read (clear, green, amber, amber+strict; default amber);
TLP:RED objects are seen only by the users and groups they name.`,
			"add NAME --role reader|analyst|admin [--clearance LEVEL] [--groups a,b] [--password-stdin]",
			"list",
			"set NAME [--role ROLE] [--clearance LEVEL] [--groups a,b] [--disable|--enable]",
			"passwd NAME [--password-stdin]",
			"delete NAME")
		if len(args) == 0 {
			return telltale.Errorf(telltale.EINVALID, "user: no subcommand given")
		}
		return nil
	}
	switch args[0] {
	case "add":
		return m.userAdd(ctx, args[1:])
	case "list", "ls":
		return m.userList(ctx, args[1:])
	case "set":
		return m.userSet(ctx, args[1:])
	case "passwd", "password":
		return m.userPasswd(ctx, args[1:])
	case "delete", "rm":
		return m.userDelete(ctx, args[1:])
	}
	return telltale.Errorf(telltale.EINVALID, "user: unknown subcommand %q (add, list, set, passwd, delete)", args[0])
}

// operator names who runs the CLI, for the audit log.
func operator() string {
	if u, err := user.Current(); err == nil {
		return "cli:" + u.Username
	}
	return "cli"
}

func (m *Main) userAdd(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("user add", &c)
	role := fs.String("role", "", "reader, analyst or admin (required)")
	clearance := fs.String("clearance", "amber", "highest TLP level readable: clear, green, amber, amber+strict")
	groups := fs.String("groups", "", "comma-separated groups, for TLP:RED recipients")
	stdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	pos, err := parseArgs(fs, args, 1, "user add: give one NAME")
	if err != nil {
		return err
	}
	if *role == "" {
		return telltale.Errorf(telltale.EINVALID, "user add: --role is required (reader, analyst or admin)")
	}
	level, err := auth.ParseLevel(*clearance)
	if err != nil {
		return telltale.Errorf(telltale.EINVALID, "user add: --clearance: %v", err)
	}
	password, err := m.readPassword(*stdin, true)
	if err != nil {
		return err
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		s := auth.New(a.DB)
		u, err := s.AddUser(ctx, auth.NewUser{Name: pos[0], Password: password, Role: *role, Clearance: level, Groups: splitList(*groups)})
		if err != nil {
			return err
		}
		s.AuditFrom(ctx, "cli", operator(), "user.add", u.Name, "role "+u.Role+", clearance "+u.Clearance.String())
		if c.json {
			return m.printJSON(u)
		}
		fmt.Fprintf(m.Stdout, "added user %s (%s, clearance %s)\n", u.Name, u.Role, u.Clearance)
		return nil
	})
}

func (m *Main) userList(ctx context.Context, args []string) error {
	return m.appCommand(ctx, "user list", args, func(a *app.App, c *common) error {
		users, err := auth.New(a.DB).Users(ctx)
		if err != nil {
			return err
		}
		if c.json {
			return printList(m, users)
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tCLEARANCE\tGROUPS\tSTATE\tCREATED")
		for _, u := range users {
			state := "active"
			if u.Disabled {
				state = "disabled"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Name, u.Role, u.Clearance, strings.Join(u.Groups, ","), state, u.Created)
		}
		return tw.Flush()
	})
}

func (m *Main) userSet(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("user set", &c)
	role := fs.String("role", "", "new role")
	clearance := fs.String("clearance", "", "new clearance")
	groups := fs.String("groups", "\x00", "new comma-separated groups (\"\" for none)")
	disable := fs.Bool("disable", false, "refuse the user's sign-ins and tokens")
	enable := fs.Bool("enable", false, "accept the user again")
	pos, err := parseArgs(fs, args, 1, "user set: give one NAME")
	if err != nil {
		return err
	}
	var ch auth.UserChange
	var what []string
	if *role != "" {
		ch.Role = role
		what = append(what, "role "+*role)
	}
	if *clearance != "" {
		l, err := auth.ParseLevel(*clearance)
		if err != nil {
			return telltale.Errorf(telltale.EINVALID, "user set: --clearance: %v", err)
		}
		ch.Clearance = &l
		what = append(what, "clearance "+l.String())
	}
	if *groups != "\x00" {
		g := splitList(*groups)
		ch.Groups = &g
		what = append(what, "groups "+strings.Join(g, ","))
	}
	if *disable || *enable {
		d := *disable
		ch.Disabled = &d
		what = append(what, fmt.Sprintf("disabled %v", d))
	}
	if len(what) == 0 {
		return telltale.Errorf(telltale.EINVALID, "user set: nothing to change")
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		s := auth.New(a.DB)
		u, err := s.UpdateUser(ctx, pos[0], ch)
		if err != nil {
			return err
		}
		s.AuditFrom(ctx, "cli", operator(), "user.update", u.Name, strings.Join(what, ", "))
		if c.json {
			return m.printJSON(u)
		}
		fmt.Fprintf(m.Stdout, "updated user %s: %s\n", u.Name, strings.Join(what, ", "))
		return nil
	})
}

func (m *Main) userPasswd(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("user passwd", &c)
	stdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	pos, err := parseArgs(fs, args, 1, "user passwd: give one NAME")
	if err != nil {
		return err
	}
	password, err := m.readPassword(*stdin, true)
	if err != nil {
		return err
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		s := auth.New(a.DB)
		if _, err := s.UpdateUser(ctx, pos[0], auth.UserChange{Password: &password}); err != nil {
			return err
		}
		s.AuditFrom(ctx, "cli", operator(), "user.password", pos[0], "")
		fmt.Fprintf(m.Stdout, "changed the password of %s and ended their web sessions\n", pos[0])
		return nil
	})
}

func (m *Main) userDelete(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("user delete", &c)
	pos, err := parseArgs(fs, args, 1, "user delete: give one NAME")
	if err != nil {
		return err
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		s := auth.New(a.DB)
		if err := s.DeleteUser(ctx, pos[0]); err != nil {
			return err
		}
		s.AuditFrom(ctx, "cli", operator(), "user.delete", pos[0], "")
		fmt.Fprintf(m.Stdout, "deleted user %s with their tokens and sessions\n", pos[0])
		return nil
	})
}

// readPassword reads a password: from the first line of standard input
// with --password-stdin, else from the terminal without echo (asked twice
// when confirm is set). Without a terminal and without --password-stdin
// it fails rather than wait.
func (m *Main) readPassword(fromStdin, confirm bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(m.Stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			return "", telltale.Errorf(telltale.EINVALID, "no password on standard input")
		}
		return line, nil
	}
	f, ok := m.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", telltale.Errorf(telltale.EINVALID, "standard input is not a terminal: give the password with --password-stdin")
	}
	fmt.Fprint(m.Stderr, "Password: ")
	p1, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(m.Stderr)
	if err != nil {
		return "", err
	}
	if confirm {
		fmt.Fprint(m.Stderr, "Again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(m.Stderr)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", telltale.Errorf(telltale.EINVALID, "the two passwords differ")
		}
	}
	return string(p1), nil
}
