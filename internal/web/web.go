package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

//go:embed templates static
var embedded embed.FS

// ImportFunc stores what r holds (a STIX bundle or a MISP galaxy file)
// and says what it did. The program wires the importer in.
type ImportFunc func(ctx context.Context, r io.Reader, name string, opts ImportOptions) (*telltale.ImportResult, error)

// ImportOptions are the choices of the import form.
type ImportOptions struct {
	Strict   bool
	Progress func(read int64)
}

// FetchFunc opens a URL for the import page, to be read as it arrives
// (never held whole) and closed; the program wires in a client that
// refuses private addresses and bounds the body while it is read.
type FetchFunc func(ctx context.Context, url string) (io.ReadCloser, error)

// Options configure the pages.
type Options struct {
	Views  *api.Views
	Import ImportFunc // nil: the import page says imports are off
	Fetch  FetchFunc  // nil: no import from a URL
	Logger *slog.Logger
	// Dev reads templates and assets from this directory (internal/web of
	// a checkout) at every request instead of the embedded copies.
	Dev string
	// Accounts says that an authenticator is configured, so people can
	// sign in (the form at /signin, with Sessions).
	Accounts bool
	// Sessions signs people in and out of the web session.
	Sessions Sessions
	// Rendered, when set, is told the name of every page template that is
	// executed (tests check that every template is).
	Rendered func(name string)
}

// Handler serves the pages.
type Handler struct {
	views     *api.Views
	importFn  ImportFunc
	fetch     FetchFunc
	logger    *slog.Logger
	rendered  func(string)
	dev       string
	downloads bool
	accounts  bool
	sessions  Sessions

	mu     sync.RWMutex
	cache  pageCache
	jobs   importJobs
	pages  map[string]*template.Template
	assets map[string]asset // by name
	byPath map[string]asset // by hashed path
}

type asset struct {
	name, path, typ string
	body            []byte
}

// New parses the templates and hashes the assets; a broken template fails
// here, at start-up, not at the first request.
func New(o Options) (*Handler, error) {
	h := &Handler{views: o.Views, importFn: o.Import, fetch: o.Fetch, logger: o.Logger, rendered: o.Rendered, dev: o.Dev, accounts: o.Accounts, sessions: o.Sessions}
	if o.Views != nil {
		h.downloads = o.Views.SectorBundle != nil && o.Views.SectorNavigator != nil
	}
	if h.logger == nil {
		h.logger = slog.New(slog.DiscardHandler)
	}
	if err := h.load(); err != nil {
		return nil, err
	}
	return h, nil
}

func (h *Handler) files() fs.FS {
	if h.dev != "" {
		return osDirFS(h.dev)
	}
	return embedded
}

// load reads assets and parses templates.
func (h *Handler) load() error {
	fsys := h.files()
	assets := map[string]asset{}
	byPath := map[string]asset{}
	names, err := fs.Glob(fsys, "static/*")
	if err != nil {
		return err
	}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		base := path.Base(n)
		ext := path.Ext(base)
		a := asset{name: base, body: b, typ: contentTypes[ext],
			path: "/static/" + strings.TrimSuffix(base, ext) + "." + hex.EncodeToString(sum[:6]) + ext}
		assets[base], byPath[a.path] = a, a
	}
	funcs := h.funcs(assets)
	base, err := template.New("layout").Funcs(funcs).ParseFS(fsys, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return fmt.Errorf("web templates: %w", err)
	}
	pages := map[string]*template.Template{}
	files, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(fsys, f)
		if err != nil {
			return fmt.Errorf("web templates: %w", err)
		}
		pages[name] = t
	}
	h.mu.Lock()
	h.pages, h.assets, h.byPath = pages, assets, byPath
	h.mu.Unlock()
	return nil
}

var contentTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".svg": "image/svg+xml",
	".png": "image/png",
}

// Pages lists the names of the page templates, for tests.
func (h *Handler) Pages() []string {
	h.mu.RLock()
	defer h.mu.RUnlock()
	var out []string
	for n := range h.pages {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// view is what every page template gets.
type view struct {
	Title string
	Nav   string // which header link is current
	Query string // the search box's text
	CSRF  string
	User  *telltale.User
	// Accounts: people can sign in here.
	Accounts bool
	// SignIn: nobody is signed in and accounts exist; the header offers
	// the sign-in form.
	SignIn bool
	// AccountSlot, when set, stands for the account corner in a cached
	// page (see renderCached).
	AccountSlot template.HTML
	// FirstStart says what an empty section lacks (see firstStart).
	FirstStart *firstStart
	Status     int
	URL        *url.URL // the request's address, for links that change one parameter
	Data       any
}

// render executes the page template name with data into a buffer, so a
// template error becomes a 500 page rather than half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	v.CSRF = ihttp.CSRFToken(r)
	v.User = telltale.UserFromContext(r.Context())
	body, err := h.execute(r, status, name, v)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// execute renders a page to bytes.
func (h *Handler) execute(r *http.Request, status int, name string, v view) ([]byte, error) {
	if h.dev != "" {
		if err := h.load(); err != nil {
			return nil, err
		}
	}
	h.mu.RLock()
	t := h.pages[name]
	h.mu.RUnlock()
	if t == nil {
		return nil, fmt.Errorf("no template %q", name)
	}
	if v.Query == "" {
		v.Query = r.URL.Query().Get("q")
	}
	v.Status = status
	v.URL = r.URL
	v.Accounts = h.accounts
	v.SignIn = h.canSignIn(r)
	if h.views != nil {
		v.FirstStart = &firstStart{ctx: r.Context(), objects: h.views.Objects}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	if h.rendered != nil {
		h.rendered(name)
	}
	return buf.Bytes(), nil
}

// fail is the last resort when the error page itself cannot render.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	ihttp.LogError(r, err)
	http.Error(w, "internal error", http.StatusInternalServerError)
}

// static serves the content-hashed assets, cached for a year.
func (h *Handler) static(w http.ResponseWriter, r *http.Request) {
	h.mu.RLock()
	a, ok := h.byPath[r.URL.Path]
	h.mu.RUnlock()
	if !ok {
		h.Error(w, r, telltale.Errorf(telltale.ENOTFOUND, "no such file"))
		return
	}
	w.Header().Set("Content-Type", a.typ)
	if h.dev == "" {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	_, _ = w.Write(a.body)
}

// favicon answers browsers that ask for /favicon.ico regardless of the
// page's link.
func (h *Handler) favicon(w http.ResponseWriter, r *http.Request) {
	h.mu.RLock()
	a, ok := h.assets["favicon.svg"]
	h.mu.RUnlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, a.path, http.StatusMovedPermanently)
}
