package extract

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/testutil"
)

// sampleDictionary is a small knowledge: two Thales names with their
// clusters, a sector taxonomy slice, and names meant to trap the matcher.
func sampleDictionary() *Dictionary {
	return NewDictionary([]Entry{
		{Kind: KindActor, Name: "MuddyWater", Canonical: "MuddyWater", ID: "G0069"},
		{Kind: KindActor, Name: "ATK51", Canonical: "MuddyWater", ID: "G0069"},
		{Kind: KindActor, Name: "TEMP.Zagros", Canonical: "MuddyWater", ID: "G0069"},
		{Kind: KindActor, Name: "APT-C-23", Canonical: "APT-C-23", ID: "apt-c-23"},
		{Kind: KindActor, Name: "ATK66", Canonical: "APT-C-23", ID: "apt-c-23"},
		{Kind: KindActor, Name: "APT41", Canonical: "APT41", ID: "G0096"},
		{Kind: KindActor, Name: "Silence", Canonical: "Silence", ID: "G0091"},
		{Kind: KindActor, Name: "Silence Group", Canonical: "Silence", ID: "G0091"},
		{Kind: KindActor, Name: "ZINC", Canonical: "Lazarus Group", ID: "G0032"},
		{Kind: KindActor, Name: "HAFNIUM", Canonical: "HAFNIUM", ID: "G0125"},
		{Kind: KindActor, Name: "Fancy Bear", Canonical: "APT28", ID: "G0007"},
		{Kind: KindActor, Name: "FANCY BEAR", Canonical: "APT28", ID: "G0007"},
		{Kind: KindMalware, Name: "MANTIS", Canonical: "MANTIS", ID: "S9998"},
		// aliases some group once had, that must never match prose
		{Kind: KindActor, Name: "will", Canonical: "Odd Group"},
		{Kind: KindActor, Name: "Victim", Canonical: "Odd Group"},
		{Kind: KindActor, Name: "Ocean", Canonical: "Odd Group"},
		{Kind: KindActor, Name: "APT", Canonical: "Odd Group"},
		{Kind: KindMalware, Name: "Cobalt Strike", Canonical: "Cobalt Strike", ID: "S0154"},
		{Kind: KindTool, Name: "Mimikatz", Canonical: "Mimikatz", ID: "S0002"},
		{Kind: KindTool, Name: "China Chopper", Canonical: "China Chopper", ID: "S0020"},
		{Kind: KindSector, Name: "Telecommunications", Canonical: "Telecommunications", ID: "telecommunications"},
		{Kind: KindSector, Name: "telecom", Canonical: "Telecommunications", ID: "telecommunications"},
		{Kind: KindSector, Name: "telecommunication", Canonical: "Telecommunications", ID: "telecommunications"},
		{Kind: KindSector, Name: "telecom operators", Canonical: "Telecommunications", ID: "telecommunications"},
		{Kind: KindSector, Name: "carriers", Canonical: "Telecommunications", ID: "telecommunications"},
		{Kind: KindSector, Name: "messaging apps", Canonical: "Messaging", ID: "messaging"},
		{Kind: KindSector, Name: "messaging applications", Canonical: "Messaging", ID: "messaging"},
		{Kind: KindSector, Name: "finance", Canonical: "Financial services", ID: "finance"},
		{Kind: KindSector, Name: "various sectors", Canonical: multiSector, ID: "multi-sector"},
		{Kind: KindSector, Name: "defense sector", Canonical: "Defense", ID: "defense"},
		{Kind: KindSector, Name: "Defense", Canonical: "Defense", ID: "defense", ListOnly: true},
		{Kind: KindSector, Name: "financial", Canonical: "Financial services", ID: "finance", ListOnly: true},
		{Kind: KindSector, Name: "legal", Canonical: "Legal services", ID: "legal", ListOnly: true},
		// "Winnti" is the Winnti Group's name and, for some sources, a
		// synonym of APT41; "Blackfly" is a synonym of both.
		{Kind: KindActor, Name: "Winnti Group", Canonical: "Winnti Group", ID: "G0044"},
		{Kind: KindActor, Name: "Winnti", Canonical: "APT41", ID: "G0096"},
		{Kind: KindActor, Name: "Blackfly", Canonical: "APT41", ID: "G0096"},
		{Kind: KindActor, Name: "Blackfly", Canonical: "Winnti Group", ID: "G0044"},
		{Kind: KindActor, Name: "Electrum", Canonical: "Sandworm Team", ID: "G0034"},
		// a name made of common words
		{Kind: KindActor, Name: "Hacking Team", Canonical: "Hacking Team", ID: "hacking-team"},
		{Kind: KindMalware, Name: "DarkSide", Canonical: "DarkSide", ID: "S9999"},
		{Kind: KindSector, Name: "law enforcement", Canonical: "Law enforcement", ID: "law-enforcement"},
		{Kind: KindSector, Name: "hosting providers", Canonical: "Digital infrastructure", ID: "digital-infrastructure"},
		{Kind: KindTechnique, Name: "Spearphishing Attachment", Canonical: "Spearphishing Attachment", ID: "T1566.001"},
	})
}

