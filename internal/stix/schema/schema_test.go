package schema

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/testutil"
)

func load(t *testing.T) *Validator {
	t.Helper()
	v, err := Load(filepath.Join(testutil.SharedDir(t), "data/stix2-json-schemas/schemas"))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestLoad(t *testing.T) {
	v := load(t)
	got := strings.Join(v.Types(), " ")
	for _, typ := range []string{"indicator", "relationship", "file", "marking-definition", "bundle"} {
		if !strings.Contains(" "+got+" ", " "+typ+" ") {
			t.Errorf("types %s lack %s", got, typ)
		}
	}
	t.Run("ErrNoSchemas", func(t *testing.T) {
		if _, err := Load(t.TempDir()); err == nil {
			t.Error("Load of an empty directory succeeded")
		}
	})
	t.Run("ErrMissingDirectory", func(t *testing.T) {
		if _, err := Load(filepath.Join(t.TempDir(), "nope")); err == nil {
			t.Error("Load of a missing directory succeeded")
		}
	})
}

// TestAcceptedExamples checks that the shared examples the OASIS validator
// accepts pass the schemas. STIX 2.0 content is left out: the OASIS
// validator checks it against its 2.0 schemas, these are the 2.1 ones.
func TestAcceptedExamples(t *testing.T) {
	v := load(t)
	dir := filepath.Join(testutil.SharedDir(t), "data", "stix-examples")
	f, err := os.Open(filepath.Join(dir, "VALIDATION.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	n := 0
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 4 || cols[0] != "0" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(cols[3])))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), `"spec_version": "2.0"`) {
			continue
		}
		n++
		for _, err := range v.ValidateBundle(strings.NewReader(string(data))) {
			t.Errorf("%s: %v", cols[3], err)
		}
	}
	if n < 100 {
		t.Errorf("checked only %d files", n)
	}
}

func TestBrokenObjects(t *testing.T) {
	v := load(t)
	const head = `"spec_version":"2.1","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z"`
	for _, tt := range []struct {
		name, obj, schema string
		want              []string
	}{
		{"ErrIndicatorMissingPattern", `{"type":"indicator","id":"indicator--a932fcc6-e032-476c-826f-cb970a5a1ade",` + head + `,"pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z"}`,
			"sdos/indicator.json", []string{"missing property 'pattern'"}},
		{"ErrBadUUID", `{"type":"malware","id":"malware--7d9fe1f7-429d-077e-db51-92c70b8da45a",` + head + `,"is_family":false}`,
			"sdos/malware.json", []string{"at '/id'"}},
		{"ErrTimestamp", `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573","spec_version":"2.1","created":"2020-01-01","modified":"2020-01-01T00:00:00.000Z","name":"x"}`,
			"sdos/tool.json", []string{"at '/created'"}},
		{"ErrHash", `{"type":"file","id":"file--e277603e-1060-5ad4-9937-c26c97f1ca68","hashes":{"SHA-256":"abc"}}`,
			"observables/file.json", []string{"at '/hashes/SHA-256'"}},
		{"ErrCustomObjectWithoutSpecVersion", `{"type":"x-acme-thing","id":"x-acme-thing--9b19d6b4-cfcb-492f-8ca8-8449e7331573","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z"}`,
			"common/core.json", []string{"missing property 'spec_version'"}},
		{"ErrConfidence", `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + head + `,"name":"x","confidence":101}`,
			"sdos/tool.json", []string{"at '/confidence'"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := v.ValidateObject([]byte(tt.obj))
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *schema.Error", err)
			}
			if se.Schema != tt.schema || se.Index != -1 {
				t.Errorf("schema = %s, index %d; want %s, -1", se.Schema, se.Index, tt.schema)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v\nwant it to contain %q", err, w)
				}
			}
		})
	}
	t.Run("ValidCustomObservable", func(t *testing.T) {
		if err := v.ValidateObject([]byte(`{"type":"x-fooz","id":"x-fooz--e2c4958a-f74e-42a0-b9d6-55f744adb228","ftp_command":"x"}`)); err != nil {
			t.Error(err)
		}
	})
}

func TestValidateBundle(t *testing.T) {
	v := load(t)
	const good = `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573","spec_version":"2.1","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"x"}`
	const bad = `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573","spec_version":"2.1","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z"}`
	t.Run("OneErrorPerBadObject", func(t *testing.T) {
		errs := v.ValidateBundle(strings.NewReader(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56e","objects":[` + good + "," + bad + "," + good + `]}`))
		var se *Error
		if len(errs) != 1 || !errors.As(errs[0], &se) || se.Index != 1 {
			t.Fatalf("errs = %v, want one error for object 1", errs)
		}
	})
	t.Run("ErrBundleID", func(t *testing.T) {
		errs := v.ValidateBundle(strings.NewReader(`{"type":"bundle","id":"bundle-1","objects":[` + good + `]}`))
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), "the bundle itself") || !strings.Contains(errs[0].Error(), "at '/id'") {
			t.Fatalf("errs = %v, want one error about the bundle id", errs)
		}
	})
	t.Run("ErrMalformedBundle", func(t *testing.T) {
		errs := v.ValidateBundle(strings.NewReader(`[` + good + `,`))
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), "unexpected end of input") {
			t.Fatalf("errs = %v, want the decoding error", errs)
		}
	})
}
