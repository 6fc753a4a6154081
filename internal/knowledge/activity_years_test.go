package knowledge

import "testing"

// The year a text says its group is active since, and nothing for a year
// that dates something else.
func TestActivityYearsCases(t *testing.T) {
	for text, want := range map[string]int{
		"The researchers say the group, which has been active for 2016, uses custom malware.":                                                                        2016,
		"Group that CrowdStrike says has broken into at least 13 telecommunications companies around the world since 2019, and has been active since at least 2016.": 2016,
		"It was first seen in March 2018 and again in 2020.":                                                                                                         2018,
		"Published in 2021, the report covers attacks.":                                                                                                              0,
		"The group has operated since early 2014.":                                                                                                                   2014,
	} {
		if got, _ := ActivityYears(text); got != want {
			t.Errorf("%q: %d, want %d", text, got, want)
		}
	}
}
