package misp

import (
	"encoding/json"
	"os"
	"sort"
	"testing"

	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/testutil"
)

var clusterFiles = []string{"360net.json", "country.json", "malpedia.json", "mitre-intrusion-set.json", "producer.json", "sector.json", "threat-actor.json"}

// converted is what Convert made of one file.
type converted struct {
	raws    [][]byte
	objects map[string]map[string]any // by id
	order   []string
	rejects []*ValueError
}

func convertFile(tb testing.TB, name string) *converted {
	tb.Helper()
	f, err := os.Open(testutil.SharedFile(tb, "data/misp-galaxy/clusters/"+name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	return convertReader(tb, f, name)
}

func convertReader(tb testing.TB, r interface{ Read([]byte) (int, error) }, name string) *converted {
	tb.Helper()
	c := &converted{objects: map[string]map[string]any{}}
	if err := Convert(r, name, c.emit(tb), func(e *ValueError) { c.rejects = append(c.rejects, e) }); err != nil {
		tb.Fatalf("Convert(%s): %v", name, err)
	}
	return c
}

func (c *converted) emit(tb testing.TB) func(int, []byte) error {
	return func(i int, raw []byte) error {
		if i != len(c.raws) {
			tb.Errorf("emit index %d, want %d", i, len(c.raws))
		}
		c.raws = append(c.raws, raw)
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			tb.Fatalf("object %d is not JSON: %v: %s", i, err, raw)
		}
		id, _ := m["id"].(string)
		if _, dup := c.objects[id]; dup {
			tb.Errorf("object %d: %s emitted twice", i, id)
		}
		c.objects[id] = m
		c.order = append(c.order, id)
		return nil
	}
}

func (c *converted) countByType() map[string]int {
	n := map[string]int{}
	for _, m := range c.objects {
		n[m["type"].(string)]++
	}
	return n
}

func TestConvertClusterFilesValid(t *testing.T) {
	for _, name := range clusterFiles {
		c := convertFile(t, name)
		for i, raw := range c.raws {
			o, err := stix.Parse(raw)
			if err == nil {
				err = stix.Validate(o)
			}
			if err != nil {
				t.Errorf("%s object %d: %v: %s", name, i, err, raw)
			}
		}
		for _, r := range c.rejects {
			t.Errorf("%s: rejected %v", name, r)
		}
		n := c.countByType()
		keys := make([]string, 0, len(n))
		for k := range n {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		t.Logf("%s: %d objects, %v", name, len(c.raws), n)
	}
}
