package stix

import "testing"

func TestNamedID(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"MuddyWater", "intrusion-set--ac5dbac9-ca65-5571-a916-968297b1fd75"},
		{"  muddywater ", "intrusion-set--ac5dbac9-ca65-5571-a916-968297b1fd75"},
		{"LightBasin", "intrusion-set--0d9e9a03-0bff-5feb-b4bb-0f240933f5e7"},
	} {
		if got := NamedID("intrusion-set", tt.name); got != tt.want {
			t.Errorf("NamedID(%q) = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestCanonicalJSON(t *testing.T) {
	got := string(CanonicalJSON(map[string]any{"name": "é\"x", "identity_class": "class", "n": 3}))
	want := `{"identity_class":"class","n":3,"name":"\u00e9\"x"}`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
