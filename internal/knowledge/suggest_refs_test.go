package knowledge

import (
	"slices"
	"testing"
)

// An address names an actor by a run of its words ("apt-c-36"), and a
// run that spells no name, or a name of two clusters, names none.
func TestNamesInPath(t *testing.T) {
	byKey := map[string]string{"aptc36": "blind-eagle", "blindeagle": "blind-eagle", "turla": "turla", "kimsuky": ""}
	for _, c := range []struct {
		path string
		want []string
	}{
		{"/en_us/research/21/i/apt-c-36-updates-its-long-term-spam-campaign", []string{"blind-eagle"}},
		{"/2025/03/blind-eagle-hacks-colombian.html", []string{"blind-eagle"}},
		{"/blog/turla-and-kimsuky", []string{"turla"}},
		{"/blog/turlamalware", nil},
	} {
		if got := namesInPath(c.path, byKey); !slices.Equal(got, c.want) {
			t.Errorf("namesInPath(%q) = %v, want %v", c.path, got, c.want)
		}
	}
	if !plainWord("Summit") || plainWord("APT-C-36") || plainWord("Blind Eagle") {
		t.Error("plainWord: Summit is one plain word, APT-C-36 and Blind Eagle are not")
	}
}
