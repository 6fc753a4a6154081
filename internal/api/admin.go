package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/stix"
)

// AdminStore is what the write side of the API keeps besides objects:
// write statuses, the audit log and TAXII collection definitions.
// *store.DB implements it.
type AdminStore interface {
	PutWriteStatus(ctx context.Context, s *telltale.WriteStatus) error
	WriteStatusByID(ctx context.Context, id string) (*telltale.WriteStatus, error)
	WriteStatuses(ctx context.Context, kind, user string, limit int) ([]*telltale.WriteStatus, error)
	Audit(ctx context.Context, f telltale.AuditFilter) ([]*telltale.AuditEntry, error)
	Collections(ctx context.Context) ([]*telltale.Collection, error)
	PutCollection(ctx context.Context, c *telltale.Collection) error
	DeleteCollection(ctx context.Context, id string) error
}

// Accounts is the user administration the write side needs: it
// recognises the caller, signs users in and out, manages users and API
// tokens and writes the audit log. *auth.Service implements it.
type Accounts interface {
	// Caller returns the user a request is authenticated as, the
	// anonymous user when it carries no credentials, or EUNAUTHORIZED
	// when its credentials are wrong.
	Caller(r *http.Request) (*telltale.User, error)
	// AnonymousAllowed reports whether callers without credentials may
	// read now; Anonymous is that caller, with the store's markings.
	AnonymousAllowed(ctx context.Context) bool
	Anonymous() *telltale.User
	// SignIn checks a name and password and starts a web session (its
	// cookie); SignOut ends the request's session (a clearing cookie).
	SignIn(r *http.Request, name, password string) (*telltale.User, *http.Cookie, error)
	SignOut(r *http.Request) (*http.Cookie, error)
	Users(ctx context.Context) ([]*telltale.User, error)
	// AddUser returns EINVALID for a bad name, role or password, ECONFLICT
	// when the name is taken; UserByName, UpdateUser and DeleteUser return
	// ENOTFOUND for an unknown name.
	AddUser(ctx context.Context, nu telltale.NewUser) (*telltale.User, error)
	UserByName(ctx context.Context, name string) (*telltale.User, error)
	UpdateUser(ctx context.Context, name string, c telltale.UserChange) (*telltale.User, error)
	DeleteUser(ctx context.Context, name string) error
	// VerifyPassword checks a user's password, counting failures from
	// remote (ClientIP) towards the sign-in limits.
	VerifyPassword(ctx context.Context, name, password, remote string) error
	ClientIP(r *http.Request) string
	// Tokens lists a user's API tokens ("" for everyone's); CreateToken
	// returns a new one's secret, shown this once (ttl 0 never expires).
	Tokens(ctx context.Context, user string) ([]*telltale.Token, error)
	CreateToken(ctx context.Context, user, name string, ttl time.Duration) (string, *telltale.Token, error)
	RevokeToken(ctx context.Context, id string) error
	// Audit records what u did through r.
	Audit(ctx context.Context, r *http.Request, u *telltale.User, action, target, detail string)
}

// Admin serves the write side of the REST API: imports with their
// status, exports filtered by what the caller may see, users, tokens,
// sessions, TAXII collections and the audit log. Every write is audited.
type Admin struct {
	Auth  Accounts
	Store AdminStore
	// Objects reads stored objects for exports, in passes (so that an
	// export of any size streams); Show says what the caller is shown of
	// them (without it, exports answer an error).
	Objects interface {
		telltale.ObjectService
		telltale.ObjectPasser
	}
	Show telltale.ShowService
	// Import stores an upload (the importer in the program).
	Import func(ctx context.Context, r io.Reader, name string, strict bool) (*telltale.ImportResult, error)
	// SectorBundle writes a sector's landscape bundle (the knowledge
	// layer); nil disables sector exports.
	SectorBundle func(ctx context.Context, sector string, w io.Writer) error
	// MaxUpload bounds an import's body in bytes (default 1 GiB).
	MaxUpload int64
}

