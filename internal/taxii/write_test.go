package taxii_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/taxii"
)

// authFixture is a TAXII server with the real authentication: users
// reader, analyst and admin, all with the password "password-<name>".
type authFixture struct {
	*fixture
	auth   *auth.Service
	tokens map[string]string
}

func newAuthFixture(t *testing.T) *authFixture {
	t.Helper()
	ta := openApp(t, true)
	a := ta.Auth
	f := &authFixture{fixture: &fixture{t: t, db: ta.DB, im: ta.Importer, k: ta.Knowledge}, auth: a, tokens: map[string]string{}}
	for _, u := range []auth.NewUser{
		{Name: "reader", Role: auth.RoleReader, Clearance: auth.Green},
		{Name: "analyst", Role: auth.RoleAnalyst, Clearance: auth.Amber},
		{Name: "admin", Role: auth.RoleAdmin, Clearance: auth.Amber},
	} {
		u.Password = "password-" + u.Name
		if _, err := a.AddUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		secret, _, err := a.CreateToken(context.Background(), u.Name, "test", 0)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[u.Name] = secret
	}
	f.srv = taxii.NewServer(ta.DB, &auth.VisibleObjects{ObjectService: ta.DB}, ta.Importer)
	f.srv.Identify = a.Identify
	f.srv.Audit = a.Audit
	f.http = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.http.Close)
	return f
}

// as sends a request with Basic credentials ("basic:NAME") or a bearer
// token ("NAME"), or none ("").
func (f *authFixture) as(method, path, who string, body []byte, header ...string) *response {
	f.t.Helper()
	switch {
	case who == "":
	case strings.HasPrefix(who, "basic:"):
		name := strings.TrimPrefix(who, "basic:")
		header = append(header, "Authorization", "Basic "+basicCred(name, "password-"+name))
	default:
		header = append(header, "Authorization", "Bearer "+f.tokens[who])
	}
	return f.do(method, path, "", body, header...)
}

func basicCred(name, pass string) string {
	r, _ := http.NewRequest("GET", "/", nil)
	r.SetBasicAuth(name, pass)
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Basic ")
}

func envelopeOf(objs ...string) []byte {
	return []byte(`{"objects":[` + strings.Join(objs, ",") + `]}`)
}

func TestCredentials(t *testing.T) {
	f := newAuthFixture(t)
	objs := objectsPath(taxii.AllID, nil)
	for _, tc := range []struct {
		name, who string
		want      int
	}{
		{"Basic", "basic:reader", 200},
		{"Bearer", "reader", 200},
		{"ErrNone401", "", 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := f.as("GET", objs, tc.who, nil); r.status != tc.want {
				t.Errorf("got %d %s, want %d", r.status, r.body, tc.want)
			}
		})
	}
	t.Run("ErrWrongPassword401", func(t *testing.T) {
		r := f.do("GET", objs, "", nil, "Authorization", "Basic "+basicCred("reader", "nope"))
		if r.status != 401 || r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("got %d", r.status)
		}
	})
	t.Run("AnonymousReadSeesClearOnly", func(t *testing.T) {
		f.srv.AnonymousRead = true
		defer func() { f.srv.AnonymousRead = false }()
		f.importObjects(indicator(1, "2024-01-01T00:00:00.000Z", auth.TLPClear), indicator(2, "2024-01-01T00:00:00.000Z", auth.TLPGreen))
		r := f.as("GET", objs, "", nil)
		var env envelope
		r.decode(t, &env)
		if got := idsOf(t, env.Objects); len(got) != 1 || got[0] != indicatorID(1) {
			t.Errorf("anonymous sees %v", got)
		}
		if r := f.as("POST", objs, "", envelopeOf(indicator(3, "2024-01-01T00:00:00.000Z"))); r.status != 401 {
			t.Errorf("anonymous POST: got %d", r.status)
		}
	})
}

type status struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	TotalCount   int    `json:"total_count"`
	SuccessCount int    `json:"success_count"`
	FailureCount int    `json:"failure_count"`
	PendingCount int    `json:"pending_count"`
	Successes    []struct {
		ID      string `json:"id"`
		Version string `json:"version"`
	} `json:"successes"`
	Failures []struct {
		ID      string `json:"id"`
		Version string `json:"version"`
		Message string `json:"message"`
	} `json:"failures"`
}