func TestNames(t *testing.T) {
	d := sampleDictionary()
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"AliasGivesCanonical", "ATK51 and Temp.Zagros and TEMP Zagros", []string{"actor MuddyWater", "actor MuddyWater", "actor MuddyWater"}},
		{"SeparatorVariants", "APT C 23, APTC23 and apt-c-23", []string{"actor APT-C-23", "actor APT-C-23"}},
		{"AcronymIsCaseSensitive", "atk51 is not ATK51", []string{"actor MuddyWater"}},
		{"StopWordsNeverMatch", "The victim will cross the Ocean; an APT did it.", nil},
		{"CommonWordOnlyCapitalisedInside", "Silence fell. The group Silence struck; silence again.", []string{"actor Silence"}},
		{"ActorCapitalsAlsoCapitalisedInside", "Hafnium fell. The group Hafnium struck; hafnium again, then HAFNIUM, not HaFNIUM.", []string{"actor HAFNIUM", "actor HAFNIUM"}},
		{"CommonWordBeforeToolingHasContext", "The loader matches public reporting on HAFNIUM tooling.", []string{"actor HAFNIUM"}},
		{"ToolingFarFromCommonWordNoContext", "Hafnium oxide films need careful deposition tooling.", nil},
		{"ShortActorCapitalsAsWritten", "The group Zinc struck; the ZINC group too.", []string{"actor Lazarus Group"}},
		{"MalwareCapitalsStayAsWritten", "The malware Mantis, then the MANTIS malware.", []string{"malware MANTIS"}},
		{"TwoSpellingsOneMention", "Fancy Bear struck.", []string{"actor APT28"}},
		{"CommonPhraseOnlyCapitalised", "A North Korean hacking team struck. Hacking Team sold spyware.", []string{"actor Hacking Team", "country North Korea"}},
		{"WordBoundaries", "APT41x and xAPT41 and APT41.", []string{"actor APT41"}},
		{"LongestMatch", "deployed Cobalt Strike beacons", []string{"malware Cobalt Strike"}},
		{"CaseInsensitiveLongNames", "ran mimikatz.exe", []string{"tool Mimikatz"}},
		{"SectorPhrases", "telecom operators and messaging apps", []string{"sector Telecommunications", "sector Messaging"}},
		{"Demonyms", "Iranian and China-based actors, the Chinese-speaking crew", []string{"country Iran", "country China", "country China"}},
		{"LowerCaseCountryIgnored", "fine china and turkey", nil},
		{"NameInLinkTargetIgnored", "Read [the report](/post/APT41-report) or https://example.com/APT41/ now.", nil},
		{"NameInLinkTextKept", "Read [APT41](https://example.com/) now.", []string{"actor APT41"}},
		{"SectorInPublicBodyNameIgnored", "The phishing spoofed the Ministry of Telecommunications.", nil},
		{"SectorBeforeThingWordIgnored", "The phishing lures used finance themes.", nil},
		{"CatchAllDroppedBesideNamedSectors", "They target various sectors such as finance.", []string{"sector Financial services"}},
		{"SectorPastAbbreviationBeforeThingWord", "The phishing hit a telecom operators (TO) platform.", nil},
		{"ImpersonatedSectorIgnored", "The phishing impersonates telecom operators.", nil},
		{"VictimAfterDisguiseKept", "Emails spoofing a courier targeted telecom operators.", []string{"sector Telecommunications"}},
		{"GenericSectorNameInList", "They target defense and telecom operators.", []string{"sector Defense", "sector Telecommunications"}},
		{"GenericSectorNameBeforeSectorNoun", "They target defense contractors and the government sector.", []string{"sector Defense"}},
		{"ListWordInList", "Attacks on the financial and telecom sectors.", []string{"sector Financial services", "sector Telecommunications"}},
		{"ListWordAloneIgnored", "The attack had financial motives.", nil},
		{"OwnNameWinsAmbiguousAlias", "Winnti struck again.", []string{"actor Winnti Group"}},
		{"AmbiguousSynonymKeepsAll", "The Blackfly group struck again.", []string{"actor APT41", "actor Winnti Group"}},
		{"SecondaryAliasNeedsContext", "Wallets stolen: Electrum, Exodus. Blackfly struck again.", nil},
		{"SecondaryAliasWithContext", "The activity is tracked as Blackfly; Blackfly struck again.", []string{"actor APT41", "actor Winnti Group", "actor APT41", "actor Winnti Group"}},
		{"OperationNamedAfterMalware", "DarkSide affiliates struck, then the operators of the DarkSide RaaS left.", []string{"actor DarkSide", "actor DarkSide", "malware DarkSide", "malware DarkSide"}},
		{"OperationAsAgentOfPeoplesVerb", "After the outage, DarkSide claimed the attack and demanded payment. DarkSide later said it had the data.", []string{"actor DarkSide", "actor DarkSide", "malware DarkSide", "malware DarkSide"}},
		{"MalwareDoingWhatProgramsDoStaysMalware", "DarkSide encrypted the files; a sample of DarkSide said nothing. The broker selling DarkSide claims it works.", []string{"malware DarkSide", "malware DarkSide", "malware DarkSide"}},
		{"CommonWordNameAfterIntrusions", "Investigators attributed the intrusions to HAFNIUM.", []string{"actor HAFNIUM"}},
		{"CommonWordNameAfterOverlap", "The loader shows some overlap with HAFNIUM.", []string{"actor HAFNIUM"}},
		{"MalwarePostsAndTellsAsPrograms", "Once installed, DarkSide posts system information to its server. DarkSide then told the operators which hosts were domain controllers.", []string{"malware DarkSide", "malware DarkSide"}},
		{"OperationAsAgentAfterACurlyQuote", "“DarkSide claimed the attack,” the post said.", []string{"actor DarkSide", "malware DarkSide"}},
		{"MalwareAloneStaysMalware", "The DarkSide ransomware encrypted files; the group tag was set.", []string{"malware DarkSide"}},
		{"LureThemeIgnored", "The phishing lures included financial, telecom and health claim themes.", nil},
		{"ThemedLureTargetingKept", "Finance-themed lures targeted telecom operators.", []string{"sector Telecommunications"}},
		{"TargetWithThemedLuresKept", "The group targeted telecom operators with COVID-themed lures.", []string{"sector Telecommunications"}},
		{"TargetUsingThemedDocumentsKept", "APT41 targeted telecom operators using tax-themed documents.", []string{"actor APT41", "sector Telecommunications"}},
		{"LegalEntitiesNotASector", "The group targeted individuals and legal entities in Russia.", []string{"country Russia"}},
		{"LegalFirmsASector", "The group targeted legal firms.", []string{"sector Legal services"}},
		{"GenericSectorNameAloneIgnored", "The attack used defense evasion against telecom operators.", []string{"sector Telecommunications"}},
		{"ResponderSectorWithoutVictimIgnored", "A law enforcement agency seized the servers.", nil},
		{"AttackerHostingIgnored", "The two clusters share hosting providers and registrars.", nil},
		{"HostingAsVictimKept", "The ransomware attack hit hosting providers.", []string{"sector Digital infrastructure"}},
		{"ResponderSectorAsVictimKept", "The ransomware attack hit a law enforcement agency.", []string{"sector Law enforcement"}},
		{"SectorWordInProperNameIgnored", "The ransomware attack hit Düsseldorf Telecom and the Acme Telecommunications network.", nil},
		{"CapitalisedSectorAtSentenceStartKept", "Telecom operators were attacked. The Telecom sector too.", []string{"sector Telecommunications", "sector Telecommunications"}},
		{"SponsorSectorIgnored", "The attack came from actors aligned with telecom operators and a telecom-backed crew.", nil},
		{"SectorWordBeforeOfNameIgnored", "The phishing attack hit Telecom of Freedonia.", nil},
		{"CatchAllKeptAlone", "They target various sectors.", []string{"sector " + multiSector}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Extract(tc.text, d)
			var got []string
			for _, list := range [][]Mention{r.Actors, r.Malware, r.Tools, r.Sectors, r.Countries} {
				for _, m := range list {
					got = append(got, m.Kind+" "+m.Name)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestMentionSpans(t *testing.T) {
	text := "Researchers tied ATK51 to Iran. The group targets telecom operators."
	r := Extract(text, sampleDictionary())
	for _, m := range append(append(r.Actors, r.Countries...), r.Sectors...) {
		if text[m.Start:m.End] != m.Mention {
			t.Errorf("%s: span %q, mention %q", m.Name, text[m.Start:m.End], m.Mention)
		}
	}
	if got, want := r.Actors[0].Sentence, "Researchers tied ATK51 to Iran."; got != want {
		t.Errorf("sentence: got %q, want %q", got, want)
	}
}

func TestTechniques(t *testing.T) {
	r := Extract("The lure used a Spearphishing Attachment (T1566.001); the loader injects into explorer.exe and sets a Run key.", sampleDictionary())
	got := TechniqueIDs(r.Techniques, 1)
	for _, want := range []string{"T1566.001", "T1055", "T1547.001"} {
		if !slices.Contains(got, want) {
			t.Errorf("got %v, want %s among them", got, want)
		}
	}
	for _, tq := range r.Techniques {
		if tq.ID == "T1566.001" && tq.Name != "Spearphishing Attachment" {
			t.Errorf("got name %q, want the dictionary's", tq.Name)
		}
	}
}

func TestCounts(t *testing.T) {
	d := sampleDictionary()
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"DigitsWithAdjectives", "They breached 13 different global telecommunications companies.", []string{"13|13|companies|Telecommunications|false"}},
		{"VagueQuantity", "It exposed millions of subscribers.", []string{"millions|2000000|subscribers||true"}},
		{"WordsAndBound", "The group compromised more than 100 organizations and two telecom operators.", []string{"100|100|organizations||true", "two|2|operators|Telecommunications|false"}},
		{"YearsAreNotCounts", "In 2016 the group hit firms for two years.", nil},
		{"GeneralQuantityIsNoVictimCount", "Carriers are a gateway to millions of other businesses.", nil},
		{"NoAttackNoVictimCount", "The vendor serves 400 telecom operators.", nil},
		// The farthest a count reads: a multiplier, "of", four words, the
		// noun and the next word (a noun again, past reach).
		{"FarthestReach", "The breach exposed 2 million of the big rural telecom carrier customers.", []string{"2 million|2000000|carrier|Telecommunications|false"}},
		{"AtTheStart", "Dozens of hospitals were hit by ransomware.", []string{"Dozens|24|hospitals||true"}},
		{"ADozen", "A dozen banks were breached, then 3 of 7 firms.", []string{"dozen|12|banks||true", "7|7|firms||false"}},
		{"DataVolumeIsNoCount", "The gang stole 300 GB of customer data in the attack.", nil},
		{"HitAtTheSentenceEnd", "Nearly 9,000 customers of the ISP were hit.", []string{"9,000|9000|customers||true"}},
		{"LostTheirData", "Some 3,500 subscribers lost their data in June.", []string{"3,500|3500|subscribers||true"}},
		{"LostNoData", "Some 3,500 subscribers lost their signal in the storm.", nil},
		{"LostDataService", "When a fibre cable was cut, 3,000 subscribers lost data service for six hours.", nil},
		{"StormHit", "The carrier said the storm hit, and 12,000 customers lost power.", nil},
		{"AtRiskIsNoCount", "The attack hit 40 firms. Experts warned that millions of businesses remain exposed to similar attacks.", []string{"40|40|firms||false"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, c := range Extract(tc.text, d).Counts {
				got = append(got, fmt.Sprintf("%s|%d|%s|%s|%v", c.Number, c.Value, c.Noun, c.Sector, c.Approx))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func claimsOf(text string) []string {
	var got []string
	for _, c := range Extract(text, sampleDictionary()).Claims {
		got = append(got, fmt.Sprintf("%s->%s %s by=%s", c.Subject, c.Object, c.Polarity, c.By))
	}
	return got
}

func TestClaims(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"Asserted", "Mandiant attributed the intrusion to APT41.", []string{"unnamed->APT41 asserted by=Mandiant"}},
		{"AssertedCountry", "CrowdStrike said ATK51 is an Iranian state-sponsored group.", []string{"MuddyWater->Iran asserted by=CrowdStrike"}},
		{"Hedged", "The group is possibly China-based, ESET said.", []string{"unnamed->China hedged by=ESET"}},
		{"SayerNoDictionaryHolds", "Security firm Acme Labs studied the intrusions. Acme said the group is probably operating out of Vietnam.",
			[]string{"unnamed->Vietnam hedged by=Acme"}},
		{"SayerAfterTheComma", "The group is probably operating out of Vietnam, Acme Labs said.", []string{"unnamed->Vietnam hedged by=Acme Labs"}},
		{"CommonWordIsNoSayer", "Officials said the group is probably operating out of Vietnam.", []string{"unnamed->Vietnam hedged by=the publisher"}},
		{"ResearchersAtAFirm", "Security researchers at Redline Intelligence said APT41 is probably based in China.", []string{"APT41->China hedged by=Redline Intelligence"}},
		{"PairOfSpeakers", "Mandiant and Norway's National Security Authority said the group is probably based in China.", []string{"unnamed->China hedged by=Mandiant"}},
		{"StateVoiceSpeaks", "The UK government attributed the attack to APT41.", []string{"unnamed->APT41 asserted by=UK government"}},
		{"StatesBodiesSpeak", "We note that the national CERTs of Peru and Chile have publicly linked the intrusions to APT41.", []string{"unnamed->APT41 asserted by=national CERTs of Peru and Chile"}},
		{"StatesGovernmentsSpeak", "- The governments of Canada and the United Kingdom attribute APT41 to China.", []string{"APT41->China asserted by=governments of Canada and the United Kingdom"}},
		{"StatesBodyAsVictim", "APT41 breached the authorities of Peru and Chile. The group is probably based in China.", []string{"APT41->China hedged by=the publisher"}},
		{"StatesBodiesAsVictimsAreNoVoice", "The intrusions into the governments of Peru and Chile linked to APT41 were disclosed by the ministry.", []string{"unnamed->APT41 asserted by=the publisher"}},
		{"RuledOutBySomeone", "The ministry's wiper hit two carriers. Mandiant ruled out APT41.", []string{"unnamed->APT41 negated by=Mandiant"}},
		{"StateVoiceInAnInterview", "Q: Chilean officials have said APT41 is behind the intrusions.", []string{"unnamed->APT41 asserted by=Chilean officials"}},
		{"RelativeSayer", "Reuters cited Mandiant, which said it attributes the intrusion to APT41.", []string{"unnamed->APT41 asserted by=Mandiant"}},
		{"ConnectingIsACue", "There is no evidence connecting APT41 to China.", []string{"APT41->China negated by=the publisher"}},
		{"SpeakerOfAnAnalysis", "APT41 is believed to be aligned with the Iranian state, according to the ministry’s latest analysis.", []string{"APT41->Iran hedged by=the ministry"}},
		{"SpeakerWithoutPossessive", "APT41 is believed to be aligned with the Iranian state, according to two people familiar with the matter.", []string{"APT41->Iran hedged by=two people familiar with the matter"}},
		{"MaybeHedges", "A lecturer in Osaka told us that maybe the crew is Vietnamese.", []string{"unnamed->Vietnam hedged by=the publisher"}},
		{"MaybeAtTheStart", "Maybe APT41 works for China, Mandiant wrote.", []string{"APT41->China hedged by=Mandiant"}},
		{"MaybeInAWordIsNoHedge", "The crew is Vietnamese, and hit Maybelline.", []string{"unnamed->Vietnam asserted by=the publisher"}},
		{"HedgedLanguage", "The developer has some knowledge of the Chinese language.", []string{"unnamed->China hedged by=the publisher"}},
		{"Negated", "CrowdStrike does not claim a link between the hackers and China.", []string{"unnamed->China negated by=CrowdStrike"}},
		{"NegatedIntent", "The report was not intended to suggest that the Chinese government played a role.", []string{"unnamed->China negated by=the publisher"}},
		{"Denied", "Officials blamed Russian hackers. The Russian embassy denied any involvement.", []string{"unnamed->Russia asserted by=the publisher", "unnamed->Russia denied by=The Russian embassy"}},
		{"VictimCountryIsNoClaim", "APT41 targeted telecom operators in Japan.", nil},
		{"VictimCountryListIsNoClaim", "ATK51 has targeted telecom operators in Israel and Saudi Arabia.", nil},
		{"AgencyNameIsNoClaim", "An official from the US Cybersecurity and Infrastructure Security Agency commented.", nil},
		{"HedgedConfidence", "We attribute this activity with moderate confidence to APT41.", []string{"unnamed->APT41 hedged by=the publisher"}},
		{"NegatedNoEvidence", "There is no evidence linking the campaign to North Korea.", []string{"unnamed->North Korea negated by=the publisher"}},
		{"DeniedByCapital", "Beijing has denied the allegations.", []string{"unnamed->China denied by=Beijing"}},
		{"DeniedDismissed", "The Kremlin dismissed the accusations, saying Russia was not involved.", []string{"unnamed->Russia denied by=The Kremlin"}},
		{"NamingClauseIsNoVoice", "The intruders used a backdoor that Mandiant calls FooRAT. The group is probably based in Iran.", []string{"unnamed->Iran hedged by=the publisher"}},
		{"NamingAsTheyCallIt", "The intruders used a loader, or FooLoad as Mandiant calls it. The group is probably based in Iran.", []string{"unnamed->Iran hedged by=the publisher"}},
		{"DescriptionInAReducedRelative", "We attribute the theft to APT41, a cluster the FBI has described as financially motivated. The group is probably based in China.",
			[]string{"unnamed->APT41 asserted by=the publisher", "APT41->China hedged by=the publisher"}},
		{"AViewAVendorRejects", "We attribute the intrusion to APT41, a view that CrowdStrike, which has studied the group, does not share. The group is probably based in China.",
			[]string{"unnamed->APT41 asserted by=the publisher", "APT41->China hedged by=the publisher"}},
		{"SayerAfterTheVerb", "\"We found no evidence tying this intrusion to North Korea,\" said Vantor's chief researcher, Dana Peretz.", []string{"unnamed->North Korea negated by=Vantor"}},
		{"SayerAfterTheVerbNamed", "The group is probably based in China, said Acme Labs.", []string{"unnamed->China hedged by=Acme Labs"}},
		{"SourcesFamiliar", "Two people familiar with the investigation told reporters the attack was possibly the work of APT41.", []string{"unnamed->APT41 hedged by=Two people familiar with the investigation"}},
		{"TranscriptWitnessSpeaksForTheBody", "Chair: Welcome.\nMaria Lund (Head of Threat Analysis, Baltic Telecom Authority): The outage hit two carriers.\nChair: Thank you.\nMr Berg: A question for Ms Lund.\nLund: APT41 is probably based in China.",
			[]string{"APT41->China hedged by=Baltic Telecom Authority"}},
		{"GlossaryIsNoTranscript", "Beacon: A loader.\nRedLeaves (also called Orz): A backdoor.\nPlugX: A backdoor.\nQuasar: A RAT.\nThe group is probably based in China.",
			[]string{"unnamed->China hedged by=the publisher"}},
		{"DemonymBeforeActorWord", "Chinese state-sponsored hackers breached carriers, the FBI said.", []string{"unnamed->China asserted by=Federal Bureau of Investigation"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := claimsOf(tc.text)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestSampleTelecomRecordsTheft(t *testing.T) {
	b, err := os.ReadFile(testutil.SharedFile(t, "samples/telecom-records-theft-news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	r := Extract(text, sampleDictionary())

	t.Run("HedgedChinaNexus", func(t *testing.T) {
		// "a gang of hackers, potentially based in China" is the
		// journalist's hedge, not CrowdStrike's: the story reports the
		// vendor's findings, so its own words are the publisher's.
		if !hasClaim(r, "China", Hedged, "the publisher") {
			t.Errorf("got %v, want a hedged claim tying the group to China by the publisher", claimSummary(r))
		}
		for _, c := range r.Claims {
			if c.Polarity == Hedged && c.By == "CrowdStrike" {
				t.Errorf("got %+v: the journalist's hedge credited to the vendor", c)
			}
		}
	})
	t.Run("VendorNegationKept", func(t *testing.T) {
		if !hasClaim(r, "China", Negated, "CrowdStrike") {
			t.Errorf("got %v, want CrowdStrike's negated claim", claimSummary(r))
		}
	})
	t.Run("NoAssertedAttribution", func(t *testing.T) {
		for _, c := range r.Claims {
			if c.Polarity == Asserted {
				t.Errorf("got asserted claim %+v", c)
			}
		}
	})
	t.Run("ThirteenTelecomCompanies", func(t *testing.T) {
		found := false
		for _, c := range r.Counts {
			if c.Value == 13 && c.Sector == "Telecommunications" && c.Noun == "companies" {
				found = true
			}
		}
		if !found {
			t.Errorf("got counts %+v, want 13 telecommunications companies", r.Counts)
		}
	})
	t.Run("SectorAndSources", func(t *testing.T) {
		if got := Names(r.Sectors); !slices.Contains(got, "Telecommunications") {
			t.Errorf("got sectors %v", got)
		}
		if got := Names(r.Organizations); !slices.Contains(got, "CrowdStrike") || !slices.Contains(got, "Cybersecurity and Infrastructure Security Agency") {
			t.Errorf("got organizations %v", got)
		}
		if len(r.Actors) != 0 {
			t.Errorf("got actors %v, want none (the group is unnamed)", Names(r.Actors))
		}
	})
	t.Run("SpansMatchText", func(t *testing.T) {
		for _, m := range append(append(r.Sectors, r.Countries...), r.Organizations...) {
			if text[m.Start:m.End] != m.Mention {
				t.Errorf("span %d:%d is %q, mention %q", m.Start, m.End, text[m.Start:m.End], m.Mention)
			}
		}
	})
}

func TestSampleCommunicationSectorPage(t *testing.T) {
	b, err := os.ReadFile(testutil.SharedFile(t, "samples/communication-sector-page.txt"))
	if err != nil {
		t.Fatal(err)
	}
	r := Extract(string(b), sampleDictionary())
	t.Run("ThalesNamesResolve", func(t *testing.T) {
		// «Green Leakers» is a group the page introduces ("a group calling
		// itself"): reported with no id.
		got := Names(r.Actors)
		want := []string{"MuddyWater", "APT-C-23", "Green Leakers"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("SectorsFound", func(t *testing.T) {
		got := Names(r.Sectors)
		for _, want := range []string{"Telecommunications", "Messaging"} {
			if !slices.Contains(got, want) {
				t.Errorf("got %v, want %s", got, want)
			}
		}
	})
	t.Run("NoIndicators", func(t *testing.T) {
		if len(r.Indicators) != 0 {
			t.Errorf("got %+v", r.Indicators)
		}
	})
	t.Run("NoAssertedAttribution", func(t *testing.T) {
		// "ATK66 (APT-C-23)" is a same-as claim the page makes; nothing
		// on it ties an actor to a state or a place.
		for _, c := range r.Claims {
			if c.Polarity == Asserted && c.Relation != SameAs {
				t.Errorf("got asserted claim %+v", c)
			}
		}
	})
}

func hasClaim(r *Result, object, polarity, by string) bool {
	for _, c := range r.Claims {
		if c.Object == object && c.Polarity == polarity && c.By == by {
			return true
		}
	}
	return false
}

func claimSummary(r *Result) []string {
	var out []string
	for _, c := range r.Claims {
		out = append(out, fmt.Sprintf("%s %s %s %s by=%s cue=%q", c.Subject, c.Relation, c.Object, c.Polarity, c.By, c.Cue))
	}
	return out
}

func TestWriteText(t *testing.T) {
	r := Extract("ATK51, possibly Iran-based, breached 13 telecom operators from 45[.]77[.]12[.]9 (T1566.001).", sampleDictionary())
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"Indicators (2)", "ipv4             45.77.12.9",
		"Actors (1)\n  MuddyWater (as \"ATK51\")",
		"13 operators [Telecommunications]",
		"hedged   MuddyWater (\"ATK51\") originates-from country Iran",
		"T1566.001  Spearphishing Attachment  [id x1]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("got\n%s\nwant it to contain %q", got, want)
		}
	}
}

// A claim made in several sentences is listed once, with how many make
// it and the first one's words.
func TestWriteTextClaimOnce(t *testing.T) {
	r := Extract("Iran-sponsored actors phished banks. Later, Iran-sponsored actors phished ministries. In May, Iran-sponsored actors phished telecoms.", sampleDictionary())
	if len(r.Claims) != 3 {
		t.Fatalf("claims = %d, want one per sentence in the JSON", len(r.Claims))
	}
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{"Claims (1)\n", "sponsored-by country Iran", "x3 sentences", "phished banks"} {
		if !strings.Contains(got, want) {
			t.Errorf("got\n%s\nwant it to contain %q", got, want)
		}
	}
}

// An operation named after its malware is an actor the knowledge does not
// hold: it is reported with the malware's name and no id.
func TestOperationActorHasNoID(t *testing.T) {
	r := Extract("The DarkSide gang hit a pipeline.", sampleDictionary())
	if len(r.Actors) != 1 || r.Actors[0].ID != "" || r.Actors[0].Name != "DarkSide" || r.Actors[0].Mention != "DarkSide" {
		t.Fatalf("actors = %+v, want DarkSide with no id", r.Actors)
	}
	if len(r.Malware) != 1 || r.Malware[0].ID != "S9999" {
		t.Fatalf("malware = %+v, want DarkSide S9999", r.Malware)
	}
}

// asciiLower lower-cases ASCII letters only, keeping every offset; the
// runs between upper-case letters are copied whole, so check the edges.
func TestASCIILower(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"already lower", "already lower"},
		{"A", "a"},
		{"ABC", "abc"},
		{"end Z", "end z"},
		{"Zed", "zed"},
		{"ÄPT41 Über GROUP", "Äpt41 Über group"},
		{"@[`{", "@[`{"},
	} {
		if got := asciiLower(tc.in); got != tc.want {
			t.Errorf("asciiLower(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
