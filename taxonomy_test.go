package telltale

import (
	"strings"
	"testing"
)

func TestParseTaxonomy(t *testing.T) {
	t.Run("Embedded", func(t *testing.T) {
		if _, err := parseTaxonomy(sectorsJSON); err != nil {
			t.Fatal(err)
		}
	})
	tests := []struct {
		name, data, wantErr string
	}{
		{"ErrAmbiguousAlias", `{"sectors":[
			{"key":"a","name":"A","id":"identity--1","aliases":["Telecoms"]},
			{"key":"b","name":"B","id":"identity--2","aliases":["tele-coms"]}]}`, "ambiguous"},
		{"ErrAliasIsOtherKey", `{"sectors":[
			{"key":"a","name":"A","id":"identity--3"},
			{"key":"b","name":"B","id":"identity--4","aliases":["a"]}]}`, "ambiguous"},
		{"ErrDuplicateKey", `{"sectors":[{"key":"a","name":"A","id":"identity--5"},{"key":"a","name":"B","id":"identity--6"}]}`, "duplicate key"},
		{"ErrDuplicateName", `{"sectors":[{"key":"a","name":"A","id":"identity--7"},{"key":"b","name":" a ","id":"identity--8"}]}`, "ambiguous"},
		{"ErrDuplicateID", `{"sectors":[{"key":"a","name":"A","id":"identity--7"},{"key":"b","name":"B","id":"identity--7"}]}`, "same id"},
		{"ErrNoID", `{"sectors":[{"key":"a","name":"A"}]}`, "no identity id"},
		{"ErrParentAfterChild", `{"sectors":[{"key":"b","name":"B","id":"identity--9","parent":"a"},{"key":"a","name":"A","id":"identity--10"}]}`, "not defined before"},
		{"ErrBadKey", `{"sectors":[{"key":"Not A Slug","name":"A","id":"identity--11"}]}`, "not a slug"},
		{"ErrEmptyFold", `{"sectors":[{"key":"a","name":"A","id":"identity--12","aliases":["--"]}]}`, "folds to nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseTaxonomy([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
