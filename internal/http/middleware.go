package http

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/telltale-cti/telltale"
)

// Middleware wraps a handler.
type Middleware func(http.Handler) http.Handler

// requestLog collects what the access log line says about a request.
type requestLog struct {
	status int
	bytes  int64
	user   string
	err    error
}

type logKey struct{}

// LogError records err for the request's log line. Handlers that answer
// with an error page or an API error call it (Error does), so an internal
// error is logged once, with its details, next to the request.
func LogError(r *http.Request, err error) {
	if l, ok := r.Context().Value(logKey{}).(*requestLog); ok && err != nil {
		l.err = err
	}
}

func setLogUser(r *http.Request, name string) {
	if l, ok := r.Context().Value(logKey{}).(*requestLog); ok {
		l.user = name
	}
}

// recorder remembers the status and size of a response.
type recorder struct {
	http.ResponseWriter
	log     *requestLog
	written bool
}

func (w *recorder) WriteHeader(status int) {
	if !w.written {
		w.log.status, w.written = status, true
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *recorder) Write(b []byte) (int, error) {
	if !w.written {
		w.log.status, w.written = http.StatusOK, true
	}
	n, err := w.ResponseWriter.Write(b)
	w.log.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (flushing,
// deadlines).
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs one line per request; internal errors and panics at
// error level with their details, client errors at info level.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		l := &requestLog{}
		r = r.WithContext(context.WithValue(r.Context(), logKey{}, l))
		rec := &recorder{ResponseWriter: w, log: l}
		defer func() {
			attrs := []any{
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", l.status),
				slog.Int64("bytes", l.bytes),
				slog.Duration("took", time.Since(start)),
			}
			if l.user != "" {
				attrs = append(attrs, slog.String("user", l.user))
			}
			level := slog.LevelInfo
			if l.err != nil {
				attrs = append(attrs, slog.String("error", l.err.Error()))
				if l.status >= 500 {
					level = slog.LevelError
				}
			}
			s.Logger.Log(r.Context(), level, "request", attrs...)
		}()
		next.ServeHTTP(rec, r)
	})
}

// recoverPanics turns a panic into a 500 answer (a page or an API error)
// and logs the stack, instead of dropping the connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil || v == http.ErrAbortHandler {
				if v != nil {
					panic(v)
				}
				return
			}
			s.Logger.Error("panic", slog.String("path", r.URL.Path), slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
			if rec, ok := w.(*recorder); ok && rec.written {
				return // too late for an error page
			}
			s.fail(w, r, fmt.Errorf("panic: %v", v))
		}()
		next.ServeHTTP(w, r)
	})
}

// ContentSecurityPolicy allows only the server's own scripts, styles,
// images and connections: no inline script, no framing.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses state-changing requests sent by a browser from
// another origin (Sec-Fetch-Site / Origin checks).
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, telltale.Errorf(telltale.EFORBIDDEN, "cross-origin request refused"))
	}))
	return cop.Handler(next)
}
