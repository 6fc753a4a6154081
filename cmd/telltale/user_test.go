package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
)

// runIn runs the CLI in-process with stdin.
func runIn(t testing.TB, db, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string {
		if k == "TELLTALE_DB" {
			return db
		}
		return ""
	}}
	err := m.Run(context.Background(), args)
	return out.String(), errOut.String(), err
}

func TestUserAndTokenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	t.Run("AddWithPasswordStdin", func(t *testing.T) {
		out, _, err := runIn(t, db, "s3cret-passw0rd\n", "user", "add", "alice", "--role", "analyst", "--groups", "soc,cert", "--password-stdin")
		if err != nil || !strings.Contains(out, "added user alice (analyst, clearance amber)") {
			t.Fatalf("got %q, %v", out, err)
		}
	})
	t.Run("ErrNoTerminal", func(t *testing.T) {
		_, _, err := runIn(t, db, "", "user", "add", "bob", "--role", "reader")
		if telltale.ErrorCode(err) != telltale.EINVALID || !strings.Contains(err.Error(), "--password-stdin") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ErrDuplicate", func(t *testing.T) {
		_, _, err := runIn(t, db, "s3cret-passw0rd\n", "user", "add", "alice", "--role", "reader", "--password-stdin")
		if telltale.ErrorCode(err) != telltale.ECONFLICT {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ErrRole", func(t *testing.T) {
		_, _, err := runIn(t, db, "s3cret-passw0rd\n", "user", "add", "carol", "--role", "root", "--password-stdin")
		if telltale.ErrorCode(err) != telltale.EINVALID {
			t.Errorf("got %v", err)
		}
	})
	t.Run("List", func(t *testing.T) {
		out, _, err := runIn(t, db, "", "user", "list", "--json")
		var users []struct {
			Name      string   `json:"name"`
			Role      string   `json:"role"`
			Clearance string   `json:"clearance"`
			Groups    []string `json:"groups"`
		}
		if err != nil || json.Unmarshal([]byte(out), &users) != nil || len(users) != 1 || users[0].Clearance != "amber" || len(users[0].Groups) != 2 {
			t.Fatalf("got %s, %v", out, err)
		}
		if strings.Contains(out, "argon2") {
			t.Error("the password hash is listed")
		}
	})
	t.Run("Set", func(t *testing.T) {
		out, _, err := runIn(t, db, "", "user", "set", "alice", "--clearance", "green", "--role", "admin")
		if err != nil || !strings.Contains(out, "clearance green") {
			t.Errorf("got %q, %v", out, err)
		}
	})
	var tokenID string
	t.Run("TokenCreateShownOnce", func(t *testing.T) {
		out, _, err := runIn(t, db, "", "token", "create", "alice", "--name", "ci", "--json")
		var tok struct {
			Token string `json:"token"`
			ID    string `json:"id"`
		}
		if err != nil || json.Unmarshal([]byte(out), &tok) != nil || !strings.HasPrefix(tok.Token, "ttk_") {
			t.Fatalf("got %s, %v", out, err)
		}
		tokenID = tok.ID
		list, _, err := runIn(t, db, "", "token", "list", "--json")
		if err != nil || !strings.Contains(list, tok.ID) || strings.Contains(list, tok.Token) {
			t.Errorf("list %s, %v", list, err)
		}
	})
	t.Run("TokenRevoke", func(t *testing.T) {
		if _, _, err := runIn(t, db, "", "token", "revoke", tokenID); err != nil {
			t.Fatal(err)
		}
		list, _, _ := runIn(t, db, "", "token", "list", "alice", "--json")
		if !strings.Contains(list, `"revoked": true`) {
			t.Errorf("list %s", list)
		}
	})
	t.Run("ErrTokenForNobody", func(t *testing.T) {
		if _, _, err := runIn(t, db, "", "token", "create", "nobody"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
			t.Errorf("got %v", err)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		if _, _, err := runIn(t, db, "", "user", "delete", "alice"); err != nil {
			t.Fatal(err)
		}
		out, _, _ := runIn(t, db, "", "user", "list", "--json")
		if strings.TrimSpace(out) != "[]" {
			t.Errorf("after delete: %s", out)
		}
	})
}
