package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/taxii"
)

// remote is a second Telltale serving TAXII on a loopback port, with a
// user "partner" (password "partner-password").
func remote(t *testing.T) (*store.DB, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	ra, err := app.Open(ctx, app.Config{DSN: filepath.Join(t.TempDir(), "remote.db"), NoStarter: true, Accounts: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ra.Close() })
	if _, err := ra.Auth.AddUser(ctx, auth.NewUser{Name: "partner", Password: "partner-password", Role: auth.RoleReader, Clearance: auth.Amber}); err != nil {
		t.Fatal(err)
	}
	srv := taxii.NewServer(ra.DB, &auth.VisibleObjects{ObjectService: ra.DB}, ra.Importer)
	srv.Identify = ra.Auth.Identify
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return ra.DB, hs
}

func importInto(t *testing.T, db *store.DB, objs []string) {
	t.Helper()
	bundle := `{"type":"bundle","id":"bundle--0d6c6a8a-5f4b-4e6e-9d3c-5b2f0c1a7e11","objects":[` + strings.Join(objs, ",") + `]}`
	if _, err := (&importer.Importer{Store: db}).Import(context.Background(), strings.NewReader(bundle), "test", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
}

func pullIndicator(n int, modified string) string {
	return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--%08d-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":%q,"name":"ind %d","pattern":"[ipv4-addr:value = '10.0.%d.%d']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","x_custom":{"n":%d}}`,
		n, modified, n, n/256%256, n%256, n)
}

