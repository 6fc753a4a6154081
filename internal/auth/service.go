package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
)

// SessionCookie is the name of the web session cookie.
const SessionCookie = telltale.SessionCookie

// TokenPrefix starts every API token, so that leaked tokens are easy to
// recognise and scan for.
const TokenPrefix = "ttk_"

// Service manages users, tokens and sessions, and recognises the caller
// of a request.
type Service struct {
	Store *store.DB
	// AnonymousRead lets callers without credentials read TLP:CLEAR
	// objects. Off by default.
	AnonymousRead bool
	// OpenUntilFirstUser lets them read as AnonymousRead does while the
	// store holds no user account (a fresh install has nobody to sign in
	// as). The first account closes it within a second (noUsersRecheck),
	// whichever node or process added it.
	OpenUntilFirstUser bool
	usersExist         atomic.Bool
	noUsersAt          atomic.Int64 // when the store last had no account (ns since monoBase)
	// SessionTTL is how long a web session lasts.
	SessionTTL time.Duration
	// InsecureCookies drops the Secure flag of the session cookie, for
	// plain-HTTP development on localhost only.
	InsecureCookies bool
	// Now is the clock; tests replace it.
	Now func() time.Time

	// markings resolves the store's marking definitions for the users
	// this service returns (User.Markings).
	markings *Markings

	// LoginLimits bound failed sign-ins, counted in the store.
	LoginLimits LoginLimits
	// ProxyHeader names the header (e.g. X-Forwarded-For) from which
	// ClientIP reads the client's address when the peer is one of
	// TrustedProxies; unset, the peer's address is the client's.
	ProxyHeader    string
	TrustedProxies []netip.Prefix

	mu    sync.Mutex
	basic map[[32]byte]cachedUser // verified Basic credentials, by hash
	token map[string]cachedUser   // verified API tokens, by the hash of the secret
	users map[string]cachedUser   // users by id, for Viewer

	lastID int64 // time part of the last id made, so ids keep their order
}

type cachedUser struct {
	user    *User
	expires time.Time
	hash    string // Basic logins: the password hash they were checked against
}

// cacheTTL bounds how long a verified password or a looked-up user is
// trusted without asking the store again; changes made through the
// Service clear the caches at once. tokenTTL is the same for API tokens,
// shorter because a token revoked from the CLI (another process) must
// stop working soon.
const (
	cacheTTL = time.Minute
	tokenTTL = 10 * time.Second
)

// New returns a Service on db.
func New(db *store.DB) *Service {
	go dummyHash() // ready before the first sign-in of an unknown name
	return &Service{
		Store: db, SessionTTL: 12 * time.Hour, Now: time.Now,
		markings:    NewMarkings(db),
		LoginLimits: DefaultLoginLimits,
		basic:       map[[32]byte]cachedUser{},
		token:       map[string]cachedUser{},
		users:       map[string]cachedUser{},
	}
}

// Markings is the resolver of the store's marking definitions that the
// users this service returns carry.
func (s *Service) Markings() MarkingResolver {
	if s.markings == nil { // a Service not made by New
		return nil
	}
	return s.markings
}

// Anonymous returns the anonymous caller, reading the store's marking
// definitions.
func (s *Service) Anonymous() *User {
	u := Anonymous()
	u.Markings = s.Markings()
	return u
}

// MarkOf reads the mark of an object given as its JSON, knowing the
// store's marking definitions.
func (s *Service) MarkOf(raw []byte) Mark { return telltale.MarkWith(raw, s.Markings()) }

func (s *Service) now() time.Time { return s.Now().UTC() }

// stampLayout writes times with a fixed number of digits, so that stored
// times compare as strings (RFC 3339 with trimmed fractions would not).
const stampLayout = "2006-01-02T15:04:05.000000000Z"

func (s *Service) stamp() string { return s.now().Format(stampLayout) }

// forget clears the caches after a change to users or passwords.
func (s *Service) forget() {
	s.mu.Lock()
	clear(s.basic)
	clear(s.token)
	clear(s.users)
	s.mu.Unlock()
}

func (s *Service) fromRow(r *store.UserRow) *User {
	u := &User{ID: r.ID, Name: r.Name, Role: r.Role, Groups: r.Groups, Disabled: r.Disabled, Created: r.Created, Markings: s.Markings()}
	u.Clearance, _ = ParseLevel(r.Clearance)
	return u
}

