package store

import (
	"strings"
	"testing"
)

// Both engines must have the same migrations, by name: a schema change
// made for one engine only fails here.
func TestMigrationsSameNames(t *testing.T) {
	sqlite, err := migrationNames("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	postgres, err := migrationNames("postgres")
	if err != nil {
		t.Fatal(err)
	}
	if len(sqlite) == 0 {
		t.Fatal("no migrations found")
	}
	in := func(names []string) map[string]bool {
		m := map[string]bool{}
		for _, n := range names {
			m[n] = true
		}
		return m
	}
	s, p := in(sqlite), in(postgres)
	for _, n := range sqlite {
		if !p[n] {
			t.Errorf("migrations/sqlite/%s has no twin in migrations/postgres", n)
		}
	}
	for _, n := range postgres {
		if !s[n] {
			t.Errorf("migrations/postgres/%s has no twin in migrations/sqlite", n)
		}
	}
	if strings.Join(sqlite, " ") != strings.Join(postgres, " ") && !t.Failed() {
		t.Errorf("migration order differs: %v vs %v", sqlite, postgres)
	}
}
