package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache holds the statements prepared once per database handle (the
// primary's or the replica's) for reads run on every request.
type stmtCache struct {
	mu sync.Mutex
	m  map[stmtKey]*sql.Stmt
}

type stmtKey struct {
	db    *sql.DB
	query string
}

// queryRow runs query, which takes no arguments, on q: through a
// statement prepared once when q is a database handle, as a plain query
// otherwise (a transaction or a connection).
func (c *stmtCache) queryRow(ctx context.Context, q querier, query string) (*sql.Row, error) {
	h, ok := q.(*sql.DB)
	if !ok {
		return q.QueryRowContext(ctx, query), nil
	}
	k := stmtKey{h, query}
	c.mu.Lock()
	s := c.m[k]
	c.mu.Unlock()
	if s == nil {
		p, err := h.PrepareContext(ctx, query)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		if s = c.m[k]; s == nil {
			if c.m == nil {
				c.m = make(map[stmtKey]*sql.Stmt)
			}
			c.m[k], s = p, p
		} else {
			p.Close() // another request prepared it first
		}
		c.mu.Unlock()
	}
	return s.QueryRowContext(ctx), nil
}

// close closes the prepared statements.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, s := range c.m {
		s.Close()
		delete(c.m, k)
	}
}