// randomSecret returns n random bytes as URL-safe base64.
func randomSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// newID returns a random id that sorts after ids made earlier.
func (s *Service) newID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	s.mu.Lock()
	n := max(s.now().UnixNano(), s.lastID+1)
	s.lastID = n
	s.mu.Unlock()
	return fmt.Sprintf("%016x%x", n, b)
}

// NewUser describes a user to add.
type NewUser = telltale.NewUser

// AddUser adds a user: EINVALID for a bad name, role or short password,
// ECONFLICT when the name is taken.
func (s *Service) AddUser(ctx context.Context, nu NewUser) (*User, error) {
	if !validName(nu.Name) {
		return nil, telltale.Errorf(telltale.EINVALID, "user name %q: use 1 to 64 letters, digits, '.', '_', '-' or '@'", nu.Name)
	}
	if !ValidRole(nu.Role) {
		return nil, telltale.Errorf(telltale.EINVALID, "role %q: want reader, analyst or admin", nu.Role)
	}
	if nu.Clearance < Clear || nu.Clearance > AmberStrict {
		return nil, telltale.Errorf(telltale.EINVALID, "clearance %s: want clear, green, amber or amber+strict (TLP:RED goes only to named recipients)", nu.Clearance)
	}
	for _, g := range nu.Groups {
		if !validName(g) {
			return nil, telltale.Errorf(telltale.EINVALID, "group name %q: use letters, digits, '.', '_', '-' or '@'", g)
		}
	}
	if len(nu.Password) < MinPasswordLength {
		return nil, telltale.Errorf(telltale.EINVALID, "the password needs at least %d characters", MinPasswordLength)
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return nil, err
	}
	row := &store.UserRow{ID: s.newID(), Name: nu.Name, PasswordHash: hash, Role: nu.Role,
		Clearance: nu.Clearance.String(), Groups: nu.Groups, Created: s.stamp()}
	if err := s.Store.CreateUser(ctx, row); err != nil {
		return nil, err
	}
	return s.fromRow(row), nil
}

// UserChange changes a user; nil fields stay as they are.
type UserChange = telltale.UserChange

// UpdateUser changes a user, or returns ENOTFOUND. A new password ends
// the user's sessions but c.KeepSession. Whoever asks for a user's own
// password change must first check the current one (VerifyPassword).
func (s *Service) UpdateUser(ctx context.Context, name string, c UserChange) (*User, error) {
	row, err := s.Store.UserByName(ctx, name)
	if err != nil {
		return nil, telltale.Errorf(telltale.ENOTFOUND, "no user %s", name)
	}
	if c.Password != nil {
		if len(*c.Password) < MinPasswordLength {
			return nil, telltale.Errorf(telltale.EINVALID, "the password needs at least %d characters", MinPasswordLength)
		}
		if row.PasswordHash, err = HashPassword(*c.Password); err != nil {
			return nil, err
		}
	}
	if c.Role != nil {
		if !ValidRole(*c.Role) {
			return nil, telltale.Errorf(telltale.EINVALID, "role %q: want reader, analyst or admin", *c.Role)
		}
		row.Role = *c.Role
	}
	if c.Clearance != nil {
		if *c.Clearance < Clear || *c.Clearance > AmberStrict {
			return nil, telltale.Errorf(telltale.EINVALID, "clearance %s: want clear, green, amber or amber+strict", *c.Clearance)
		}
		row.Clearance = c.Clearance.String()
	}
	if c.Groups != nil {
		for _, g := range *c.Groups {
			if !validName(g) {
				return nil, telltale.Errorf(telltale.EINVALID, "group name %q: use letters, digits, '.', '_', '-' or '@'", g)
			}
		}
		row.Groups = *c.Groups
	}
	if c.Disabled != nil {
		row.Disabled = *c.Disabled
	}
	keep := ""
	if c.KeepSession != "" {
		keep = hashSecret(c.KeepSession)
	}
	if err := s.Store.UpdateUser(ctx, row, c.Password != nil, keep); err != nil {
		return nil, err
	}
	s.forget()
	return s.fromRow(row), nil
}

// DeleteUser removes a user with their tokens and sessions.
func (s *Service) DeleteUser(ctx context.Context, name string) error {
	row, err := s.Store.UserByName(ctx, name)
	if err != nil {
		return telltale.Errorf(telltale.ENOTFOUND, "no user %s", name)
	}
	if err := s.Store.DeleteUser(ctx, row.ID); err != nil {
		return err
	}
	s.forget()
	return nil
}

