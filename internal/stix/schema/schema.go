package schema

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Validator holds the compiled STIX 2.1 schemas.
type Validator struct {
	byType  map[string]*jsonschema.Schema // object type → schema
	files   map[string]string             // object type → schema file, for messages
	core    *jsonschema.Schema            // common/core.json: custom SDOs and SROs
	scoCore *jsonschema.Schema            // common/cyber-observable-core.json: custom SCOs
}

// Load compiles the schemas under dir (the "schemas" directory of
// cti-stix2-json-schemas: common/, sdos/, sros/, observables/).
func Load(dir string) (*Validator, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.UseLoader(noNetwork{})
	ids := map[string]string{} // relative path → $id
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("schema %s: %w", path, err)
		}
		m, _ := doc.(map[string]any)
		id, _ := m["$id"].(string)
		if id == "" {
			return fmt.Errorf("schema %s has no $id", path)
		}
		if err := c.AddResource(id, doc); err != nil {
			return fmt.Errorf("schema %s: %w", path, err)
		}
		rel, _ := filepath.Rel(dir, path)
		ids[filepath.ToSlash(rel)] = id
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no JSON schemas under %s", dir)
	}
	v := &Validator{byType: map[string]*jsonschema.Schema{}, files: map[string]string{}}
	for rel, id := range ids {
		sch, err := c.Compile(id)
		if err != nil {
			return nil, fmt.Errorf("compiling schema %s: %w", rel, err)
		}
		folder, file := path2(rel)
		typ := strings.TrimSuffix(file, ".json")
		switch {
		case folder == "sdos" || folder == "sros" || folder == "observables":
		case folder == "common" && (typ == "marking-definition" || typ == "language-content" || typ == "extension-definition" || typ == "bundle"):
		case rel == "common/core.json":
			v.core = sch
			continue
		case rel == "common/cyber-observable-core.json":
			v.scoCore = sch
			continue
		default:
			continue
		}
		v.byType[typ] = sch
		v.files[typ] = rel
	}
	if v.core == nil || v.scoCore == nil {
		return nil, fmt.Errorf("%s lacks common/core.json or common/cyber-observable-core.json", dir)
	}
	return v, nil
}

func path2(rel string) (folder, file string) {
	i := strings.LastIndexByte(rel, '/')
	if i < 0 {
		return "", rel
	}
	return rel[:i], rel[i+1:]
}

// noNetwork refuses every URL not registered by Load: the schemas must all
// be local.
type noNetwork struct{}

func (noNetwork) Load(url string) (any, error) {
	return nil, fmt.Errorf("schema %s is not among the local schemas (no network access)", url)
}

// Types lists the object types that have their own schema.
func (v *Validator) Types() []string {
	out := make([]string, 0, len(v.byType))
	for t := range v.byType {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Error is a schema violation of one object: which object, which schema,
// and each failing rule with the JSON pointer of the value it concerns.
type Error struct {
	Index    int    // position in the bundle, or -1 for a lone object
	ID, Type string // the object's id and type, when it has them
	Schema   string // the schema file used, e.g. "sdos/indicator.json"
	Problems []string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Index >= 0 {
		fmt.Fprintf(&b, "object %d ", e.Index)
	}
	if e.ID != "" {
		b.WriteString(e.ID + " ")
	}
	fmt.Fprintf(&b, "breaks %s: %s", e.Schema, strings.Join(e.Problems, "; "))
	return b.String()
}

// ValidateObject checks one object (its JSON) against the schema of its
// type. Custom types are checked, as the OASIS validator does, against
// common/cyber-observable-core.json when they have neither created nor
// modified, and against common/core.json otherwise. It returns nil or an
// *Error.
func (v *Validator) ValidateObject(raw []byte) error {
	return v.validate(raw, -1)
}

func (v *Validator) validate(raw []byte, index int) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return &Error{Index: index, Schema: "(none)", Problems: []string{"malformed JSON: " + err.Error()}}
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return &Error{Index: index, Schema: "(none)", Problems: []string{"not a JSON object"}}
	}
	typ, _ := m["type"].(string)
	id, _ := m["id"].(string)
	sch, file := v.byType[typ], v.files[typ]
	if sch == nil {
		_, created := m["created"]
		_, modified := m["modified"]
		if !created && !modified && typ != "marking-definition" {
			sch, file = v.scoCore, "common/cyber-observable-core.json"
		} else {
			sch, file = v.core, "common/core.json"
		}
	}
	err = sch.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return &Error{Index: index, ID: id, Type: typ, Schema: file, Problems: []string{err.Error()}}
	}
	return &Error{Index: index, ID: id, Type: typ, Schema: file, Problems: leaves(ve)}
}

// leaves lists the innermost failures of a validation error, one line each:
// "at '/external_references/0/external_id': does not match pattern ...".
func leaves(ve *jsonschema.ValidationError) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		leaf := &jsonschema.ValidationError{SchemaURL: e.SchemaURL, InstanceLocation: e.InstanceLocation, ErrorKind: e.ErrorKind}
		msg := leaf.Error()
		if !seen[msg] {
			seen[msg] = true
			out = append(out, msg)
		}
	}
	walk(ve)
	return out
}

// ValidateBundle checks every object of a bundle (or array, or single
// object) read from r as a stream, and returns one error per object that
// breaks its schema, each an *Error naming the object's index; a decoding
// error ends the list. The bundle's own properties (type, id) are checked
// against common/bundle.json at the end.
func (v *Validator) ValidateBundle(r io.Reader) []error {
	var errs []error
	d := stix.NewDecoder(r)
	for {
		raw, err := d.Next()
		if errors.Is(err, io.EOF) {
			if env := d.Envelope(); env != nil {
				if err := v.validate(env, -1); err != nil {
					errs = append(errs, fmt.Errorf("the bundle itself: %w", err))
				}
			}
			return errs
		} else if err != nil {
			return append(errs, err)
		}
		if err := v.validate(raw, d.Index()); err != nil {
			errs = append(errs, err)
		}
	}
}
