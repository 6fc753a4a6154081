package web

import (
	"context"
	"sync"

	"github.com/telltale-cti/telltale"
)

// firstStart tells the empty sections of a page what the database lacks,
// so they can say what to import and with which command (the
// "import-hint" template). The store is asked only when a template asks
// (a section is empty), at most once per page.
type firstStart struct {
	ctx     context.Context
	objects telltale.ObjectService

	once     sync.Once
	noATTACK bool
}

// NoATTACK reports whether the caller sees no ATT&CK technique at all: a
// fresh database with the starter knowledge only.
func (f *firstStart) NoATTACK() bool {
	if f == nil || f.objects == nil {
		return false
	}
	f.once.Do(func() {
		objs, err := f.objects.Objects(f.ctx, telltale.ObjectFilter{Types: []string{"attack-pattern"}, Limit: 1})
		f.noATTACK = err == nil && len(objs) == 0
	})
	return f.noATTACK
}
