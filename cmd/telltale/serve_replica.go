package main

import (
	"context"
	"log/slog"
	"net/http"

	telltale "github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/store"
)

// useReadReplica sends the server's reads to the PostgreSQL hot standby at
// dsn (serve --read-db), writes staying on the primary (--db). Each request
// reads as its user: after a user's import, that user's reads go to the
// primary until the standby has replayed it (store.ReadAs), so nobody sees
// a state older than their own writes. A standby that goes down or comes
// back is logged; meanwhile reads go to the primary.
func useReadReplica(ctx context.Context, a *app.App, dsn string, logger *slog.Logger) error {
	err := a.DB.UseReplica(ctx, dsn, store.ReplicaOptions{Changed: func(up bool, err error) {
		if up {
			logger.Info("read replica up: reads go to it", slog.String("replica", a.DB.ReplicaDSN()))
		} else {
			logger.Warn("read replica down: reads go to the primary", slog.String("error", err.Error()))
		}
	}})
	if err != nil {
		return err
	}
	if up, err := a.DB.ReplicaUp(); !up && err != nil {
		logger.Warn("read replica not available yet: reads go to the primary", slog.String("error", err.Error()))
	}
	return nil
}

// readAsUser gives each request the read state of its user (runs after
// authentication; anonymous callers never write, and share the key "").
func readAsUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := ""
		if u := telltale.UserFromContext(r.Context()); u != nil {
			key = u.ID
		}
		next.ServeHTTP(w, r.WithContext(store.ReadAs(r.Context(), key)))
	})
}
