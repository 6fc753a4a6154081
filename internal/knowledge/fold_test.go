package knowledge

import "testing"

func TestFold(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{"ATK51", "atk51"},
		{"ATK 51", "atk51"},
		{"atk-51", "atk51"},
		{"TEMP.Zagros", "tempzagros"},
		{"TEMP Zagros", "tempzagros"},
		{"APT-C-23", "aptc23"},
		{"APT C 23", "aptc23"},
		{"APT_C_23", "aptc23"},
		{"  Static\tKitten\n", "statickitten"},
		{"Mango Sandstorm", "mangosandstorm"},
		{"IT - ISP", "itisp"},
		{"News - Media", "newsmedia"},
		{"Government, Administration", "governmentadministration"},
		{"Earth Estries/FamousSparrow", "earthestriesfamoussparrow"},
		{"O'Brien's", "obriens"},
		{"Télécoms", "telecoms"},
		{"Te\u0301le\u0301coms", "telecoms"}, // decomposed accents
		{"Straße", "strasse"},
		{"Œuvre", "oeuvre"},
		{"ＡＴＫ５１", "atk51"}, // full-width
		{"ATK٥١", "atk51"}, // Arabic-Indic digits
		{"ﬁnance", "finance"},
		{"Фэнси Беар", "фэнсибеар"},
		{"", ""},
		{" - . _ ", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.name); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
