package http

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/telltale-cti/telltale"
)

// DefaultAddr is where `telltale serve` listens unless told otherwise.
const DefaultAddr = "127.0.0.1:8080"

// Mux is what route packages register on: *Server and *http.ServeMux
// both are one.
type Mux interface {
	Handle(pattern string, h http.Handler)
}

// ErrorPage renders an error as an HTML page; internal/web provides it.
type ErrorPage func(w http.ResponseWriter, r *http.Request, err error)

// Server is the HTTP server: one mux with Go 1.22 patterns behind the
// middleware chain
//
//	recover → log → security headers → cross-origin → authenticate →
//	CSRF → (Use middleware) → mux
//
// Set the exported fields before the first request.
type Server struct {
	Addr   string
	Logger *slog.Logger
	// Auth recognises users; nil recognises nobody, so nothing can be
	// changed through the server.
	Auth Authenticator
	// Page renders errors of page requests (anything outside APIPrefixes);
	// nil writes plain text.
	Page ErrorPage
	// APIPrefixes are the path prefixes whose errors are JSON.
	APIPrefixes []string
	// MaxBodyBytes bounds multipart form uploads.
	MaxBodyBytes int64
	// Errors answer the errors of the chain itself (bad credentials, CSRF,
	// cross-origin, panics) for requests under a path prefix in that
	// API's own format: TAXII clients get TAXII error messages.
	Errors map[string]func(w http.ResponseWriter, r *http.Request, err error)
	// OpenForms are the paths whose URL-encoded form (bounded at 1 MB) is
	// read from callers without credentials: the sign-in and sign-out
	// forms. Every other form needs an account before it is read.
	OpenForms []string

	mux        *http.ServeMux
	middleware []Middleware
	once       sync.Once
	handler    http.Handler

	ln  net.Listener
	srv *http.Server
}

// NewServer returns a server on DefaultAddr logging to logger.
func NewServer(logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Server{
		Addr:         DefaultAddr,
		Logger:       logger,
		APIPrefixes:  []string{"/api/", "/taxii2/"},
		MaxBodyBytes: 1 << 30,
		mux:          http.NewServeMux(),
	}
}

// Handle registers h for a Go 1.22 pattern ("GET /sectors/{key}").
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Use adds middleware that runs after authentication and CSRF checks, in
// the order given, just before the mux.
func (s *Server) Use(mw ...Middleware) { s.middleware = append(s.middleware, mw...) }

// ServeHTTP runs the middleware chain and the mux.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.once.Do(func() {
		var h http.Handler = s.mux
		for i := len(s.middleware) - 1; i >= 0; i-- {
			h = s.middleware[i](h)
		}
		h = s.csrf(h)
		h = s.authenticate(h)
		h = s.crossOrigin(h)
		h = securityHeaders(h)
		h = s.recoverPanics(h)
		s.handler = s.logRequests(h)
	})
	s.handler.ServeHTTP(w, r)
}

// IsAPI says whether r is an API request, answered in JSON.
func (s *Server) IsAPI(r *http.Request) bool {
	for _, p := range s.APIPrefixes {
		if strings.HasPrefix(r.URL.Path, p) {
			return true
		}
	}
	return false
}

// Fail answers a request refused by middleware added with Use as the
// chain's own refusals are: in the format of the API it was sent to (see
// Errors), JSON under APIPrefixes, the error page for the rest.
func (s *Server) Fail(w http.ResponseWriter, r *http.Request, err error) { s.fail(w, r, err) }

// fail answers a request the chain refused or that panicked: JSON for the
// APIs, the error page for the rest.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	for prefix, answer := range s.Errors {
		if strings.HasPrefix(r.URL.Path, prefix) {
			LogError(r, err)
			answer(w, r, err)
			return
		}
	}
	switch {
	case s.IsAPI(r):
		Error(w, r, err)
	case s.Page != nil:
		s.Page(w, r, err)
	default:
		LogError(r, err)
		http.Error(w, telltale.ErrorMessage(err), Status(err))
	}
}

// Open starts listening on Addr; use URL to find the port when Addr ends
// in ":0". Serving starts with Serve.
func (s *Server) Open() error {
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return telltale.Errorf(telltale.EUNAVAILABLE, "listen on %s: %v", s.Addr, err)
	}
	s.ln = ln
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
	}
	return nil
}

// URL is the base URL the server answers on, once open.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	addr := s.ln.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return fmt.Sprintf("http://%s", net.JoinHostPort(host, fmt.Sprint(addr.Port)))
}

// Serve answers requests until ctx is done, then shuts down gracefully,
// giving requests in flight up to 10 seconds.
func (s *Server) Serve(ctx context.Context) error {
	if s.ln == nil {
		if err := s.Open(); err != nil {
			return err
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