// UserByName returns a user, or ENOTFOUND.
func (s *Service) UserByName(ctx context.Context, name string) (*User, error) {
	row, err := s.Store.UserByName(ctx, name)
	if err != nil {
		return nil, telltale.Errorf(telltale.ENOTFOUND, "no user %s", name)
	}
	return s.fromRow(row), nil
}

// AnonymousAllowed reports whether callers without credentials may read
// now (TLP:CLEAR and unmarked data). It fails closed: a store error
// refuses them.
func (s *Service) AnonymousAllowed(ctx context.Context) bool {
	if s.AnonymousRead {
		return true
	}
	if !s.OpenUntilFirstUser {
		return false
	}
	exist, err := s.usersState(ctx)
	return err == nil && !exist
}

// usersState reports whether the store holds any account. "None" is
// trusted for noUsersRecheck, "some" for good: accounts are not all
// deleted in practice, so there is no need to look again.
func (s *Service) usersState(ctx context.Context) (bool, error) {
	if s.usersExist.Load() {
		return true, nil
	}
	now := int64(time.Since(monoBase)) // monotonic: a wall-clock step cannot stretch the period
	if at := s.noUsersAt.Load(); at != 0 && now >= at && now-at < int64(noUsersRecheck) {
		return false, nil
	}
	users, err := s.Store.Users(ctx)
	if err != nil {
		return false, err
	}
	if len(users) > 0 {
		s.usersExist.Store(true)
		return true, nil
	}
	s.noUsersAt.Store(max(now, 1))
	return false, nil
}

// noUsersRecheck is how long "the store has no account" is trusted: the
// first account closes anonymous reading within that time, and a busy
// fresh install asks the store at most once per period.
const noUsersRecheck = time.Second

// monoBase is the origin of the monotonic times kept as integers.
var monoBase = time.Now()

// Users lists every user.
func (s *Service) Users(ctx context.Context) ([]*User, error) {
	rows, err := s.Store.Users(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*User, len(rows))
	for i, r := range rows {
		out[i] = s.fromRow(r)
	}
	return out, nil
}

// Token is an API token as listed: never its secret.
type Token = telltale.Token

// CreateToken makes an API token for a user and returns its secret, which
// is shown this once and stored only as a hash. ttl 0 never expires.
func (s *Service) CreateToken(ctx context.Context, userName, tokenName string, ttl time.Duration) (string, *Token, error) {
	row, err := s.Store.UserByName(ctx, userName)
	if err != nil {
		return "", nil, telltale.Errorf(telltale.ENOTFOUND, "no user %s", userName)
	}
	if tokenName == "" {
		tokenName = "token"
	}
	if len(tokenName) > 100 {
		return "", nil, telltale.Errorf(telltale.EINVALID, "token name longer than 100 characters")
	}
	secret := TokenPrefix + randomSecret(32)
	t := &Token{ID: s.newID(), UserID: row.ID, Name: tokenName, Hash: hashSecret(secret), Created: s.stamp()}
	if ttl > 0 {
		t.Expires = s.now().Add(ttl).Format(stampLayout)
	}
	if err := s.Store.CreateToken(ctx, t); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// Tokens lists a user's tokens ("" for everyone's).
func (s *Service) Tokens(ctx context.Context, userName string) ([]*Token, error) {
	id := ""
	if userName != "" {
		row, err := s.Store.UserByName(ctx, userName)
		if err != nil {
			return nil, telltale.Errorf(telltale.ENOTFOUND, "no user %s", userName)
		}
		id = row.ID
	}
	return s.Store.Tokens(ctx, id)
}

// RevokeToken revokes a token by id.
func (s *Service) RevokeToken(ctx context.Context, id string) error {
	if err := s.Store.RevokeToken(ctx, id); err != nil {
		return err
	}
	s.forget()
	return nil
}

// remoteIP is the client address of a request, without the port.
func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Login checks a name and password from the client at remote (see
// ClientIP), with rate limiting (LoginLimits): too many failures from one
// address, for one account, or for one account from one address, are
// refused for a while without checking the password.
func (s *Service) Login(ctx context.Context, name, password, remote string) (*User, error) {
	now := s.now()
	w, err := s.loginWait(ctx, remote, name, now)
	if err != nil {
		return nil, err
	}
	if w > 0 {
		return nil, refusedLogin(w)
	}
	row, err := s.Store.UserByName(ctx, name)
	if err != nil && telltale.ErrorCode(err) != telltale.ENOTFOUND {
		return nil, err
	}
	ok := false
	if row != nil {
		ok = CheckPassword(row.PasswordHash, password) && !row.Disabled
	} else {
		// Spend the same time as for a real user, so timing does not say
		// which names exist.
		CheckPassword(dummyHash(), password)
	}
	if !ok {
		if err := s.loginFailed(ctx, remote, name, now); err != nil {
			return nil, err
		}
		return nil, telltale.Errorf(telltale.EUNAUTHORIZED, "wrong user name or password")
	}
	if err := s.loginSucceeded(ctx, remote, name); err != nil {
		return nil, err
	}
	return s.fromRow(row), nil
}

// dummyHash is the hash an unknown name's password is checked against. It
// is made on first use (New starts making it), not when the program
// starts: an argon2id hash costs a CLI command such as `telltale stats`
// tenths of a second and 20 MB it never needs.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not a password of anyone")
	return h
})

