package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
)

// The store's other tables in the contract suite, on every engine: users,
// tokens, sessions, sign-in failures and the audit log (internal/auth's
// SQL), TAXII collections, write statuses and pull states (TAXII's
// metadata), and the knowledge cache (ChangedSince, which the cache uses,
// is in endtypes_test.go).

func TestUsersAndTokens(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		alice := &store.UserRow{ID: "u1", Name: "alice", PasswordHash: "h1", Role: "admin", Clearance: "amber", Groups: []string{"cert", "soc"}, Created: "2026-01-01T00:00:00.000000000Z"}
		if err := db.CreateUser(ctx, alice); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateUser(ctx, &store.UserRow{ID: "u2", Name: "alice", PasswordHash: "h", Role: "reader", Clearance: "clear"}); telltale.ErrorCode(err) != telltale.ECONFLICT {
			t.Errorf("second alice: %v, want ECONFLICT", err)
		}
		got, err := db.UserByName(ctx, "alice")
		if err != nil || !reflect.DeepEqual(got, alice) {
			t.Errorf("UserByName: %+v, %v; want %+v", got, err, alice)
		}
		if _, err := db.UserByID(ctx, "nobody"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
			t.Errorf("UserByID of nobody: %v, want ENOTFOUND", err)
		}

		t.Run("Tokens", func(t *testing.T) {
			for i, created := range []string{"2026-01-02", "2026-01-03"} {
				tok := &telltale.Token{ID: fmt.Sprintf("t%d", i), UserID: "u1", Name: "n", Hash: fmt.Sprintf("hash%d", i), Created: created}
				if err := db.CreateToken(ctx, tok); err != nil {
					t.Fatal(err)
				}
			}
			tok, u, err := db.TokenByHash(ctx, "hash1")
			if err != nil || tok.ID != "t1" || u.Name != "alice" || !reflect.DeepEqual(u.Groups, alice.Groups) {
				t.Fatalf("TokenByHash: %+v %+v %v", tok, u, err)
			}
			if err := db.TouchToken(ctx, "t1", "2026-01-04"); err != nil {
				t.Fatal(err)
			}
			if err := db.RevokeToken(ctx, "t0"); err != nil {
				t.Fatal(err)
			}
			if err := db.RevokeToken(ctx, "nope"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
				t.Errorf("revoke an unknown token: %v, want ENOTFOUND", err)
			}
			if _, _, err := db.TokenByHash(ctx, "hash0"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
				t.Errorf("a revoked token is found: %v", err)
			}
			list, err := db.Tokens(ctx, "u1")
			if err != nil || len(list) != 2 || list[0].ID != "t1" || list[0].LastUsed != "2026-01-04" || !list[1].Revoked {
				t.Errorf("Tokens, newest first: %+v, %v", list, err)
			}
			if all, err := db.Tokens(ctx, ""); err != nil || len(all) != 2 {
				t.Errorf("every user's tokens: %d, %v", len(all), err)
			}
		})

		t.Run("Sessions", func(t *testing.T) {
			for _, h := range []string{"s1", "s2"} {
				if err := db.CreateSession(ctx, h, "u1", "2026-01-01T00", "2026-01-01T12"); err != nil {
					t.Fatal(err)
				}
			}
			if u, err := db.SessionUser(ctx, "s1", "2026-01-01T06"); err != nil || u.ID != "u1" {
				t.Errorf("a live session: %+v, %v", u, err)
			}
			if _, err := db.SessionUser(ctx, "s1", "2026-01-01T12"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
				t.Errorf("an expired session: %v, want ENOTFOUND", err)
			}
			// A new password ends every session but the one kept.
			alice.PasswordHash = "h2"
			if err := db.UpdateUser(ctx, alice, true, "s2"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SessionUser(ctx, "s1", "2026-01-01T06"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
				t.Errorf("session s1 after the password change: %v, want ENOTFOUND", err)
			}
			if _, err := db.SessionUser(ctx, "s2", "2026-01-01T06"); err != nil {
				t.Errorf("the kept session: %v", err)
			}
			if err := db.DeleteSession(ctx, "s2"); err != nil {
				t.Fatal(err)
			}
			if err := db.DeleteSession(ctx, "s2"); err != nil {
				t.Errorf("ending a gone session: %v", err)
			}
			for _, c := range []struct{ hash, expires string }{{"s3", "2026-01-02"}, {"s4", "2026-01-03"}} {
				if err := db.CreateSession(ctx, c.hash, "u1", "2026-01-01", c.expires); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.DeleteExpiredSessions(ctx, "2026-01-02"); err != nil {
				t.Fatal(err)
			}
			// Asked as of an earlier time: gone means deleted, not expired.
			if _, err := db.SessionUser(ctx, "s3", "2026-01-01"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
				t.Errorf("a session expired at the cut: %v, want ENOTFOUND", err)
			}
			if _, err := db.SessionUser(ctx, "s4", "2026-01-01"); err != nil {
				t.Errorf("a session expiring after the cut: %v", err)
			}
		})

		t.Run("LoginFailures", func(t *testing.T) {
			for _, at := range []string{"2026-01-01T01", "2026-01-01T02", "2026-01-01T03"} {
				if err := db.AddLoginFailure(ctx, []string{"ip:1", "name:alice"}, at, "2026-01-01T00"); err != nil {
					t.Fatal(err)
				}
			}
			got, err := db.LoginFailures(ctx, []string{"ip:1", "name:alice", "ip:2"}, "2026-01-01T01")
			want := map[string]store.LoginFailureCount{"ip:1": {2, "2026-01-01T02"}, "name:alice": {2, "2026-01-01T02"}}
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("LoginFailures: %v, %v; want %v", got, err, want)
			}
			// Recording one forgets those from before forget.
			if err := db.AddLoginFailure(ctx, []string{"ip:1"}, "2026-01-01T04", "2026-01-01T02"); err != nil {
				t.Fatal(err)
			}
			if err := db.ClearLoginFailures(ctx, "name:alice"); err != nil {
				t.Fatal(err)
			}
			got, err = db.LoginFailures(ctx, []string{"ip:1", "name:alice"}, "")
			want = map[string]store.LoginFailureCount{"ip:1": {2, "2026-01-01T03"}}
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("after forgetting and clearing: %v, %v; want %v", got, err, want)
			}
		})

		t.Run("DeleteUser", func(t *testing.T) {
			if err := db.DeleteUser(ctx, "u1"); err != nil {
				t.Fatal(err)
			}
			if err := db.DeleteUser(ctx, "u1"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
				t.Errorf("deleting twice: %v, want ENOTFOUND", err)
			}
			if list, err := db.Tokens(ctx, ""); err != nil || len(list) != 0 {
				t.Errorf("tokens of a deleted user: %d, %v", len(list), err)
			}
			if users, err := db.Users(ctx); err != nil || len(users) != 0 {
				t.Errorf("users: %d, %v", len(users), err)
			}
		})
	})
}