func TestPostEnvelope(t *testing.T) {
	f := newAuthFixture(t)
	objs := objectsPath(taxii.AllID, nil)
	bad := `{"type":"indicator","spec_version":"2.1","id":"indicator--00000099-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"}`
	var st status
	t.Run("Accepted202", func(t *testing.T) {
		r := f.as("POST", objs, "basic:analyst", envelopeOf(indicator(1, "2024-01-01T00:00:00.000Z"), indicator(2, "2024-01-01T00:00:00.000Z"), bad))
		if r.status != 202 {
			t.Fatalf("got %d %s", r.status, r.body)
		}
		r.decode(t, &st)
		if st.Status != "complete" || st.TotalCount != 3 || st.SuccessCount != 2 || st.FailureCount != 1 || st.PendingCount != 0 {
			t.Fatalf("status %s", r.body)
		}
		if st.Successes[0].ID != indicatorID(1) || st.Successes[0].Version != "2024-01-01T00:00:00.000Z" {
			t.Errorf("successes %+v", st.Successes)
		}
		if st.Failures[0].ID != "indicator--00000099-0000-4000-8000-000000000000" || st.Failures[0].Message == "" {
			t.Errorf("failures %+v", st.Failures)
		}
	})
	t.Run("Status", func(t *testing.T) {
		r := f.as("GET", taxii.RootPath+"status/"+st.ID+"/", "analyst", nil)
		var got status
		r.decode(t, &got)
		if r.status != 200 || got.ID != st.ID || got.SuccessCount != 2 || len(got.Failures) != 1 {
			t.Errorf("got %d %s", r.status, r.body)
		}
		if r := f.as("GET", taxii.RootPath+"status/"+st.ID+"/", "reader", nil); r.status != 404 {
			t.Errorf("another user's status: got %d", r.status)
		}
		if r := f.as("GET", taxii.RootPath+"status/"+st.ID+"/", "admin", nil); r.status != 200 {
			t.Errorf("admin: got %d", r.status)
		}
	})
	t.Run("StoredAndServed", func(t *testing.T) {
		r := f.as("GET", objs, "reader", nil)
		var env envelope
		r.decode(t, &env)
		if ids := idsOf(t, env.Objects); len(ids) != 2 || ids[0] != indicatorID(1) {
			t.Errorf("objects %v", ids)
		}
	})
	t.Run("Resubmit", func(t *testing.T) {
		r := f.as("POST", objs, "analyst", envelopeOf(indicator(1, "2024-01-01T00:00:00.000Z")))
		var got status
		r.decode(t, &got)
		if r.status != 202 || got.SuccessCount != 1 {
			t.Errorf("got %d %s", r.status, r.body)
		}
	})
	t.Run("ErrReader403", func(t *testing.T) {
		if r := f.as("POST", objs, "reader", envelopeOf(indicator(5, "2024-01-01T00:00:00.000Z"))); r.status != 403 {
			t.Errorf("got %d", r.status)
		}
	})
	t.Run("ErrNotJSON400", func(t *testing.T) {
		if r := f.as("POST", objs, "analyst", []byte(`{"objects":[`)); r.status != 400 {
			t.Errorf("got %d", r.status)
		}
	})
	t.Run("ErrNoObjects422", func(t *testing.T) {
		for _, body := range []string{`{}`, `{"objects":{"a":1}}`, `[1,2]`} {
			if r := f.as("POST", objs, "analyst", []byte(body)); r.status != 422 {
				t.Errorf("%s: got %d %s", body, r.status, r.body)
			}
		}
	})
	t.Run("ErrTooLarge413", func(t *testing.T) {
		f.srv.MaxContentLength = 100
		defer func() { f.srv.MaxContentLength = 100 << 20 }()
		if r := f.as("POST", objs, "analyst", envelopeOf(indicator(6, "2024-01-01T00:00:00.000Z"))); r.status != 413 {
			t.Errorf("got %d", r.status)
		}
	})
	t.Run("ErrMediaType415", func(t *testing.T) {
		if r := f.as("POST", objs, "analyst", envelopeOf(indicator(6, "2024-01-01T00:00:00.000Z")), "Content-Type", "application/stix+json;version=2.1"); r.status != 415 {
			t.Errorf("got %d", r.status)
		}
	})
	t.Run("Audited", func(t *testing.T) {
		entries, err := f.db.Audit(context.Background(), store.AuditFilter{Action: "taxii.add"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[1].User != "analyst" || entries[1].Remote != "127.0.0.1" || !strings.Contains(entries[1].Detail, st.ID) {
			t.Errorf("audit %+v", entries)
		}
	})
}

// TestPostEnvelopeInput: duplicate properties and the importer's limits
// (issue #14, items 8 and 9).
func TestPostEnvelopeInput(t *testing.T) {
	f := newAuthFixture(t)
	objs := objectsPath(taxii.AllID, nil)
	t.Run("ErrDuplicateKeys400", func(t *testing.T) {
		body := `{"objects":[` + indicator(7, "2024-01-01T00:00:00.000Z") + `],"objects":[]}`
		r := f.as("POST", objs, "analyst", []byte(body))
		want := fmt.Sprintf(`duplicate property \"objects\" at byte %d`, strings.LastIndex(body, `"objects"`))
		if r.status != 400 || !strings.Contains(string(r.body), want) {
			t.Errorf("got %d %s, want 400 and %s", r.status, r.body, want)
		}
	})
	t.Run("DuplicateKeysInAnObjectFailIt", func(t *testing.T) {
		dup := strings.Replace(indicator(8, "2024-01-01T00:00:00.000Z"), `"name":"ind 8"`, `"name":"ind 8","pattern_type":"stix"`, 1)
		r := f.as("POST", objs, "analyst", envelopeOf(dup))
		var got status
		r.decode(t, &got)
		if r.status != 202 || got.FailureCount != 1 || !strings.Contains(got.Failures[0].Message, `duplicate property "pattern_type" at byte`) {
			t.Errorf("got %d %s", r.status, r.body)
		}
	})
	t.Run("ErrOverLimits", func(t *testing.T) {
		aliases := make([]string, stix.DefaultMaxListItems+1)
		for i := range aliases {
			aliases[i] = `"l"`
		}
		many := strings.Replace(indicator(9, "2024-01-01T00:00:00.000Z"), `"name":"ind 9"`, `"name":"ind 9","labels":[`+strings.Join(aliases, ",")+`]`, 1)
		r := f.as("POST", objs, "analyst", envelopeOf(indicator(10, "2024-01-01T00:00:00.000Z"), many))
		if r.status != 400 || !strings.Contains(string(r.body), `object 1 (`+indicatorID(9)+`): property \"labels\": more than 100000 items`) {
			t.Errorf("got %d %s", r.status, r.body)
		}
		if objs, _ := f.db.Objects(context.Background(), telltale.ObjectFilter{IDs: []string{indicatorID(10)}}); len(objs) != 0 {
			t.Errorf("the envelope was stored in part")
		}
		f.srv.Importer.(*importer.Importer).Limits.MaxObjects = 1
		defer func() { f.srv.Importer.(*importer.Importer).Limits.MaxObjects = 0 }()
		r = f.as("POST", objs, "analyst", envelopeOf(indicator(10, "2024-01-01T00:00:00.000Z"), indicator(11, "2024-01-01T00:00:00.000Z")))
		if r.status != 413 || !strings.Contains(string(r.body), "the envelope has 2 objects; this API root takes at most 1") {
			t.Errorf("got %d %s", r.status, r.body)
		}
	})
}

func TestAdminCollectionsAndDelete(t *testing.T) {
	f := newAuthFixture(t)
	ctx := context.Background()
	malware := `{"type":"malware","spec_version":"2.1","id":"malware--00000000-0000-4000-8000-000000000001","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"m","is_family":true}`
	f.importObjects(indicator(1, "2024-01-01T00:00:00.000Z"), malware)
	f.importObjects(indicator(1, "2024-02-01T00:00:00.000Z"))
	filter, _ := json.Marshal(taxii.Filter{Types: []string{"indicator"}})
	coll := &store.Collection{ID: "11111111-1111-4111-8111-111111111111", Title: "Indicators", Filter: string(filter),
		ReadRoles: []string{auth.RoleAnalyst, auth.RoleAdmin}, WriteRoles: []string{auth.RoleAdmin}, CanDelete: true}
	if err := f.db.PutCollection(ctx, coll); err != nil {
		t.Fatal(err)
	}
	objs := objectsPath(coll.ID, nil)
	t.Run("ByType", func(t *testing.T) {
		r := f.as("GET", objs, "analyst", nil)
		var env envelope
		r.decode(t, &env)
		if ids := idsOf(t, env.Objects); len(ids) != 1 || ids[0] != indicatorID(1) {
			t.Errorf("got %d %v", r.status, ids)
		}
	})
	t.Run("ErrReaderCannotRead403", func(t *testing.T) {
		if r := f.as("GET", objs, "reader", nil); r.status != 403 {
			t.Errorf("got %d", r.status)
		}
	})
	t.Run("CanReadCanWrite", func(t *testing.T) {
		for who, want := range map[string]string{"analyst": `"can_read":true,"can_write":false`, "admin": `"can_read":true,"can_write":true`} {
			r := f.as("GET", taxii.RootPath+"collections/"+coll.ID+"/", who, nil)
			if !strings.Contains(string(r.body), want) {
				t.Errorf("%s: %s", who, r.body)
			}
		}
	})
	t.Run("ErrOutOfScope", func(t *testing.T) {
		r := f.as("POST", objs, "admin", envelopeOf(strings.Replace(malware, "000000000001", "000000000002", 1)))
		var st status
		r.decode(t, &st)
		if st.FailureCount != 1 || !strings.Contains(st.Failures[0].Message, "scope") {
			t.Errorf("got %s", r.body)
		}
	})
	t.Run("ErrDeleteNotAllowed403", func(t *testing.T) {
		if r := f.as("DELETE", objectsPath(taxii.AllID, nil)+indicatorID(1)+"/", "admin", nil); r.status != 403 {
			t.Errorf("delete in the all collection: got %d", r.status)
		}
		if r := f.as("DELETE", objs+indicatorID(1)+"/", "analyst", nil); r.status != 403 {
			t.Errorf("delete by an analyst without write: got %d", r.status)
		}
	})
	t.Run("DeleteOneVersion", func(t *testing.T) {
		r := f.as("DELETE", objs+indicatorID(1)+"/?"+url.Values{"match[version]": {"2024-02-01T00:00:00.000Z"}}.Encode(), "admin", nil)
		if r.status != 200 {
			t.Fatalf("got %d %s", r.status, r.body)
		}
		o, err := f.db.Object(ctx, indicatorID(1))
		if err != nil || o.Modified != "2024-01-01T00:00:00.000Z" || o.Versions != 1 {
			t.Errorf("after delete: %+v %v", o, err)
		}
	})
	t.Run("DeleteAll", func(t *testing.T) {
		// The page read before the deletion is not served after it,
		// though the store's last sequence number did not move.
		if r := f.as("GET", objs, "admin", nil); !strings.Contains(string(r.body), indicatorID(1)) {
			t.Fatalf("before delete: %d %s", r.status, r.body)
		}
		if r := f.as("DELETE", objs+indicatorID(1)+"/", "admin", nil); r.status != 200 {
			t.Fatalf("got %d %s", r.status, r.body)
		}
		if r := f.as("GET", objs, "admin", nil); r.status != 200 || strings.Contains(string(r.body), indicatorID(1)) {
			t.Errorf("page after delete: %d %s", r.status, r.body)
		}
		if _, err := f.db.Object(ctx, indicatorID(1)); err == nil {
			t.Error("still there")
		}
		if r := f.as("GET", objectsPath(taxii.AllID, nil)+indicatorID(1)+"/", "admin", nil); r.status != 404 {
			t.Errorf("get after delete: %d", r.status)
		}
		if r := f.as("DELETE", objs+indicatorID(1)+"/", "admin", nil); r.status != 404 {
			t.Errorf("delete again: %d", r.status)
		}
		if hits, _ := f.db.Search(ctx, "ind 1", 10); len(hits) != 0 {
			t.Errorf("search still finds it: %+v", hits)
		}
	})
	t.Run("ErrDeleteOutOfCollection404", func(t *testing.T) {
		if r := f.as("DELETE", objs+"malware--00000000-0000-4000-8000-000000000001/", "admin", nil); r.status != 404 {
			t.Errorf("got %d", r.status)
		}
	})
}

func TestAdminCollectionBySourceAndMarking(t *testing.T) {
	f := newAuthFixture(t)
	ctx := context.Background()
	by := func(n int, creator, marking string) string {
		o := indicator(n, "2024-01-01T00:00:00.000Z", marking)
		return strings.Replace(o, `"name"`, `"created_by_ref":"`+creator+`","name"`, 1)
	}
	acme, other := "identity--00000000-0000-4000-8000-0000000000ac", "identity--00000000-0000-4000-8000-0000000000ff"
	f.importObjects(by(1, acme, auth.TLPGreen), by(2, acme, auth.TLPClear), by(3, other, auth.TLPGreen))
	for _, tc := range []struct {
		id     string
		filter taxii.Filter
		want   []string
	}{
		{"22222222-2222-4222-8222-222222222221", taxii.Filter{Source: acme}, []string{indicatorID(1), indicatorID(2)}},
		{"22222222-2222-4222-8222-222222222222", taxii.Filter{Marking: auth.TLPGreen}, []string{indicatorID(1), indicatorID(3)}},
		{"22222222-2222-4222-8222-222222222223", taxii.Filter{Source: acme, Marking: auth.TLPGreen}, []string{indicatorID(1)}},
	} {
		b, _ := json.Marshal(tc.filter)
		id := tc.id
		if err := f.db.PutCollection(ctx, &store.Collection{ID: id, Title: string(b), Filter: string(b), ReadRoles: []string{auth.RoleReader}}); err != nil {
			t.Fatal(err)
		}
		r := f.as("GET", objectsPath(id, nil), "reader", nil)
		var env envelope
		r.decode(t, &env)
		if got := idsOf(t, env.Objects); strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("filter %s: got %v, want %v", b, got, tc.want)
		}
	}
}