// allVersions lists every stored version of every object as id, modified
// and JSON, in a stable order.
func allVersions(t *testing.T, db *store.DB) []string {
	t.Helper()
	vs, err := db.Versions(context.Background(), store.VersionFilter{Match: store.VersionMatch{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range vs {
		var compact bytes.Buffer
		json.Compact(&compact, v.Raw)
		out = append(out, v.ID+" "+v.Modified+" "+compact.String())
	}
	sortStrings(out)
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestPullFromAnotherTelltale(t *testing.T) {
	rdb, hs := remote(t)
	var objs []string
	for i := range 1500 {
		objs = append(objs, pullIndicator(i, "2024-01-01T00:00:00.000Z"))
	}
	importInto(t, rdb, objs)
	importInto(t, rdb, []string{pullIndicator(7, "2024-02-01T00:00:00.000Z"), pullIndicator(8, "2024-02-01T00:00:00.000Z")})

	local := filepath.Join(t.TempDir(), "local.db")
	pullArgs := []string{"pull", hs.URL + "/taxii2/", "--collection", "all", "--user", "partner", "--password-stdin", "--allow-private-fetch", "--limit", "100", "--json"}
	var first pullResult
	t.Run("Everything", func(t *testing.T) {
		out, stderr, err := runIn(t, local, "partner-password\n", pullArgs...)
		if err != nil {
			t.Fatalf("%v: %s", err, stderr)
		}
		if err := json.Unmarshal([]byte(out), &first); err != nil {
			t.Fatal(err)
		}
		// Every version the remote has (1,500 objects, two of them twice),
		// in pages of 100, the last page partial.
		if first.Received != 1502 || first.Pages != 16 || first.Rejected != 0 || first.AddedAfter != "" {
			t.Errorf("pull %+v", first)
		}
	})
	ldb, err := store.Open(context.Background(), local, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ldb.Close()
	t.Run("IdenticalObjects", func(t *testing.T) {
		want := allVersions(t, rdb)
		got := allVersions(t, ldb)
		// The local store also holds its starter knowledge, which the
		// remote store (opened without it) lacks: compare what the remote has.
		have := map[string]bool{}
		for _, g := range got {
			have[g] = true
		}
		missing := 0
		for _, w := range want {
			if !have[w] {
				missing++
			}
		}
		if missing > 0 || len(want) != 1502 {
			t.Errorf("%d of %d remote versions missing locally", missing, len(want))
		}
	})
	t.Run("ResumesWhereItStopped", func(t *testing.T) {
		out, _, err := runIn(t, local, "partner-password\n", pullArgs...)
		var again pullResult
		if err != nil || json.Unmarshal([]byte(out), &again) != nil {
			t.Fatal(err)
		}
		if again.Received != 0 || again.AddedAfter != first.ResumeAfter {
			t.Errorf("second pull with nothing new: %+v", again)
		}
		importInto(t, rdb, []string{pullIndicator(2000, "2024-01-01T00:00:00.000Z"), pullIndicator(9, "2024-03-01T00:00:00.000Z")})
		out, _, err = runIn(t, local, "partner-password\n", pullArgs...)
		if err != nil || json.Unmarshal([]byte(out), &again) != nil {
			t.Fatal(err)
		}
		if again.Received != 2 || again.Added != 1 || again.Updated != 1 {
			t.Errorf("third pull: %+v", again)
		}
		o, err := ldb.Object(context.Background(), "indicator--00000009-0000-4000-8000-000000000000")
		if err != nil || o.Modified != "2024-03-01T00:00:00.000Z" {
			t.Errorf("indicator 9: %+v %v", o, err)
		}
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		_, _, err := runIn(t, local, "nope\n", pullArgs...)
		if err == nil || !strings.Contains(err.Error(), "401") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ErrLoopbackRefusedByDefault", func(t *testing.T) {
		_, _, err := runIn(t, local, "partner-password\n", "pull", hs.URL+"/taxii2/", "--collection", "all", "--user", "partner", "--password-stdin")
		if err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ErrNoSuchCollection", func(t *testing.T) {
		_, _, err := runIn(t, local, "partner-password\n", "pull", hs.URL+"/taxii2/", "--collection", "nope", "--user", "partner", "--password-stdin", "--allow-private-fetch")
		if err == nil || !strings.Contains(err.Error(), "no collection") {
			t.Errorf("got %v", err)
		}
	})
}

// TestPullBetweenTwoServes starts `telltale serve` on a loopback port
// over one database and pulls everything from it with `telltale pull`
// into another: both end with identical objects, every version included.
func TestPullBetweenTwoServes(t *testing.T) {
	dir := t.TempDir()
	remoteDB, localDB := filepath.Join(dir, "remote.db"), filepath.Join(dir, "local.db")
	bundle := filepath.Join(dir, "b.json")
	var objs []string
	for i := range 700 {
		objs = append(objs, pullIndicator(i, "2024-01-01T00:00:00.000Z"))
	}
	objs = append(objs, pullIndicator(3, "2024-05-01T00:00:00.000Z"))
	if err := os.WriteFile(bundle, []byte(`{"type":"bundle","id":"bundle--0d6c6a8a-5f4b-4e6e-9d3c-5b2f0c1a7e11","objects":[`+strings.Join(objs, ",")+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := runIn(t, remoteDB, "", "import", bundle); err != nil {
		t.Fatalf("import: %v %s", err, stderr)
	}
	if _, stderr, err := runIn(t, remoteDB, "partner-password\n", "user", "add", "partner", "--role", "reader", "--password-stdin"); err != nil {
		t.Fatalf("user add: %v %s", err, stderr)
	}

	var stderr lockedBuffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr, Getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--db", remoteDB, "--addr", "127.0.0.1:0", "--quiet"}) }()
	defer func() {
		cancel()
		<-done
	}()
	addr := regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == ""; {
		if m := addr.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", stderr.String())
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}

	out, errOut, err := runIn(t, localDB, "partner-password\n", "pull", base+"/taxii2/", "--collection", "all", "--user", "partner", "--password-stdin", "--allow-private-fetch", "--limit", "250", "--json")
	if err != nil {
		t.Fatalf("pull: %v %s", err, errOut)
	}
	var res pullResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Pages < 3 || res.Rejected != 0 {
		t.Fatalf("pull %s (%v)", out, err)
	}
	rdb, err := store.Open(context.Background(), remoteDB, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	ldb, err := store.Open(context.Background(), localDB, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ldb.Close()
	want, got := allVersions(t, rdb), allVersions(t, ldb)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("after the pull the stores differ: remote %d versions, local %d", len(want), len(got))
	}
}
