package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// TestTwoNodes runs two telltale serve processes on one PostgreSQL
// database (issue 8): what one import stores is visible through both at
// once; concurrent overlapping imports end as if run one after the other;
// when the server drops every connection (as a restart does) the nodes
// answer 503 at worst, never 500, and recover by themselves.
// (scripts/nodes-test also restarts the server and kills a node.)
func TestTwoNodes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	if !slices.Contains(storetest.Engines(t), "postgres") {
		t.Skip("needs PostgreSQL (" + storetest.Env + ")")
	}
	dsn := storetest.DSN(t, "postgres")
	bin := binary(t)
	tt := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.Output()
		if err != nil {
			stderr := ""
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("telltale %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		return string(out)
	}
	tt("", "migrate", "--quiet", "--db", dsn)
	tt("nodes-test-password-1234\n", "user", "add", "--db", dsn, "nodes", "--role", "analyst", "--password-stdin")
	var tok struct{ Token string }
	if err := json.Unmarshal([]byte(tt("", "token", "create", "--db", dsn, "nodes", "--json")), &tok); err != nil || tok.Token == "" {
		t.Fatalf("token: %v", err)
	}

	tt("nodes-admin-password-1234\n", "user", "add", "--db", dsn, "nodesadmin", "--role", "admin", "--password-stdin")
	var admin struct{ Token string }
	if err := json.Unmarshal([]byte(tt("", "token", "create", "--db", dsn, "nodesadmin", "--json")), &admin); err != nil || admin.Token == "" {
		t.Fatalf("admin token: %v", err)
	}

	nodes := []string{startServeNode(t, bin, dsn), startServeNode(t, bin, dsn)}
	get := func(base, path string) int {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	dir := t.TempDir()
	bundle := func(name string, first, n int, modified string) string {
		var objs []string
		for i := first; i < first+n; i++ {
			objs = append(objs, fmt.Sprintf(`{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--%08x-0000-4000-8000-000000000000","value":"10.%d.%d.%d"}`, i, i>>16&255, i>>8&255, i&255))
		}
		objs = append(objs, `{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--0d9e9a03-0bff-5feb-b4bb-0f240933f5e7","created":"2020-01-01T00:00:00.000Z","modified":"`+modified+`","name":"LightBasin"}`)
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e","objects":[`+strings.Join(objs, ",")+`]}`), 0o600)
		return path
	}

	t.Run("ImportVisibleThroughBothNodes", func(t *testing.T) {
		tt("", "import", "--quiet", "--db", dsn, bundle("one.json", 1, 3, "2021-01-01T00:00:00.000Z"))
		for _, n := range nodes {
			if st := get(n, "/api/v1/objects/ipv4-addr--00000001-0000-4000-8000-000000000000"); st != 200 {
				t.Errorf("%s: %d, want 200", n, st)
			}
		}
	})
	t.Run("ConcurrentOverlappingImports", func(t *testing.T) {
		var files []string
		for k := range 4 {
			files = append(files, bundle(fmt.Sprintf("b%d.json", k), k*400, 800, fmt.Sprintf("202%d-06-01T00:00:00.000Z", k)))
		}
		var wg sync.WaitGroup
		errs := make(chan string, 8)
		for range 2 {
			for _, f := range files {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if out, err := exec.Command(bin, "import", "--quiet", "--db", dsn, f).CombinedOutput(); err != nil {
						errs <- fmt.Sprintf("%s: %v\n%s", f, err, out)
					}
				}()
			}
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
		// The same imports one after the other, into SQLite.
		seq := filepath.Join(dir, "sequential.db")
		tt("", "import", "--quiet", "--db", seq, filepath.Join(dir, "one.json"))
		for range 2 {
			for _, f := range files {
				tt("", "import", "--quiet", "--db", seq, f)
			}
		}
		if got, want := tt("", "stats", "--json", "--db", dsn), tt("", "stats", "--json", "--db", seq); got != want {
			t.Errorf("stats after concurrent imports:\n%s\nwant (one after the other)\n%s", got, want)
		}
	})
	t.Run("ConnectionsDroppedThen503AtWorstAndRecovery", func(t *testing.T) {
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		path := "/api/v1/objects/ipv4-addr--00000001-0000-4000-8000-000000000000"
		for round := range 3 {
			if _, err := admin.ExecContext(context.Background(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
				WHERE datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
				t.Fatal(err)
			}
			for _, n := range nodes {
				if st := get(n, path); st != 200 && st != 503 {
					t.Errorf("round %d, %s: first request after the drop answered %d, want 200 or 503", round, n, st)
				}
			}
			deadline := time.Now().Add(10 * time.Second)
			for _, n := range nodes {
				for get(n, path) != 200 {
					if time.Now().After(deadline) {
						t.Fatalf("%s did not recover", n)
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
		}
	})
	t.Run("DeletionOnOneNodeSeenByTheOther", func(t *testing.T) {
		// A newer object: the deleted one's versions are not the newest.
		tt("", "import", "--quiet", "--db", dsn, bundle("newer.json", 1<<20, 1, "2023-06-01T00:00:00.000Z"))
		deletionSeenByOtherNode(t, nodes[0], nodes[1], admin.Token)
	})
}

// deletionSeenByOtherNode: node b serves an object, in a TAXII page and
// in the API; node a deletes it through TAXII; b's next answers no longer
// have it (the deletion moves the store's change marker every node's
// caches are kept under).
func deletionSeenByOtherNode(t *testing.T, a, b, token string) {
	do := func(method, url, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		if strings.Contains(url, "/taxii2/") {
			req.Header.Set("Accept", "application/taxii+json;version=2.1")
		} else if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(out)
	}
	const coll = "22222222-2222-4222-8222-222222222222"
	const id = "intrusion-set--0d9e9a03-0bff-5feb-b4bb-0f240933f5e7"
	if st, body := do("PUT", a+"/api/v1/collections/"+coll, `{"title":"Intrusion sets","filter":{"types":["intrusion-set"]},"read_roles":["admin"],"write_roles":["admin"],"can_delete":true}`); st != 200 {
		t.Fatalf("put collection: %d %s", st, body)
	}
	page := "/taxii2/api/collections/" + coll + "/objects/"
	for range 2 { // the second answer is the kept one
		if st, body := do("GET", b+page, ""); st != 200 || !strings.Contains(body, id) {
			t.Fatalf("%s before the deletion: %d %.300s", b, st, body)
		}
		if st, _ := do("GET", b+"/api/v1/objects/"+id, ""); st != 200 {
			t.Fatalf("%s object before the deletion: %d", b, st)
		}
	}
	if st, body := do("DELETE", a+page+id+"/", ""); st != 200 {
		t.Fatalf("delete on %s: %d %s", a, st, body)
	}
	if st, body := do("GET", b+page, ""); st != 200 || strings.Contains(body, id) {
		t.Errorf("%s still serves the deleted object in its TAXII page: %d %.300s", b, st, body)
	}
	if st, _ := do("GET", b+"/api/v1/objects/"+id, ""); st != 404 {
		t.Errorf("%s serves the deleted object: %d, want 404", b, st)
	}
}

// startServeNode starts telltale serve on a free loopback port and returns its
// base URL once it answers; the process is killed when t ends.
func startServeNode(t *testing.T, bin, dsn string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	logs, err := os.CreateTemp(t.TempDir(), "node-*.log")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--quiet", "--db", dsn, "--addr", addr)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base := "http://" + addr
	for range 200 {
		if resp, err := http.Get(base + "/"); err == nil {
			resp.Body.Close()
			return base
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	out, _ := os.ReadFile(logs.Name())
	t.Fatalf("node on %s did not start:\n%s", addr, out)
	return ""
}
