package extract

import (
	"slices"
	"testing"
)

func TestStolenData(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"InOrderOfFirstMention", "The group stole call records, SMS and metadata from 13 carriers. Its operators later sold customer data.",
			[]string{"call records", "SMS", "metadata", "customer data"}},
		{"OneLabelPerKind", "They exfiltrated call detail records and call logs.", []string{"call records"}},
		{"NoStealingNoData", "The carriers keep metadata and call records for two years.", []string{}},
		{"WordBoundaries", "Attackers stole messages from smsc servers.", []string{}},
		{"ListItemsApart", "1.The attack used phishing emails.\n2.Lures use info stolen from a website.", []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := StolenData(tc.text); !slices.Equal(got, tc.want) || got == nil {
				t.Errorf("StolenData(%q) = %#v, want %#v", tc.text, got, tc.want)
			}
		})
	}
}

func TestHTMLText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"PlainTextUnescaped", "AT&amp;T  and  Verizon", "AT&T  and  Verizon"},
		{"BlocksApart", "<p>The group hit carriers.</p><p>It stole <b>call records</b>.</p>", "The group hit carriers.\n\nIt stole call records."},
		{"ScriptsAndStylesDropped", "<div>Text<script>alert(1)</script><style>p{}</style></div>", "Text"},
		{"LineBreaks", "One<br>Two", "One\nTwo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HTMLText(tc.in); got != tc.want {
				t.Errorf("HTMLText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
