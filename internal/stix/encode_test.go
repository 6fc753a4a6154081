package stix

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestBundleWriter(t *testing.T) {
	var buf bytes.Buffer
	bw := NewBundleWriter(&buf)
	for _, o := range []string{`{"type":"x-a","id":"x-a--4c2d1f0e-1b7a-4e8c-9a55-2f3a9f1b6c01"}`, `{"type":"x-b"}`} {
		if err := bw.Write(json.RawMessage(o)); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("ErrNotAnObject", func(t *testing.T) {
		if err := bw.Write(json.RawMessage(`[1]`)); err == nil {
			t.Error("Write accepted a list")
		}
	})
	if err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	if bw.Count() != 2 {
		t.Errorf("Count = %d, want 2", bw.Count())
	}
	var b struct {
		Type    string            `json:"type"`
		ID      string            `json:"id"`
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(buf.Bytes(), &b); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, buf.Bytes())
	}
	if b.Type != "bundle" || CheckID(b.ID) != nil || !strings.HasPrefix(b.ID, "bundle--") || len(b.Objects) != 2 {
		t.Errorf("bundle = %+v", b)
	}
}