// Register adds the write side's routes to mux.
func (a *Admin) Register(mux ihttp.Mux) {
	h := func(f func(w http.ResponseWriter, r *http.Request, u *telltale.User) error) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u, err := a.Auth.Caller(r)
			if err == nil {
				err = f(w, r, u)
			}
			if err != nil {
				ihttp.Error(w, r, err)
			}
		})
	}
	mux.Handle("GET /api/v1/openapi.json", http.HandlerFunc(serveOpenAPI))

	mux.Handle("POST /api/v1/imports", h(a.createImport))
	mux.Handle("GET /api/v1/imports", h(a.listImports))
	mux.Handle("GET /api/v1/imports/{id}", h(a.getImport))

	mux.Handle("GET /api/v1/exports/bundle", h(a.exportBundle))
	mux.Handle("GET /api/v1/exports/indicators.csv", h(a.exportIndicatorsCSV))

	mux.Handle("GET /api/v1/session", h(a.getSession))
	mux.Handle("POST /api/v1/session", h(a.createSession))
	mux.Handle("DELETE /api/v1/session", h(a.deleteSession))

	mux.Handle("GET /api/v1/users", h(a.listUsers))
	mux.Handle("POST /api/v1/users", h(a.createUser))
	mux.Handle("GET /api/v1/users/{name}", h(a.getUser))
	mux.Handle("PATCH /api/v1/users/{name}", h(a.updateUser))
	mux.Handle("DELETE /api/v1/users/{name}", h(a.deleteUser))

	mux.Handle("GET /api/v1/tokens", h(a.listTokens))
	mux.Handle("POST /api/v1/tokens", h(a.createToken))
	mux.Handle("DELETE /api/v1/tokens/{id}", h(a.deleteToken))

	mux.Handle("GET /api/v1/collections", h(a.listCollections))
	mux.Handle("PUT /api/v1/collections/{id}", h(a.putCollection))
	mux.Handle("DELETE /api/v1/collections/{id}", h(a.deleteCollection))

	mux.Handle("GET /api/v1/audit", h(a.listAudit))
}

// readJSON decodes a small JSON request body into v.
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return telltale.Errorf(telltale.EINVALID, "the request body is not the JSON this endpoint takes: %v", err)
	}
	return nil
}

