package extract

import (
	"fmt"
	"strings"
	"testing"
)

// claimKeys renders claims as "subject relation object polarity".
func claimKeys(r *Result) []string {
	var out []string
	for _, c := range r.Claims {
		out = append(out, fmt.Sprintf("%s %s %s %s", c.Subject, c.Relation, c.Object, c.Polarity))
	}
	return out
}

// TestClaimStructure holds the claim rules to the language patterns they
// read, each with a sentence written for the test.
func TestClaimStructure(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"SponsorNotAdvisoryAuthors",
			"Iran-sponsored group ATK51 keeps targeting ministries in Jordan, according to an advisory from the governments of Canada and Australia.",
			[]string{"MuddyWater sponsored-by Iran asserted"}},
		{"AnotherLinkedOperation",
			"APT41 is separate from the Silence campaign, another China-linked operation.",
			[]string{"APT41 distinct-from Silence asserted", "unnamed attributed-to China asserted"}},
		{"AlsoKnownAs", "APT41, also known as Winnti Group, breached carriers in Japan.", []string{"APT41 same-as Winnti Group asserted"}},
		{"AliasOfSameCluster", "MuddyWater, also tracked as TEMP.Zagros, sent lures.", []string{"MuddyWater same-as TEMP.Zagros asserted"}},
		{"FreshAlias", "ATK66 is also referred to as the Desert Falcons.", []string{"APT-C-23 same-as Desert Falcons asserted"}},
		{"Subgroup", "The group is likely a subgroup of APT41, Mandiant said.", []string{"unnamed part-of APT41 hedged"}},
		{"ActiveAttribution", "Proofpoint attributes the campaigns in this report to ATK51 with high confidence.", []string{"unnamed attributed-to ATK51 asserted"}},
		{"PassiveAttributionHedged", "The intrusions were allegedly attributed to APT41.", []string{"unnamed attributed-to APT41 hedged"}},
		{"DemonymActorNoun", "The Russian hacker group Silence stole cards.", []string{"Silence originates-from Russia asserted"}},
		{"Apposition", "APT41, a Chinese state-sponsored group, hit banks.", []string{"APT41 sponsored-by China asserted"}},
		{"IsAPredicate", "ATK51 is a prolific Iranian-speaking group.", []string{"MuddyWater originates-from Iran asserted"}},
		{"SuchAsList", "Several groups of Chinese origin such as APT41 and Winnti Group use it.",
			[]string{"APT41 originates-from China asserted", "Winnti Group originates-from China asserted"}},
		{"StateWithoutPlace", "State-sponsored groups such as APT41 reuse the tool.", []string{"APT41 sponsored-by unspecified state asserted"}},
		{"BasedIn", "The gang is reportedly based in Nigeria.", []string{"unnamed originates-from Nigeria hedged"}},
		{"NegatedVendor", "We are not conclusively attributing this attack to APT41.", []string{"unnamed attributed-to APT41 negated"}},
		{"PlaceInPassingIsNoClaim", "Natural gas reserves located in the Eastern Mediterranean matter to Turkey.", nil},
		{"RoleInGenericAttacksIsNoClaim", "Groups such as ATK51 have played a major role in attacks using WhatsApp.", nil},
		{"TargetingIsNoClaim", "APT41 targeted telecom operators in Japan and Taiwan.", nil},
		{"BehindNamedBreach", "The attackers behind the SolarWinds breach were linked to Russia.", []string{"unnamed attributed-to Russia asserted"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := claimKeys(Extract(tc.text, sampleDictionary()))
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestCountryRoles(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       string
	}{
		{"AdvisoryAuthorsAreOther", "Iran-sponsored group ATK51 keeps targeting ministries in Jordan, according to an advisory from the governments of Canada and Australia.",
			"Iran:origin Jordan:target Canada:other Australia:other"},
		{"VictimList", "The campaign targeted banks in Germany, Austria and Switzerland.", "Germany:target Austria:target Switzerland:target"},
		{"DemonymVictims", "APT41 sent lures to Italian organizations.", "Italy:target"},
		{"PossessiveVictim", "Ireland's health service was hit by ransomware.", "Ireland:target"},
		{"OriginAndTarget", "Chinese hackers also spy on Chinese dissidents.", "China:origin China:target"},
		{"InPassing", "The conference took place in France.", "France:other"},
		{"StoryRoleKept", "APT41 attacked carriers in Japan. Japan later published guidance.", "Japan:target Japan:target"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, m := range Extract(tc.text, sampleDictionary()).Countries {
				got = append(got, m.Name+":"+m.Role)
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("got  %q\nwant %q", strings.Join(got, " "), tc.want)
			}
		})
	}
}

func TestIntroducedNames(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       string
	}{
		{"GroupCallingItself", "Stolen data was sold by a group calling itself «Night Harvest» on Telegram.", "actor:Night Harvest"},
		{"BackdoorCalled", "The intruders installed a backdoor called FooRAT on the servers.", "malware:FooRAT"},
		{"CustomTool", "They then ran their custom tool BarDump against the database.", "tool:BarDump"},
		{"QuotedWholeName", "The actor sold a malware dubbed “Card & PIN Sniffer” on forums.", "malware:Card & PIN Sniffer"},
		{"TheGang", "The Copper Lantern gang demanded a ransom.", "actor:Copper Lantern"},
		{"KnownNameNotNew", "A group known as ATK51 sent lures.", ""},
		{"CommonWordNotAName", "The group, called by some researchers a loose collective, went quiet.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Extract(tc.text, sampleDictionary())
			var got []string
			for _, l := range [][]Mention{r.Actors, r.Malware, r.Tools} {
				for _, m := range l {
					if m.ID == "" {
						got = append(got, m.Kind+":"+m.Name)
					}
				}
			}
			if strings.Join(got, ",") != tc.want {
				t.Errorf("got %q, want %q", strings.Join(got, ","), tc.want)
			}
		})
	}
}
