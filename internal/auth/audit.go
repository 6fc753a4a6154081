package auth

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/telltale-cti/telltale/internal/store"
)

// Audit records a write in the audit log: who (u), when (now), what
// (action on target, with detail) and from where (the client address of
// r). A failure to record is logged, not returned: the write it describes
// has already happened.
func (s *Service) Audit(ctx context.Context, r *http.Request, u *User, action, target, detail string) {
	remote := ""
	if r != nil {
		remote = s.ClientIP(r)
	}
	s.AuditFrom(ctx, remote, u.Label(), action, target, detail)
}

// AuditFrom records a write made outside HTTP (the CLI: remote "cli").
func (s *Service) AuditFrom(ctx context.Context, remote, user, action, target, detail string) {
	e := &store.AuditEntry{ID: s.newID(), At: s.stamp(), User: user, Action: action, Target: target, Remote: remote, Detail: detail}
	if err := s.Store.AddAudit(context.WithoutCancel(ctx), e); err != nil {
		slog.Error("audit", "action", action, "user", user, "err", err)
	}
}

// AuditRequest records a write made by whoever sent r (the user the
// middleware recognised), for handlers that do not hold the user: the web
// pages' import form, the knowledge layer's analyst decisions.
func (s *Service) AuditRequest(r *http.Request, action, target, detail string) {
	u, err := s.Caller(r)
	if err != nil || u == nil {
		u = Anonymous()
	}
	s.Audit(r.Context(), r, u, action, target, detail)
}