func writeJSONStatus(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// viewer is who reads for the visibility rule; nobody (nil) when reading
// needs credentials the caller did not give.
func (a *Admin) viewer(ctx context.Context, u *telltale.User) (*telltale.User, error) {
	if u.IsAnonymous() {
		if !a.Auth.AnonymousAllowed(ctx) {
			return nil, telltale.Errorf(telltale.EUNAUTHORIZED, "sign in or send an API token to read")
		}
		return a.Auth.Anonymous(), nil
	}
	return u, nil
}

// --- sessions ---

func (a *Admin) getSession(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if u.IsAnonymous() {
		return telltale.Errorf(telltale.EUNAUTHORIZED, "not signed in")
	}
	ihttp.JSON(w, r, u)
	return nil
}

func (a *Admin) createSession(w http.ResponseWriter, r *http.Request, _ *telltale.User) error {
	var in struct {
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	u, c, err := a.Auth.SignIn(r, in.Name, in.Password)
	if err != nil {
		return err
	}
	http.SetCookie(w, c)
	writeJSONStatus(w, http.StatusCreated, u)
	return nil
}

func (a *Admin) deleteSession(w http.ResponseWriter, r *http.Request, _ *telltale.User) error {
	c, err := a.Auth.SignOut(r)
	if err != nil {
		return err
	}
	http.SetCookie(w, c)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// --- users ---

// userInput is the body of POST and PATCH /api/v1/users.
type userInput struct {
	Name      string    `json:"name"`
	Password  *string   `json:"password"`
	Role      *string   `json:"role"`
	Clearance *string   `json:"clearance"`
	Groups    *[]string `json:"groups"`
	Disabled  *bool     `json:"disabled"`
	// CurrentPassword is needed to change one's own password.
	CurrentPassword *string `json:"current_password"`
}

func (a *Admin) listUsers(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if err := telltale.RequireAdmin(u); err != nil {
		return err
	}
	users, err := a.Auth.Users(r.Context())
	if err != nil {
		return err
	}
	if users == nil {
		users = []*telltale.User{}
	}
	ihttp.JSON(w, r, map[string]any{"users": users})
	return nil
}

func (a *Admin) createUser(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if err := telltale.RequireAdmin(u); err != nil {
		return err
	}
	var in userInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	nu := telltale.NewUser{Name: in.Name, Clearance: telltale.Amber}
	if in.Password != nil {
		nu.Password = *in.Password
	}
	if in.Role != nil {
		nu.Role = *in.Role
	}
	if in.Clearance != nil {
		l, err := telltale.ParseLevel(*in.Clearance)
		if err != nil {
			return telltale.Errorf(telltale.EINVALID, "clearance: %v", err)
		}
		nu.Clearance = l
	}
	if in.Groups != nil {
		nu.Groups = *in.Groups
	}
	created, err := a.Auth.AddUser(r.Context(), nu)
	if err != nil {
		return err
	}
	a.Auth.Audit(r.Context(), r, u, "user.add", created.Name, "role "+created.Role+", clearance "+created.Clearance.String())
	writeJSONStatus(w, http.StatusCreated, created)
	return nil
}

func (a *Admin) getUser(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	name := r.PathValue("name")
	if u.IsAnonymous() || (!u.IsAdmin() && u.Name != name) {
		return telltale.RequireAdmin(u)
	}
	got, err := a.Auth.UserByName(r.Context(), name)
	if err != nil {
		return err
	}
	ihttp.JSON(w, r, got)
	return nil
}

func (a *Admin) updateUser(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	name := r.PathValue("name")
	var in userInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	self := !u.IsAnonymous() && u.Name == name
	onlyPassword := in.Role == nil && in.Clearance == nil && in.Groups == nil && in.Disabled == nil
	if !(self && onlyPassword) {
		if err := telltale.RequireAdmin(u); err != nil {
			return err
		}
	}
	ch := telltale.UserChange{Password: in.Password, Role: in.Role, Groups: in.Groups, Disabled: in.Disabled}
	if in.Password != nil && self {
		// Whoever holds a user's session or token must not lock the user
		// out: their own new password needs the current one. An admin
		// resetting someone else's does not.
		if in.CurrentPassword == nil {
			return telltale.Errorf(telltale.EINVALID, "give current_password to change your own password")
		}
		if err := a.Auth.VerifyPassword(r.Context(), name, *in.CurrentPassword, a.Auth.ClientIP(r)); err != nil {
			return err
		}
		if c, err := r.Cookie(telltale.SessionCookie); err == nil {
			ch.KeepSession = c.Value // the session it is changed from stays open
		}
	}
	var what []string
	if in.Clearance != nil {
		l, err := telltale.ParseLevel(*in.Clearance)
		if err != nil {
			return telltale.Errorf(telltale.EINVALID, "clearance: %v", err)
		}
		ch.Clearance = &l
		what = append(what, "clearance "+l.String())
	}
	if in.Password != nil {
		what = append(what, "password")
	}
	if in.Role != nil {
		what = append(what, "role "+*in.Role)
	}
	if in.Groups != nil {
		what = append(what, "groups "+strings.Join(*in.Groups, ","))
	}
	if in.Disabled != nil {
		what = append(what, "disabled "+strconv.FormatBool(*in.Disabled))
	}
	got, err := a.Auth.UpdateUser(r.Context(), name, ch)
	if err != nil {
		return err
	}
	a.Auth.Audit(r.Context(), r, u, "user.update", name, strings.Join(what, ", "))
	ihttp.JSON(w, r, got)
	return nil
}

func (a *Admin) deleteUser(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if err := telltale.RequireAdmin(u); err != nil {
		return err
	}
	name := r.PathValue("name")
	if name == u.Name {
		return telltale.Errorf(telltale.EINVALID, "admins cannot delete themselves")
	}
	if err := a.Auth.DeleteUser(r.Context(), name); err != nil {
		return err
	}
	a.Auth.Audit(r.Context(), r, u, "user.delete", name, "")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// --- tokens ---

func (a *Admin) listTokens(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if u.IsAnonymous() {
		return telltale.Errorf(telltale.EUNAUTHORIZED, "sign in to list tokens")
	}
	name := u.Name
	if u.IsAdmin() {
		name = r.URL.Query().Get("user")
	}
	tokens, err := a.Auth.Tokens(r.Context(), name)
	if err != nil {
		return err
	}
	if tokens == nil {
		tokens = []*telltale.Token{}
	}
	ihttp.JSON(w, r, map[string]any{"tokens": tokens})
	return nil
}

func (a *Admin) createToken(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if u.IsAnonymous() {
		return telltale.Errorf(telltale.EUNAUTHORIZED, "sign in to create a token")
	}
	var in struct {
		Name          string `json:"name"`
		User          string `json:"user"`
		ExpiresInDays int    `json:"expires_in_days"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if in.User == "" {
		in.User = u.Name
	}
	if in.User != u.Name {
		if err := telltale.RequireAdmin(u); err != nil {
			return err
		}
	}
	if in.ExpiresInDays < 0 || in.ExpiresInDays > 3650 {
		return telltale.Errorf(telltale.EINVALID, "expires_in_days must be between 0 (never) and 3650")
	}
	secret, t, err := a.Auth.CreateToken(r.Context(), in.User, in.Name, time.Duration(in.ExpiresInDays)*24*time.Hour)
	if err != nil {
		return err
	}
	a.Auth.Audit(r.Context(), r, u, "token.create", in.User, "token "+t.ID+" ("+t.Name+")")
	writeJSONStatus(w, http.StatusCreated, map[string]any{"token": secret, "id": t.ID, "name": t.Name, "user": in.User, "created": t.Created, "expires": t.Expires})
	return nil
}

func (a *Admin) deleteToken(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if u.IsAnonymous() {
		return telltale.Errorf(telltale.EUNAUTHORIZED, "sign in to revoke a token")
	}
	id := r.PathValue("id")
	if !u.IsAdmin() {
		own, err := a.Auth.Tokens(r.Context(), u.Name)
		if err != nil {
			return err
		}
		found := false
		for _, t := range own {
			found = found || t.ID == id
		}
		if !found {
			return telltale.Errorf(telltale.ENOTFOUND, "no token %s of yours", id)
		}
	}
	if err := a.Auth.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	a.Auth.Audit(r.Context(), r, u, "token.revoke", id, "")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// --- TAXII collections ---

// collectionInput is the body of PUT /api/v1/collections/{id}.
type collectionInput struct {
	Alias       string          `json:"alias"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Filter      json.RawMessage `json:"filter"`
	ReadRoles   []string        `json:"read_roles"`
	WriteRoles  []string        `json:"write_roles"`
	CanDelete   bool            `json:"can_delete"`
}

func (a *Admin) listCollections(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if err := telltale.RequireAdmin(u); err != nil {
		return err
	}
	cs, err := a.Store.Collections(r.Context())
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []*telltale.Collection{}
	}
	ihttp.JSON(w, r, map[string]any{"collections": cs})
	return nil
}

func (a *Admin) putCollection(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if err := telltale.RequireAdmin(u); err != nil {
		return err
	}
	var in collectionInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	id := r.PathValue("id")
	if !stix.IsUUID(id) {
		return telltale.Errorf(telltale.EINVALID, "a collection id is a UUID, not %q", id)
	}
	if strings.TrimSpace(in.Title) == "" {
		return telltale.Errorf(telltale.EINVALID, "a collection needs a title")
	}
	var f struct {
		Types   []string `json:"types"`
		Sector  string   `json:"sector"`
		Source  string   `json:"source"`
		Marking string   `json:"marking"`
	}
	if len(in.Filter) > 0 {
		dec := json.NewDecoder(strings.NewReader(string(in.Filter)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return telltale.Errorf(telltale.EINVALID, "filter: %v (it takes types, sector, source and marking)", err)
		}
	} else {
		in.Filter = json.RawMessage(`{}`)
	}
	for _, role := range append(append([]string{}, in.ReadRoles...), in.WriteRoles...) {
		if !telltale.ValidRole(role) && role != telltale.RoleAnonymous {
			return telltale.Errorf(telltale.EINVALID, "unknown role %q", role)
		}
	}
	c := &telltale.Collection{ID: id, Alias: in.Alias, Title: in.Title, Description: in.Description, Filter: string(in.Filter),
		ReadRoles: in.ReadRoles, WriteRoles: in.WriteRoles, CanDelete: in.CanDelete}
	if err := a.Store.PutCollection(r.Context(), c); err != nil {
		return err
	}
	a.Auth.Audit(r.Context(), r, u, "collection.put", id, in.Title+" "+string(in.Filter))
	ihttp.JSON(w, r, c)
	return nil
}

func (a *Admin) deleteCollection(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if err := telltale.RequireAdmin(u); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := a.Store.DeleteCollection(r.Context(), id); err != nil {
		return err
	}
	a.Auth.Audit(r.Context(), r, u, "collection.delete", id, "")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// --- audit log ---

func (a *Admin) listAudit(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if err := telltale.RequireAdmin(u); err != nil {
		return err
	}
	q := r.URL.Query()
	limit := 100
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return telltale.Errorf(telltale.EINVALID, "limit must be 1 to 1000")
		}
		limit = n
	}
	entries, err := a.Store.Audit(r.Context(), telltale.AuditFilter{User: q.Get("user"), Action: q.Get("action"), Before: q.Get("before"), Limit: limit})
	if err != nil {
		return err
	}
	resp := map[string]any{"entries": entries}
	if entries == nil {
		resp["entries"] = []*telltale.AuditEntry{}
	}
	if len(entries) == limit {
		resp["next_before"] = entries[len(entries)-1].ID
	}
	ihttp.JSON(w, r, resp)
	return nil
}
