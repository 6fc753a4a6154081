package main

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/telltale-cti/telltale"
)

// The attackers table keeps its columns whatever the names: a long name
// (an unnamed group is named after its report's title) is cut with an
// ellipsis, so every row's origin starts where the others' do.
func TestAttackersTableAligns(t *testing.T) {
	long := "Unnamed actor: Cybercrime Group has been hacked from telecommunications all over the world"
	l := &telltale.Landscape{Attackers: []telltale.Attacker{
		{Name: "GALLIUM", Origin: "CN", OriginStatus: telltale.OriginAsserted, MotivationLabel: "espionage", Sources: []telltale.Source{{Name: "Cybereason"}}},
		{Name: long, Origin: "CN", OriginStatus: telltale.OriginDisputed, OriginHedged: true, Sources: []telltale.Source{{Name: "A report"}}},
		{Name: "Telekopye Neanderthals", Origin: "RU", MotivationLabel: "financial gain", Sources: []telltale.Source{{Name: "ESET"}}},
	}}
	var buf strings.Builder
	printAttackers(&buf, l, 10)
	col := -1
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n")[1:] {
		i := strings.Index(line, " CN") + 1
		if i == 0 {
			i = strings.Index(line, " RU") + 1
		}
		at := utf8.RuneCountInString(line[:i])
		if col == -1 {
			col = at
		}
		if at != col {
			t.Errorf("origin at column %d, not %d: %q", at, col, line)
		}
	}
	if !strings.Contains(buf.String(), "Unnamed actor: Cybercrime… CN? disputed") {
		t.Errorf("the long name is not cut with an ellipsis:\n%s", buf.String())
	}
}
