package web

import "testing"

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]bool{
		"/sectors/communication": true,
		"/search?q=ATK51":        true,
		"//evil.example":         false,
		"/\t/evil.example":       false,
		"/\n/evil.example":       false,
		"/\\evil.example":        false,
		"https://evil.example":   false,
		"":                       false,
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %v, want %v", in, got, want)
		}
	}
}