// VerifyPassword checks that password is name's current password, as a
// sign-in does (rate limited, counted as a failure when wrong), for a
// change that needs it; a wrong one is EFORBIDDEN, since the caller is
// signed in.
func (s *Service) VerifyPassword(ctx context.Context, name, password, remote string) error {
	if _, err := s.Login(ctx, name, password, remote); err != nil {
		if telltale.ErrorCode(err) == telltale.EUNAUTHORIZED {
			return telltale.Errorf(telltale.EFORBIDDEN, "the current password was not accepted: %s", telltale.ErrorMessage(err))
		}
		return err
	}
	return nil
}

// StartSession opens a web session for u and returns its cookie.
func (s *Service) StartSession(ctx context.Context, u *User) (*http.Cookie, error) {
	secret := randomSecret(32)
	now := s.now()
	expires := now.Add(s.SessionTTL)
	if err := s.Store.CreateSession(ctx, hashSecret(secret), u.ID, now.Format(stampLayout), expires.Format(stampLayout)); err != nil {
		return nil, err
	}
	return &http.Cookie{
		Name: SessionCookie, Value: secret, Path: "/", Expires: expires, MaxAge: int(s.SessionTTL.Seconds()),
		HttpOnly: true, Secure: !s.InsecureCookies, SameSite: http.SameSiteLaxMode,
	}, nil
}

// EndSession ends the session of a request and returns a cookie that
// clears it in the browser.
func (s *Service) EndSession(ctx context.Context, r *http.Request) (*http.Cookie, error) {
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if err := s.Store.DeleteSession(ctx, hashSecret(c.Value)); err != nil {
			return nil, err
		}
	}
	return &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: !s.InsecureCookies, SameSite: http.SameSiteLaxMode}, nil
}

// Identify recognises the caller of a request from, in order, HTTP Basic
// credentials (the TAXII 2.1 baseline), a bearer token, or a session
// cookie. Without any it returns the anonymous user; with wrong ones, an
// EUNAUTHORIZED error. A session cookie that names no live session (it
// expired, was ended, or its sessions were revoked) counts as no
// credentials: the browser keeps sending it, and it must not stand in the
// way of signing in again.
func (s *Service) Identify(r *http.Request) (*User, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, cred, _ := strings.Cut(h, " ")
		switch strings.ToLower(scheme) {
		case "basic":
			name, password, ok := r.BasicAuth()
			if !ok {
				return nil, telltale.Errorf(telltale.EUNAUTHORIZED, "malformed Basic credentials")
			}
			return s.basicUser(ctx, name, password, s.ClientIP(r))
		case "bearer":
			return s.tokenUser(ctx, strings.TrimSpace(cred))
		default:
			return nil, telltale.Errorf(telltale.EUNAUTHORIZED, "unsupported authorization scheme %q (use Basic or Bearer)", scheme)
		}
	}
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		row, err := s.Store.SessionUser(ctx, hashSecret(c.Value), s.stamp())
		if telltale.ErrorCode(err) == telltale.ENOTFOUND {
			return s.Anonymous(), nil
		} else if err != nil {
			return nil, err
		}
		if row.Disabled {
			return nil, telltale.Errorf(telltale.EUNAUTHORIZED, "user %s is disabled", row.Name)
		}
		return s.remember(s.fromRow(row)), nil
	}
	return s.Anonymous(), nil
}

