package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/store"
)

// openApp builds the application (app.Open) with its accounts service on
// a new, empty SQLite database (no starter knowledge), closed when the
// test ends.
func openApp(t testing.TB) *app.App {
	t.Helper()
	a, err := app.Open(context.Background(), app.Config{DSN: filepath.Join(t.TempDir(), "t.db"), NoStarter: true, Accounts: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func newService(t *testing.T) (*auth.Service, *time.Time) {
	t.Helper()
	s := openApp(t).Auth
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s.Now = func() time.Time { return now }
	return s, &now
}

func TestPasswordHash(t *testing.T) {
	h, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q", h)
	}
	if !auth.CheckPassword(h, "correct horse battery") {
		t.Error("the right password does not match")
	}
	for _, wrong := range []string{"", "correct horse batter", "Correct horse battery"} {
		if auth.CheckPassword(h, wrong) {
			t.Errorf("%q matches", wrong)
		}
	}
	if h2, _ := auth.HashPassword("correct horse battery"); h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
	if auth.CheckPassword("$2a$10$notargon", "x") {
		t.Error("a foreign hash matches")
	}
}

func TestAddUser(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	u, err := s.AddUser(ctx, auth.NewUser{Name: "alice", Password: "0123456789", Role: auth.RoleAnalyst, Clearance: auth.Amber, Groups: []string{"soc"}})
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "alice" || u.Role != auth.RoleAnalyst || u.Clearance != auth.Amber || u.ID == "" {
		t.Errorf("user %+v", u)
	}
	for name, nu := range map[string]auth.NewUser{
		"ErrConflict":   {Name: "alice", Password: "0123456789", Role: auth.RoleReader},
		"ErrShort":      {Name: "bob", Password: "short", Role: auth.RoleReader},
		"ErrRole":       {Name: "bob", Password: "0123456789", Role: "root"},
		"ErrName":       {Name: "bob smith", Password: "0123456789", Role: auth.RoleReader},
		"ErrClearRed":   {Name: "bob", Password: "0123456789", Role: auth.RoleReader, Clearance: auth.Red},
		"ErrGroupSpace": {Name: "bob", Password: "0123456789", Role: auth.RoleReader, Groups: []string{"a b"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s.AddUser(ctx, nu)
			want := telltale.EINVALID
			if name == "ErrConflict" {
				want = telltale.ECONFLICT
			}
			if got := telltale.ErrorCode(err); got != want {
				t.Errorf("got %q (%v), want %q", got, err, want)
			}
		})
	}
}

func request(header ...string) *http.Request {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "192.0.2.1:1234"
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	return r
}

func TestIdentify(t *testing.T) {
	s, now := newService(t)
	ctx := context.Background()
	if _, err := s.AddUser(ctx, auth.NewUser{Name: "alice", Password: "0123456789", Role: auth.RoleAnalyst, Clearance: auth.Green}); err != nil {
		t.Fatal(err)
	}
	secret, tok, err := s.CreateToken(ctx, "alice", "ci", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, auth.TokenPrefix) || tok.Hash == "" || strings.Contains(tok.Hash, secret) {
		t.Fatalf("token %q %+v", secret, tok)
	}
	basic := func(name, pass string) *http.Request {
		r := request()
		r.SetBasicAuth(name, pass)
		return r
	}
	t.Run("Anonymous", func(t *testing.T) {
		u, err := s.Identify(request())
		if err != nil || !u.IsAnonymous() {
			t.Errorf("got %+v %v", u, err)
		}
	})
	t.Run("Basic", func(t *testing.T) {
		u, err := s.Identify(basic("alice", "0123456789"))
		if err != nil || u.Name != "alice" || u.Clearance != auth.Green {
			t.Errorf("got %+v %v", u, err)
		}
	})
	t.Run("Bearer", func(t *testing.T) {
		u, err := s.Identify(request("Authorization", "Bearer "+secret))
		if err != nil || u.Name != "alice" {
			t.Errorf("got %+v %v", u, err)
		}
	})
	for name, r := range map[string]*http.Request{
		"ErrBasicWrongPassword": basic("alice", "9876543210"),
		"ErrBasicNoSuchUser":    basic("bob", "0123456789"),
		"ErrBearerUnknown":      request("Authorization", "Bearer "+auth.TokenPrefix+"nope"),
		"ErrBearerNotOurs":      request("Authorization", "Bearer abc"),
		"ErrScheme":             request("Authorization", "Digest x"),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := s.Identify(r); telltale.ErrorCode(err) != telltale.EUNAUTHORIZED {
				t.Errorf("got %v, want unauthorized", err)
			}
		})
	}
	t.Run("SessionUnknownIsAnonymous", func(t *testing.T) {
		if got, err := s.Identify(request("Cookie", auth.SessionCookie+"=nope")); err != nil || !got.IsAnonymous() {
			t.Errorf("got %+v %v", got, err)
		}
	})
	t.Run("Session", func(t *testing.T) {
		u, _ := s.UserByName(ctx, "alice")
		c, err := s.StartSession(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode {
			t.Errorf("cookie %+v", c)
		}
		r := request()
		r.AddCookie(c)
		if got, err := s.Identify(r); err != nil || got.Name != "alice" {
			t.Errorf("got %+v %v", got, err)
		}
		if _, err := s.EndSession(ctx, r); err != nil {
			t.Fatal(err)
		}
		// An ended session's cookie is no credential at all: the caller is
		// anonymous, free to sign in again.
		if got, err := s.Identify(r); err != nil || !got.IsAnonymous() {
			t.Errorf("after sign-out: %+v %v", got, err)
		}
	})
	t.Run("ErrTokenExpired", func(t *testing.T) {
		*now = now.Add(2 * time.Hour)
		defer func() { *now = now.Add(-2 * time.Hour) }()
		if _, err := s.Identify(request("Authorization", "Bearer "+secret)); telltale.ErrorCode(err) != telltale.EUNAUTHORIZED {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ErrTokenRevoked", func(t *testing.T) {
		if err := s.RevokeToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Identify(request("Authorization", "Bearer "+secret)); telltale.ErrorCode(err) != telltale.EUNAUTHORIZED {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ErrDisabled", func(t *testing.T) {
		yes := true
		if _, err := s.UpdateUser(ctx, "alice", auth.UserChange{Disabled: &yes}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Identify(basic("alice", "0123456789")); telltale.ErrorCode(err) != telltale.EUNAUTHORIZED {
			t.Errorf("got %v", err)
		}
	})
}

func TestLoginRateLimit(t *testing.T) {
	s, now := newService(t)
	ctx := context.Background()
	if _, err := s.AddUser(ctx, auth.NewUser{Name: "alice", Password: "0123456789", Role: auth.RoleReader}); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := s.Login(ctx, "alice", "wrong password", "192.0.2.1"); err == nil {
			t.Fatalf("attempt %d: wrong password accepted", i)
		}
	}
	_, err := s.Login(ctx, "alice", "0123456789", "192.0.2.1")
	if err == nil || !strings.Contains(err.Error(), "too many") {
		t.Fatalf("after 5 failures the right password: %v, want refused", err)
	}
	if _, err := s.Login(ctx, "alice", "0123456789", "198.51.100.7"); err != nil {
		t.Errorf("another address is refused: %v", err)
	}
	*now = now.Add(16 * time.Minute)
	if _, err := s.Login(ctx, "alice", "0123456789", "192.0.2.1"); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

func TestAudit(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	u := &auth.User{Name: "alice", Role: auth.RoleAnalyst}
	s.Audit(ctx, request(), u, "import", "report.json", "3 added")
	s.AuditFrom(ctx, "cli", "root", "user.add", "bob", "role reader")
	got, err := s.Store.Audit(ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Action != "user.add" || got[1].User != "alice" || got[1].Remote != "192.0.2.1" || got[1].At == "" {
		t.Errorf("audit %+v %+v", got[0], got[1])
	}
	if got, _ := s.Store.Audit(ctx, store.AuditFilter{User: "alice"}); len(got) != 1 {
		t.Errorf("by user: %d", len(got))
	}
	if got, _ := s.Store.Audit(ctx, store.AuditFilter{Action: "user."}); len(got) != 1 {
		t.Errorf("by action prefix: %d", len(got))
	}
}

// TestRememberedBasicLoginFollowsTheAccount: a Basic login remembered to
// spare the password hashing stops working as soon as the account is
// deleted, whoever deleted it (here another service on the same store,
// as the CLI or another node would).
func TestRememberedBasicLoginFollowsTheAccount(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	if _, err := s.AddUser(ctx, auth.NewUser{Name: "bob", Password: "0123456789", Role: auth.RoleAnalyst, Clearance: auth.Green}); err != nil {
		t.Fatal(err)
	}
	r := request()
	r.SetBasicAuth("bob", "0123456789")
	if u, err := s.Identify(r); err != nil || u.Name != "bob" {
		t.Fatalf("first login: %+v %v", u, err)
	}
	other := auth.New(s.Store)
	if err := other.DeleteUser(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	r = request()
	r.SetBasicAuth("bob", "0123456789")
	if u, err := s.Identify(r); err == nil && !u.IsAnonymous() {
		t.Fatalf("deleted user still recognised: %+v", u)
	}
}

// TestOneUserInContext: the user the HTTP server's authentication puts in
// the request's context is the whole user (role, clearance, groups), the
// one every handler and the visibility rule read, and Caller returns it
// without reading the credentials again.
func TestOneUserInContext(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	if _, err := s.AddUser(ctx, auth.NewUser{Name: "alice", Password: "0123456789", Role: auth.RoleAnalyst, Clearance: auth.Amber, Groups: []string{"soc"}}); err != nil {
		t.Fatal(err)
	}
	secret, _, err := s.CreateToken(ctx, "alice", "test", 0)
	if err != nil {
		t.Fatal(err)
	}
	r := request("Authorization", "Bearer "+secret)
	u, err := s.Authenticate(r)
	if err != nil || u == nil {
		t.Fatalf("Authenticate = %v, %v", u, err)
	}
	r = r.WithContext(telltale.NewContextWithUser(r.Context(), u))
	r.Header.Del("Authorization") // Caller must not need the credentials again
	got, err := s.Caller(r)
	if err != nil || got != u {
		t.Fatalf("Caller = %+v, %v; want the user in the context", got, err)
	}
	if got.Clearance != auth.Amber || strings.Join(got.Groups, ",") != "soc" || !got.CanWrite() {
		t.Errorf("user in context = %+v", got)
	}
	if v := s.ViewerOf(r.Context()); v != u {
		t.Errorf("ViewerOf = %+v, want the user in the context", v)
	}
	amber := []byte(`{"type":"indicator","id":"indicator--1","object_marking_refs":["` + auth.TLPAmber + `"]}`)
	if !telltale.UserFromContext(r.Context()).CanSee(amber) {
		t.Error("the user in context cannot see TLP:AMBER at clearance amber")
	}
}
