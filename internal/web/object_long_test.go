package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// The object page renders a long list property by its first items, says
// how many more there are and links the complete STIX object, which holds them
// all (issue 14, item 17).
func TestObjectPageShortensLongLists(t *testing.T) {
	a := newApp(t)
	const id = "malware--6c1f0a2e-5b3d-4e8f-9a7c-2d4b6e8f0a1c"
	aliases := make([]string, 250)
	for i := range aliases {
		// Long enough that the object (over web.RawShown) is not shown
		// inline as raw JSON, which would hold every alias.
		aliases[i] = fmt.Sprintf(`"alias-%04d-%s"`, i, strings.Repeat("x", 300))
	}
	items := make([]string, 150)
	for i := range items {
		items[i] = fmt.Sprintf(`{"k":"item-%04d"}`, i)
	}
	a.importJSON(t, `{"type":"malware","spec_version":"2.1","id":"`+id+`","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Long Lists","is_family":true,`+
		`"aliases":[`+strings.Join(aliases, ",")+`],"x_telltale_items":[`+strings.Join(items, ",")+`]}`)
	status, body, _ := a.get(t, "/objects/"+id)
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	mustContain(t, body, "alias-0099-", "item-0099", "too large to show here",
		"The first 100 of 250, and 150 more", "The first 100 of 150, and 50 more",
		`<a href="/api/v1/objects/`+id+`/stix">the object's JSON</a>`)
	for _, left := range []string{"alias-0100-", "item-0100"} {
		if strings.Contains(body, left) {
			t.Errorf("page shows %s, past the first 100", left)
		}
	}
	// Only the long ones have a note.
	if n := strings.Count(body, "The first 100 of"); n != 2 {
		t.Errorf("%d notes; want 2 (aliases and x_telltale_items)", n)
	}
}