// basicUser checks Basic credentials, remembering good ones for a minute:
// password hashing is slow by design, and TAXII clients send the
// credentials with every request. A remembered login is checked against
// the stored account on every use (one indexed read, no hashing), so a
// user disabled, deleted, demoted or given a new password — by this
// process, the CLI or another node — loses access at once.
func (s *Service) basicUser(ctx context.Context, name, password, remote string) (*User, error) {
	key := sha256.Sum256([]byte(name + "\x00" + password))
	now := s.now()
	s.mu.Lock()
	c, ok := s.basic[key]
	s.mu.Unlock()
	if ok && now.Before(c.expires) {
		row, err := s.Store.UserByID(ctx, c.user.ID)
		if err == nil && !row.Disabled && row.PasswordHash == c.hash {
			return s.remember(s.fromRow(row)), nil
		}
		s.mu.Lock()
		delete(s.basic, key)
		s.mu.Unlock()
	}
	u, err := s.Login(ctx, name, password, remote)
	if err != nil {
		return nil, err
	}
	row, err := s.Store.UserByID(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if len(s.basic) > 10000 {
		clear(s.basic)
	}
	s.basic[key] = cachedUser{u, now.Add(cacheTTL), row.PasswordHash}
	s.mu.Unlock()
	return s.remember(u), nil
}

func (s *Service) tokenUser(ctx context.Context, secret string) (*User, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, telltale.Errorf(telltale.EUNAUTHORIZED, "not a Telltale API token")
	}
	hash := hashSecret(secret)
	now := s.now()
	s.mu.Lock()
	c, ok := s.token[hash]
	s.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.user, nil
	}
	t, row, err := s.Store.TokenByHash(ctx, hash)
	if telltale.ErrorCode(err) == telltale.ENOTFOUND {
		return nil, telltale.Errorf(telltale.EUNAUTHORIZED, "unknown or revoked API token")
	} else if err != nil {
		return nil, err
	}
	if t.Expires != "" && t.Expires <= now.Format(stampLayout) {
		return nil, telltale.Errorf(telltale.EUNAUTHORIZED, "the API token %s expired", t.Name)
	}
	if row.Disabled {
		return nil, telltale.Errorf(telltale.EUNAUTHORIZED, "user %s is disabled", row.Name)
	}
	// Record use at most once a minute per token, so reads stay reads.
	if t.LastUsed == "" || t.LastUsed < now.Add(-time.Minute).Format(stampLayout) {
		_ = s.Store.TouchToken(ctx, t.ID, now.Format(stampLayout))
	}
	u := s.fromRow(row)
	until := now.Add(tokenTTL)
	if t.Expires != "" {
		if exp, err := time.Parse(stampLayout, t.Expires); err == nil && exp.Before(until) {
			until = exp
		}
	}
	s.mu.Lock()
	if len(s.token) > 10000 {
		clear(s.token)
	}
	s.token[hash] = cachedUser{user: u, expires: until}
	s.mu.Unlock()
	return s.remember(u), nil
}

func (s *Service) remember(u *User) *User {
	s.mu.Lock()
	if len(s.users) > 10000 {
		clear(s.users)
	}
	s.users[u.ID] = cachedUser{user: u, expires: s.now().Add(cacheTTL)}
	s.mu.Unlock()
	return u
}

// UserByID returns a user by id, from the cache when it is fresh, or
// ENOTFOUND.
func (s *Service) UserByID(ctx context.Context, id string) (*User, error) {
	s.mu.Lock()
	c, ok := s.users[id]
	s.mu.Unlock()
	if ok && s.now().Before(c.expires) {
		return c.user, nil
	}
	row, err := s.Store.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.remember(s.fromRow(row)), nil
}

// Middleware recognises the caller and puts them in the request's context
// (telltale.UserFromContext). Wrong credentials end the request with fail.
func (s *Service) Middleware(fail func(w http.ResponseWriter, r *http.Request, err error)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if telltale.UserFromContext(r.Context()) != nil {
				next.ServeHTTP(w, r)
				return
			}
			u, err := s.Identify(r)
			if err != nil {
				fail(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(telltale.NewContextWithUser(r.Context(), u)))
		})
	}
}