func TestAuditLog(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i, a := range []struct{ user, action string }{
			{"alice", "user.add"}, {"bob", "taxii.add"}, {"alice", "taxii.add"}, {"alice", "taxii_x.add"}, {"alice", "token.create"},
		} {
			e := &store.AuditEntry{ID: fmt.Sprintf("a%d", i), At: fmt.Sprintf("2026-01-0%d", i+1), User: a.user, Action: a.action, Target: "t", Remote: "127.0.0.1"}
			if err := db.AddAudit(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		ids := func(f store.AuditFilter) []string {
			es, err := db.Audit(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range es {
				out = append(out, e.ID)
			}
			return out
		}
		for _, c := range []struct {
			name string
			f    store.AuditFilter
			want []string
		}{
			{"NewestFirst", store.AuditFilter{}, []string{"a4", "a3", "a2", "a1", "a0"}},
			{"ByUser", store.AuditFilter{User: "bob"}, []string{"a1"}},
			// An action ending in "." is a prefix: "taxii_x.add" is not under it.
			{"ByActionPrefix", store.AuditFilter{Action: "taxii."}, []string{"a2", "a1"}},
			{"ByAction", store.AuditFilter{Action: "user.add"}, []string{"a0"}},
			{"PagedBack", store.AuditFilter{Before: "a3", Limit: 2}, []string{"a2", "a1"}},
		} {
			if got := ids(c.f); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
	})
}

func TestTAXIIMetadata(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t.Run("Collections", func(t *testing.T) {
			a := &telltale.Collection{ID: "c1", Alias: "one", Title: "One", Filter: `{"types":["indicator"]}`, ReadRoles: []string{"reader", "anonymous"}, WriteRoles: []string{"analyst"}, CanDelete: true, Created: "2026-01-01"}
			b := &telltale.Collection{ID: "c2", Title: "Two", Filter: `{}`, Created: "2026-01-02"}
			for _, c := range []*telltale.Collection{b, a} {
				if err := db.PutCollection(ctx, c); err != nil {
					t.Fatal(err)
				}
			}
			a.Title, a.WriteRoles = "One again", nil
			if err := db.PutCollection(ctx, a); err != nil { // replaced, keeping its creation
				t.Fatal(err)
			}
			got, err := db.Collections(ctx)
			if err != nil || !reflect.DeepEqual(got, []*telltale.Collection{a, b}) {
				t.Errorf("Collections, oldest first: %+v, %v", got, err)
			}
			if err := db.DeleteCollection(ctx, "c1"); err != nil {
				t.Fatal(err)
			}
			if err := db.DeleteCollection(ctx, "c1"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
				t.Errorf("deleting twice: %v, want ENOTFOUND", err)
			}
		})

		t.Run("WriteStatus", func(t *testing.T) {
			for i, user := range []string{"alice", "bob", "alice"} {
				s := &telltale.WriteStatus{ID: fmt.Sprintf("w%d", i), Kind: "taxii", CollectionID: "c2", User: user, Status: "pending",
					RequestTimestamp: fmt.Sprintf("2026-01-0%dT00:00:00Z", i+1), Total: 3, Pending: 3}
				if err := db.PutWriteStatus(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			done := &telltale.WriteStatus{ID: "w0", Kind: "taxii", CollectionID: "c2", User: "alice", Status: "complete",
				RequestTimestamp: "2026-01-01T00:00:00Z", Total: 3, Success: 2, Failure: 1, Detail: "one refused"}
			if err := db.PutWriteStatus(ctx, done); err != nil {
				t.Fatal(err)
			}
			if got, err := db.WriteStatusByID(ctx, "w0"); err != nil || !reflect.DeepEqual(got, done) {
				t.Errorf("WriteStatusByID: %+v, %v; want %+v", got, err, done)
			}
			if _, err := db.WriteStatusByID(ctx, "nope"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
				t.Errorf("an unknown status: %v, want ENOTFOUND", err)
			}
			list, err := db.WriteStatuses(ctx, "taxii", "alice", 10)
			if err != nil || len(list) != 2 || list[0].ID != "w2" || list[1].ID != "w0" {
				t.Errorf("alice's statuses, newest first: %+v, %v", list, err)
			}
			if list, err := db.WriteStatuses(ctx, "import", "", 10); err != nil || len(list) != 0 {
				t.Errorf("statuses of another kind: %+v, %v", list, err)
			}
		})

		t.Run("PullState", func(t *testing.T) {
			p, err := db.PullStateFor(ctx, "https://x/taxii2/api/", "c9")
			if err != nil || p.URL != "https://x/taxii2/api/" || p.CollectionID != "c9" || p.AddedAfter != "" {
				t.Fatalf("a collection never pulled: %+v, %v", p, err)
			}
			p.AddedAfter, p.Objects, p.Updated = "2026-01-01T00:00:00.000Z", 10, "2026-01-02"
			if err := db.PutPullState(ctx, p); err != nil {
				t.Fatal(err)
			}
			p.Objects = 25
			if err := db.PutPullState(ctx, p); err != nil {
				t.Fatal(err)
			}
			if got, err := db.PullStateFor(ctx, p.URL, p.CollectionID); err != nil || !reflect.DeepEqual(got, p) {
				t.Errorf("PullStateFor: %+v, %v; want %+v", got, err, p)
			}
		})
	})
}

func TestKnowledgeCacheSQL(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		get := func(key string) (int64, string, bool) {
			t.Helper()
			seq, body, found, err := db.CacheGet(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			return seq, string(body), found
		}
		if _, _, found := get("sectors"); found {
			t.Fatal("an empty cache has an entry")
		}
		if err := db.CachePut(ctx, 5, map[string][]byte{"sectors": []byte(`[1]`), "actors": []byte(`[2]`)}); err != nil {
			t.Fatal(err)
		}
		if seq, body, found := get("sectors"); !found || seq != 5 || body != `[1]` {
			t.Errorf("after CachePut at 5: %d %q %v", seq, body, found)
		}
		// Carrying over from 5 to 7 keeps every entry, stamped 7, and
		// writes the ones given.
		if err := db.CacheCarry(ctx, 5, 7, map[string][]byte{"stats": []byte(`{}`)}); err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string]string{"sectors": `[1]`, "actors": `[2]`, "stats": `{}`} {
			if seq, body, found := get(key); !found || seq != 7 || body != want {
				t.Errorf("%s after the carry: %d %q %v", key, seq, body, found)
			}
		}
		// A carry from another sequence than the entries' drops them.
		if err := db.CacheCarry(ctx, 6, 9, map[string][]byte{"stats": []byte(`{"n":1}`)}); err != nil {
			t.Fatal(err)
		}
		if _, _, found := get("sectors"); found {
			t.Error("an entry of sequence 7 survived a carry from 6")
		}
		if seq, body, found := get("stats"); !found || seq != 9 || body != `{"n":1}` {
			t.Errorf("stats after the second carry: %d %q %v", seq, body, found)
		}
		// A put replaces everything.
		if err := db.CachePut(ctx, 10, map[string][]byte{"actors": []byte(`[3]`)}); err != nil {
			t.Fatal(err)
		}
		if _, _, found := get("stats"); found {
			t.Error("stats survived a put at 10")
		}
		if seq, body, found := get("actors"); !found || seq != 10 || body != `[3]` {
			t.Errorf("actors after the put: %d %q %v", seq, body, found)
		}
		// A put of a body the row holds already (its digest) only
		// re-stamps the row: the body below, changed behind the store's
		// back, is not written again.
		if _, err := db.SQL().ExecContext(ctx, `UPDATE knowledge_cache SET body = '[4]' WHERE key = 'actors'`); err != nil {
			t.Fatal(err)
		}
		if err := db.CachePut(ctx, 11, map[string][]byte{"actors": []byte(`[3]`), "sectors": []byte(`[5]`)}); err != nil {
			t.Fatal(err)
		}
		if seq, body, found := get("actors"); !found || seq != 11 || body != `[4]` {
			t.Errorf("actors put again unchanged: %d %q %v, want it re-stamped 11, not written", seq, body, found)
		}
		if seq, body, found := get("sectors"); !found || seq != 11 || body != `[5]` {
			t.Errorf("sectors after the put at 11: %d %q %v", seq, body, found)
		}
		if err := db.CachePut(ctx, 12, map[string][]byte{"actors": []byte(`[6]`)}); err != nil {
			t.Fatal(err)
		}
		if seq, body, found := get("actors"); !found || seq != 12 || body != `[6]` {
			t.Errorf("actors changed: %d %q %v", seq, body, found)
		}
	})
}
