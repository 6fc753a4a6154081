package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// TestObjectErrorByType: a problem with the input is told from a failing
// store by its type, never by its message, so a store error that happens
// to start like a parse error still ends the import instead of being
// counted as one rejected object.
func TestObjectErrorByType(t *testing.T) {
	_, parseErr := stix.Parse([]byte(`{"type":`))
	_, dupErr := stix.Limits{}.Parse([]byte(`{"type":"malware","type":"tool"}`))
	o, _ := stix.Parse([]byte(badID))
	validErr := stix.Validate(o)
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"ParseError", parseErr, true},
		{"WrappedParseError", fmt.Errorf("object 3: %w", parseErr), true},
		{"DuplicateKeyError", fmt.Errorf("%w (the object starts at byte 9 of the input)", dupErr), true},
		{"ValidationError", validErr, true},
		{"DecoderError", &objectError{msg: "byte 3: malformed JSON"}, true},
		{"ErrStoreMalformedJSON", errors.New("malformed JSON in the stored version of malware--1"), false},
		{"ErrStoreWrongPropertyType", errors.New("wrong property type in column raw"), false},
		{"ErrStoreNotAJSONObject", fmt.Errorf("read current: %w", errors.New("not a JSON object")), false},
		{"ErrInvalidCode", telltale.Errorf(telltale.EINVALID, "malformed JSON"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("no error to classify")
			}
			if got := isObjectError(tc.err); got != tc.want {
				t.Errorf("isObjectError(%q) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

// TestImportObjects: the objects of a TAXII envelope go through the
// import pipeline, each one's fate told in order to Each, with the
// reasons Problems gives.
func TestImportObjects(t *testing.T) {
	ctx := context.Background()
	outOfScope := strings.Replace(goodB, "x-telltale-test--4c2d1f0e", "x-telltale-test--5c2d1f0e", 1)
	raws := []json.RawMessage{json.RawMessage(goodA), json.RawMessage(`{"type":`), json.RawMessage(badID), json.RawMessage(outOfScope)}
	check := func(o *telltale.Object) error {
		if strings.HasPrefix(o.ID, "x-telltale-test--5") {
			return telltale.Errorf(telltale.EINVALID, "%s is out of scope", o.ID)
		}
		return nil
	}
	t.Run("EachObjectReported", func(t *testing.T) {
		db := openTest(t)
		var got []telltale.ImportedObject
		res, err := (&Importer{Store: db}).ImportObjects(ctx, "taxii:test", raws, Options{Check: check, Each: func(o telltale.ImportedObject) { got = append(got, o) }})
		if err != nil {
			t.Fatal(err)
		}
		if res.Added != 1 || res.Rejected != 3 {
			t.Errorf("result = %+v", res)
		}
		if len(got) != 4 {
			t.Fatalf("reported %d objects, want 4: %+v", len(got), got)
		}
		want := []telltale.ImportedObject{
			{Index: 0, ID: "malware--9b19d6b4-cfcb-492f-8ca8-8449e7331573", Version: "2020-01-01T00:00:00.000Z"},
			{Index: 1, Reason: res.Problems[0].Reason},
			{Index: 2, ID: "malware--not-a-uuid", Version: "2020-01-01T00:00:00.000Z", Reason: res.Problems[1].Reason},
			{Index: 3, ID: "x-telltale-test--5c2d1f0e-1b7a-4e8c-9a55-2f3a9f1b6c01", Version: "2020-01-01T00:00:00.000Z", Reason: "x-telltale-test--5c2d1f0e-1b7a-4e8c-9a55-2f3a9f1b6c01 is out of scope"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("reported\n%+v\nwant\n%+v", got, want)
		}
		if !strings.HasPrefix(got[1].Reason, "malformed JSON") {
			t.Errorf("parse failure reason = %q", got[1].Reason)
		}
		if objs, _ := db.Objects(ctx, telltale.ObjectFilter{IDs: []string{"malware--9b19d6b4-cfcb-492f-8ca8-8449e7331573"}}); len(objs) != 1 {
			t.Errorf("the valid object was not stored")
		}
	})
	t.Run("ErrOverLimitStoresNothing", func(t *testing.T) {
		db := openTest(t)
		im := &Importer{Store: db, Limits: stix.Limits{MaxNameBytes: 20}}
		big := strings.Replace(goodB, `"extensions"`, `"name":"`+strings.Repeat("a", 21)+`","extensions"`, 1)
		_, err := im.ImportObjects(ctx, "taxii:test", []json.RawMessage{json.RawMessage(goodA), json.RawMessage(big)}, Options{})
		if telltale.ErrorCode(err) != telltale.EINVALID || !strings.Contains(telltale.ErrorMessage(err), "object 1 (x-telltale-test--4c2d1f0e-1b7a-4e8c-9a55-2f3a9f1b6c01)") ||
			!strings.HasSuffix(telltale.ErrorMessage(err), "; nothing was stored") {
			t.Errorf("err = %v", err)
		}
		if s, _ := db.Stats(ctx); s.Objects != 0 {
			t.Errorf("%d objects stored", s.Objects)
		}
	})
}
