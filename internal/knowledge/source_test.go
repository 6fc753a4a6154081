package knowledge

import "testing"

func TestCitedName(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"https://securelist.com/analysis/publications/69953/the-naikon-apt/", "securelist.com: the naikon apt"},
		{"https://en.wikipedia.org/wiki/Carbanak", "en.wikipedia.org: Carbanak"},
		{"https://www.group-ib.com/resources/threat-research/Anunak_APT_against_financial_institutions.pdf", "group-ib.com: Anunak APT against financial institutions"},
		{"https://apt.360.net/report/apts/96.html", "apt.360.net/report/apts/96.html"},
		{"https://www.cfr.org/", "cfr.org"},
		{"https://securelist.com/winnti-faq-more-than-just-a-game/57585/", "securelist.com: winnti faq more than just a game"},
		{"not a url", "not a url"},
	} {
		if got := citedName(tc.url); got != tc.want {
			t.Errorf("citedName(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
}
