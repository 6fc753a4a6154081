package extract

import (
	"fmt"
	"slices"
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
		{"ClassPreviouslyUsing", "The persona resembles fake profiles previously used by Iranian APTs.", nil},
		{"OtherGroups", "The backdoor shares code with tools of other Chinese groups.", nil},
		{"OtherGroupsNamed", "The backdoor was used by other China-linked groups, such as APT41.", []string{"APT41 attributed-to China asserted"}},
		{"ObjectNamedInFull", "The Winnti Group is back. Winnti hit banks. Winnti hit carriers. Those attacks were attributed to Winnti.",
			[]string{"unnamed attributed-to Winnti Group asserted"}},
		{"SameActorFarFromName", "APT41 sent lures in March. The lures used tax themes. Similar campaigns were seen since 2018. The same threat actor is responsible for these campaigns.",
			nil},
		{"SameActorNearName", "APT41 sent lures in March. The same threat actor is responsible for these campaigns.",
			[]string{"unnamed attributed-to APT41 asserted"}},
		{"HiredByAState", "The attackers may have been hired by the Turkish government.", []string{"unnamed sponsored-by Turkey hedged"}},
		{"HiredByACompany", "The contractor was hired by a bank in Singapore to test its defenses.", nil},
		{"RelativeClauseBasedIn", "APT41, which is based in China, targeted carriers.", []string{"APT41 originates-from China asserted"}},
		{"RelativeClauseHedged", "The group, which some analysts believe operates out of Russia, targeted carriers in Kazakhstan.", []string{"unnamed originates-from Russia hedged"}},
		{"CompanyInRelativeClause", "Check Point, which is based in Israel, published the report.", nil},
		{"RelativeOnTheMalware", "APT41 used ShadowPad, which is based in China.", nil},
		{"ComparedWithAGroupBasedSomewhere", "The loader resembles one used by a threat group based in China.", nil},
		{"AGroupBasedSomewhere", "A group based in China breached the operator.", []string{"unnamed originates-from China asserted"}},
		{"HallmarksAreNoClaim", "The intrusions bear the hallmarks of Chinese state-sponsored actors, though we cannot rule out a false flag.", nil},
		{"AttackedOperatorsAreVictims", "The group attacked Ukrainian operators in March.", nil},
		{"BreachedCountedOperators", "In 2022 the intruders breached two Kenyan operators.", nil},
		{"OperatorsByWhomStayActors", "The attacks were carried out by Iranian operators.", []string{"unnamed originates-from Iran asserted"}},
		{"NounAttackIsNoVerb", "The attack Russian hackers launched hit banks.", []string{"unnamed originates-from Russia asserted"}},
		{"ThreatGroupPossiblyBased", "A threat group, possibly based in Iran, broke into five telecommunications operators in Norway.",
			[]string{"unnamed originates-from Iran hedged"}},
		{"HackingGroupBelievedBased", "A hacking group believed to be based in Vietnam stole call records from two carriers.",
			[]string{"unnamed originates-from Vietnam hedged"}},
		{"EspionageGroupIs", "An espionage group is Chinese, the vendor says.", []string{"unnamed originates-from China asserted"}},
		{"AccusedNationals", "Police arrested several Ukrainian nationals allegedly responsible for running the botnet.", []string{"unnamed originates-from Ukraine hedged"}},
		{"NationalsNotPursued", "Several Ukrainian nationals lost money to the botnet.", nil},
		{"SpacedStateAligned", "MuddyWater, an Iranian - state aligned actor, masqueraded as scholars.", []string{"MuddyWater sponsored-by Iran asserted"}},
		{"LinkedNameInApposition", "* [MuddyWater](https://example.com/muddy-water), an Iranian - state aligned actor, masqueraded as scholars.", []string{"MuddyWater sponsored-by Iran asserted"}},
		{"SponsoredUmbrellaBody", "APT41 (also known as Winnti Group) is an alleged Chinese state-sponsored umbrella organization.",
			[]string{"APT41 same-as Winnti Group asserted", "APT41 sponsored-by China hedged"}},
		{"AbbreviationNamedAsDefined", "The Islamic Revolutionary Guard Corps (IRGC) runs many units. Proofpoint assesses that APT41 operates in support of the IRGC.",
			[]string{"APT41 sponsored-by Islamic Revolutionary Guard Corps (IRGC) asserted"}},
		{"LinkBetweenGroups", "Although we have not found a strong technical link between APT41 and MuddyWater, there are shared traits.",
			[]string{"APT41 same-as MuddyWater negated"}},
		{"ReferenceWithItsOwnName", "APT41 used the domain for months. The domain was later attributed to the group WatchDog.", nil},
		{"ReferenceWithItsOwnNameNamedSubject", "APT41 used the domain for months. MuddyWater is linked to the group Quiet Heron.",
			[]string{"MuddyWater attributed-to Quiet Heron asserted"}},
		{"ReferenceStandsForActor", "APT41 used the domain for months. The domain was later attributed to the group.",
			[]string{"unnamed attributed-to APT41 asserted"}},
		{"ComparedActorIsNoAlias", "The new loader shares similarities to the threat actor we previously dubbed Frostbite.", nil},
		{"IntroducedNameAsSubject", "Last year we reported on a threat actor we previously dubbed Frostbite. We found no link between Frostbite and APT41.",
			[]string{"Frostbite same-as APT41 negated"}},
		{"QuotedGroupBehindMaking", "We observed that the \"Scarlet Widow\" cybercriminal group is behind the development of this stealer.",
			[]string{"unnamed attributed-to Scarlet Widow asserted"}},
		{"MalwareNamedGroupBehindMaking", "We observed that the \"DarkSide\"\u00a0cybercriminal group is behind the development of this stealer.",
			[]string{"unnamed attributed-to DarkSide asserted"}},
		{"CueAsLinkText", "On July 15, Facebook [attributed](https://example.com/news/taking-action/) a portion of APT41’s activity to Mahak Rayan Afraz (MRA), an Iranian IT company.",
			[]string{"APT41 attributed-to Mahak Rayan Afraz (MRA) asserted"}},
		{"OriginExamples", "If actors are operating from other popular Russian cybercriminal hubs like Vietnam and Laos, they use local forums.",
			[]string{"unnamed originates-from Vietnam asserted", "unnamed originates-from Laos asserted"}},
		{"OriginExamplesPastADashedAside", "Many actors stay home – or are operating from other regional hubs like Laos, The Philippines, and Cambodia – and trade there.",
			[]string{"unnamed originates-from Laos asserted", "unnamed originates-from Philippines asserted", "unnamed originates-from Cambodia asserted"}},
		{"MalwareFromAPlace", "BlueFang—A New Ransomware from Brazil", []string{"unnamed originates-from Brazil asserted"}},
		{"PayloadFromAPlace", "The loader downloads a payload from Brazil.", nil},
		{"NamingWhoIsBehind", "Ports in Chile were hit. Since we have found no overlap with any previously known APT groups, we are naming the attackers behind these intrusions as “Silver Heron”.",
			[]string{"unnamed attributed-to Silver Heron asserted", "Silver Heron same-as unspecified known group negated"}},
		{"TrackingWhoIsBehind", "We track the group behind these intrusions in Chile as APT41.", []string{"unnamed attributed-to APT41 asserted"}},
		{"BehindComparedNotNamed", "Analysts call the attackers behind these intrusions as skilled as APT41.", nil},
		{"CueInLinkTextBeforeLongTarget", "The breach at the bank [linked by Mandiant](https://example.com/blog/a-rather-long-path-written-for-this-test-about-the-bank-breach-and-its-ties/) to the group APT41 was serious.",
			[]string{"unnamed attributed-to APT41 asserted"}},
		{"OperatorIsACompany", "APT41 broke into two mobile network operators. At the Moldovan operator, the intruders wiped servers.", nil},
		{"OperatorsBehindStayAGroup", "APT41 broke into two mobile network operators. Chinese operators behind the intrusions reused tools.",
			[]string{"unnamed originates-from China asserted"}},
		{"RetractedInTheNextSentence", "A vendor attributed the intrusions to APT41 last year. This was wrong: the tools differ.",
			[]string{"unnamed attributed-to APT41 negated"}},
		{"RetractedByItsAuthor", "One vendor tied the breach to MuddyWater in May. That vendor has since retracted the attribution.",
			[]string{"unnamed attributed-to MuddyWater negated"}},
		{"StoryCorrected", "Correction: An earlier version of this story said Acme had attributed the attack to APT41.",
			[]string{"unnamed attributed-to APT41 negated"}},
		{"InitiallyLinked", "Reporters initially linked the breaches to MuddyWater.", []string{"unnamed attributed-to MuddyWater hedged"}},
		{"IndicatorsOverlapAreNoIdentity", "APT41 breached a carrier in Chile. Some indicators overlap with MuddyWater, though the overlap is weak.", nil},
		{"ArtefactsOverlapAreNoIdentity", "APT41 breached a carrier in Chile. Several artefacts overlap with MuddyWater.", nil},
		{"GroupOverlapStaysAnIdentity", "APT41 breached a carrier in Chile. The group overlaps with MuddyWater.", []string{"APT41 same-as MuddyWater asserted"}},
		{"RelativeDescribesTheName", "Officials in Oslo attribute the access to APT41, which they describe as a Chinese state-sponsored group.", []string{"unnamed attributed-to APT41 asserted", "APT41 sponsored-by China asserted"}},
		{"RelativeIsOfTheName", "The carrier named MuddyWater, which is an Iranian state-sponsored group.", []string{"MuddyWater sponsored-by Iran asserted"}},
		{"RelativeOnAThingIsNoName", "APT41 phished the carrier, which analysts describe as a Chinese state-owned firm.", nil},
		{"SubscribersLocatedInAreNoOrigin", "APT41 exfiltrated records of subscribers located in Chile and in Peru.", nil},
		{"GroupLocatedInStaysAnOrigin", "APT41 is a crew located in Chile.", []string{"APT41 originates-from Chile asserted"}},
		{"GroupSaidToBeBasedIn", "Mandiant wrote about APT41, a group said to be based in Chile.", []string{"APT41 originates-from Chile hedged"}},
		{"GroupBelievedToBeBasedIn", "Reuters named MuddyWater, a crew believed to be based in Iran.", []string{"MuddyWater originates-from Iran hedged"}},
		{"FirmSaidToBeBasedInIsNoOrigin", "APT41 phished a reseller, a firm said to be based in Chile.", nil},
		{"PartialOverlap", "MuddyWater partially overlaps with APT41.", []string{"MuddyWater same-as APT41 hedged"}},
		{"OnSuspicion", "Police in Spain arrested a British national at an airport in June on suspicion of leading the group.",
			[]string{"unnamed originates-from United Kingdom hedged"}},
		{"ClaimsNotSupported", "Claims that Iranian hackers took part in the attacks are not supported by the evidence we hold.",
			[]string{"unnamed originates-from Iran negated"}},
		{"ComparedActivity", "The new campaign resembles the operations that were attributed to APT41 in 2019.", nil},
		{"ComparedNamedActivity", "The new campaign resembles the Silence operations that were attributed to APT41 in 2019.", nil},
		{"CopulaPastARelativeClause", "The campaign hit carriers. MuddyWater, which other vendors track as Seedworm, is an Iranian state-sponsored group.",
			[]string{"MuddyWater sponsored-by Iran asserted"}},
		{"HelpFromOthers", "The group hit carriers. Its members recruited help from Russian-speaking ransomware gangs.", nil},
		{"AttackFromTheGroup", "The carriers suffered an attack from Russian-speaking hackers.", []string{"unnamed originates-from Russia asserted"}},
		{"NegatedCopulaSubject", "APT41 attacked carriers. MuddyWater is not an Iranian state-sponsored group.",
			[]string{"MuddyWater sponsored-by Iran negated"}},
		{"NegatedCopulaVagueState", "APT41 is not a state-backed group, the official said.", []string{"APT41 sponsored-by unspecified state negated"}},
		{"SharedLanguageSpeakers", "APT41 is likely a group of Spanish-speaking criminals.", nil},
		{"RussianSpeakersStayRussian", "APT41 is likely a group of Russian-speaking criminals.", []string{"APT41 originates-from Russia hedged"}},
		{"GroupThatAVendorCalls", "We track the activity as MuddyWater, a group that Mandiant calls APT41.", []string{"MuddyWater same-as APT41 asserted"}},
		{"WeCallIsNoVendorName", "APT41 hit banks. We call MuddyWater a nuisance.", nil},
		{"SharesWithOthersActivity", "MuddyWater shares an implant with activity that researchers have attributed to APT41.", nil},
		{"WidelyReportedTo", "APT41 is widely reported to work on behalf of the Iranian government.", []string{"APT41 sponsored-by Iran hedged"}},
		{"RuledOutInTheNextSentence", "Some analysts said the campaign might be the work of APT41. The agency said it had ruled that out.",
			[]string{"unnamed attributed-to APT41 negated"}},
		{"RetractionLeavesAPhrase", "Analysts said the campaign might be the work of APT41, a Chinese group. The agency said it had ruled that out.",
			[]string{"unnamed attributed-to APT41 negated", "APT41 originates-from China asserted"}},
		{"ReferenceBeforeAnyName", "Chinese state-sponsored cyber actors have compromised carriers. The agencies assess that the actors operate on behalf of the Ministry of State Security. Industry reports on APT41 partly match this activity.",
			[]string{"unnamed sponsored-by China asserted", "unnamed sponsored-by Ministry of State Security asserted"}},
		{"ReferenceBeforeTheNameItIntroduces", "The group hit carriers in 2023. The actors operate on behalf of the Ministry of State Security. APT41 is what we call them.",
			[]string{"APT41 sponsored-by Ministry of State Security asserted"}},
		{"DistinctActorsListed", "The report tells apart two distinct threat actors – APT41 and APT-C-23 – by their lures.",
			[]string{"APT41 distinct-from APT-C-23 asserted"}},
		{"DistinctActorsAfterAColon", "Three separate groups have rented the service this year: MuddyWater, APT41 and APT-C-23.",
			[]string{"MuddyWater distinct-from APT41 asserted", "MuddyWater distinct-from APT-C-23 asserted", "APT41 distinct-from APT-C-23 asserted"}},
		{"DifferentGroupsNoList", "Two different groups attacked the bank, but APT41 and APT-C-23 were not among them.", nil},
		{"AliasesSetOffByCommas", "APT41, also known as ATK66, is a Chinese state-sponsored group.",
			[]string{"APT41 same-as ATK66 asserted", "APT41 sponsored-by China asserted"}},
		{"PlaceNamedCampaign", "APT41 sent lures. A malicious PDF was used in the Chile campaign.", nil},
		{"DeveloperOfAProduct", "APT41 sent lures. The screenshots show Sunfield Games, the Portugal-based developer of Tidebreaker.", nil},
		{"DashApposition", "The loader was shared with MuddyWater—an Iran-based actor.", []string{"MuddyWater originates-from Iran asserted"}},
		{"NotEnoughContextToAttribute", "We do not have enough context about these samples to attribute all of them to APT41, though they resemble its tools.",
			[]string{"unnamed attributed-to APT41 negated"}},
		{"LinkAsANounAfterAName", "APT41 sent lures. The emails ask recipients to click a OneDrive link hosting a PDF spoofed to resemble a paper on policy in the Middle East.", nil},
		{"LinkAsAVerbFirst", "Researchers link the attack to APT41.", []string{"unnamed attributed-to APT41 asserted"}},
		{"AffiliatedWithInstitutionsInPlaces", "APT41 sent lures. Recipients are typically people affiliated with high-profile think tanks or universities in Israel, Chile, or Europe with ties to the policy community.", nil},
		{"ManyOfAClass", "APT41 is active. Its loader proves little, as there are dozens of Chinese groups using it.", nil},
		{"HandleUsedByANational", "For those unaware, the handle [*Frostbite*](https://example.com/wiki/Frostbite) was used by a Romanian hacker who was later extradited.",
			[]string{"Frostbite originates-from Romania asserted"}},
		{"MalwareAliases", "The loader drops the Silence aka Blackfly ransomware.", nil},
		{"PosingAsAGroup", "Criminals posing as APT41 threatened the bank: pay in bitcoin or face a DDoS.",
			[]string{"unnamed same-as APT41 negated"}},
		{"BracketedActorAfterObject", "The traces point to certain APT groups presumably associated with the People’s Republic of China (APT41).",
			[]string{"APT41 attributed-to China hedged"}},
		{"ActiveTie", "Mandiant tied the intrusion to APT41 last year.", []string{"unnamed attributed-to APT41 asserted"}},
		{"TiesAsANoun", "Beijing is trying to strengthen its ties with Riyadh, looking to supply drones that APT41 never had.", nil},
		{"KineticOperation", "Tensions rose after the US military operation that killed the general.", nil},
		{"RunByAStateBody", "MuddyWater, which is run by Iran's intelligence ministry, phished two carriers.", []string{"MuddyWater sponsored-by Iran asserted"}},
		{"ControlledByAState", "Analysts say MuddyWater is probably controlled by the Iranian government.", []string{"MuddyWater sponsored-by Iran hedged"}},
		{"RunByACompany", "MuddyWater phished two carriers. The sinkhole is run by Microsoft.", nil},
		{"AnotherVendorsTie", "MuddyWater phished two carriers. Another vendor has linked the intrusions to APT41.", []string{"unnamed attributed-to APT41 hedged"}},
		{"NoEvidenceForThatLinkAfter", "Another vendor linked the intrusions to APT41. We found no evidence for that link.", []string{"unnamed attributed-to APT41 negated"}},
		{"NoEvidenceForThatLinkInClause", "A vendor tied the loader to Iran; Acme said it saw no evidence of that link.", []string{"unnamed attributed-to Iran negated"}},
		{"KineticUnitCaptured", "Tensions rose after a Russian military unit captured the bridge.", nil},
		{"MilitaryHackers", "A Russian military hacking unit breached the grid operator.", []string{"unnamed sponsored-by Russia asserted"}},
		{"MilitaryIntelligenceGroupApposed", "MuddyWater, the Iranian military intelligence group, went after two carriers.", []string{"MuddyWater sponsored-by Iran asserted"}},
		{"AlsoKnownAs", "APT41, also known as Winnti Group, breached carriers in Japan.", []string{"APT41 same-as Winnti Group asserted"}},
		{"AliasOfSameCluster", "MuddyWater, also tracked as TEMP.Zagros, sent lures.", []string{"MuddyWater same-as TEMP.Zagros asserted"}},
		{"FreshAlias", "ATK66 is also referred to as the Desert Falcons.", []string{"APT-C-23 same-as Desert Falcons asserted"}},
		{"Subgroup", "The group is likely a subgroup of APT41, Mandiant said.", []string{"unnamed part-of APT41 hedged"}},
		{"ActiveAttribution", "Proofpoint attributes the campaigns in this report to ATK51 with high confidence.", []string{"unnamed attributed-to ATK51 asserted"}},
		{"PassiveAttributionHedged", "The intrusions were allegedly attributed to APT41.", []string{"unnamed attributed-to APT41 hedged"}},
		{"AccuserAsserts", "The ministry accused Iran of breaching the grid in 2019.", []string{"unnamed attributed-to Iran asserted"}},
		{"AccusedInThePassiveHedges", "The hackers were accused of working for Iran.", []string{"unnamed sponsored-by Iran hedged"}},
		{"OriginInALanguageArea", "The threat actor Quill Moth is probably from a Portuguese-speaking region.",
			[]string{"Quill Moth originates-from Portuguese-speaking region hedged"}},
		{"NoCommentIsNoLink", "It is not clear whether the intrusion was tied to the Iranian government, and our analyst can’t comment on it.",
			[]string{"unnamed attributed-to Iran negated"}},
		{"AnOpenQuestionHedges", "Nobody knows yet whether the intrusion was tied to the Iranian government; our analyst said she can’t comment on it.",
			[]string{"unnamed attributed-to Iran hedged"}},
		{"TiedToAGroupTheyTrackAs", "Mandiant was able to tie a self-styled hacktivist group to a Chinese group they track as APT41.",
			[]string{"unnamed attributed-to APT41 asserted", "APT41 originates-from China asserted"}},
		{"LongActiveAttribution", "Research published in May 2020 attributed a loader domain registered with the same email and URL naming conventions as seen here to APT41.",
			[]string{"unnamed attributed-to APT41 asserted"}},
		{"OrBetweenTwoNamesOfOneGroup", "In this ATK51 or MuddyWater campaign, the actor sent lures.", []string{"ATK51 same-as MuddyWater asserted"}},
		{"OrBetweenTwoGroups", "Either APT41 or MuddyWater sent the lures.", nil},
		{"OrClosingAListOfSenderNames", `The sender was "ATK51," or "MuddyWater," and at times a CEO's name.`, nil},
		{"DemonymBeforeAName", "Researchers blamed the Iranian MuddyWater crew for the outage.", []string{"MuddyWater originates-from Iran asserted"}},
		{"DemonymOfSeveralWords", "The South Korean APT41 cluster is a misnomer, a reader wrote.", []string{"APT41 originates-from South Korea asserted"}},
		{"RelativeClauseKeepsItsOwnPolarity", "The second report possibly concerns APT41, which is attributed to the MSS.",
			[]string{"APT41 attributed-to MSS asserted"}},
		{"PossessiveStateServiceWithAbbreviation", "MuddyWater is linked to Iran’s Ministry of Intelligence and Security (MOIS).",
			[]string{"MuddyWater attributed-to Ministry of Intelligence and Security (MOIS, Iran) asserted"}},
		{"PossessiveStateService", "Court filings tie APT41 to China’s Ministry of State Security.", []string{"APT41 attributed-to Ministry of State Security (China) asserted"}},
		{"NamingPhraseIsNoAlias", "The threat actor ESET tracks as ATK51 sent tax lures.", nil},
		{"NamingPhraseByPronoun", "Researchers saw a group they track as APT41 in the logs.", nil},
		{"ReferenceWithAnAlias", "The group, also tracked as APT41, hit banks.", []string{"unnamed same-as APT41 asserted"}},
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
		{"CausedByOperation", "The DarkSide affiliates are busy. The attack on the pipeline was caused by the DarkSide ransomware.",
			[]string{"unnamed attributed-to DarkSide asserted"}},
		{"CampaignFromReference", "APT41 used the loader before. It is likely a new campaign from this same group, aimed at Japan.", []string{"unnamed attributed-to APT41 hedged"}},
		{"ReferredToByAs", "ATK66 is also referred to by some researchers as the Desert Falcons.", []string{"APT-C-23 same-as Desert Falcons asserted"}},
		{"ResponsibleReference", "APT41 stayed quiet. The group, named as the one responsible for the breach of several carriers, went quiet.", []string{"unnamed attributed-to APT41 asserted"}},
		{"UsedSoftwareIsNoAttribution", "The loader payloads associated with this threat actor vary by region.", nil},
		{"PossibleCulprits", "Groups like APT41 and ATK51 were identified as possible culprits.",
			[]string{"unnamed attributed-to APT41 hedged", "unnamed attributed-to ATK51 hedged"}},
		{"SuspectedTies", "A prolific actor with suspected ties to the Iranian government sold the access.", []string{"unnamed attributed-to Iran hedged"}},
		{"LongPredicate", "APT41 is currently considered to be a group allegedly attributed to the government of China.", []string{"APT41 attributed-to China hedged"}},
		{"StateService", "APT41 is linked to the GRU, its researchers say.", []string{"APT41 attributed-to GRU asserted"}},
		{"StateServiceLongName", "ATK51 is a group presumably attributed to the Ministry of State Security of China.",
			[]string{"MuddyWater attributed-to Ministry of State Security of China hedged"}},
		{"StateServiceBracketed", "ATK51 operates in support of the Islamic Revolutionary Guard Corps (IRGC).",
			[]string{"MuddyWater sponsored-by Islamic Revolutionary Guard Corps (IRGC) asserted"}},
		// Neither APT41's (the operation is no reference to it) nor a
		// claim at all (a military operation with no cyber activity).
		{"OperationIsNoReference", "APT41 phished diplomats. Tension grew after the US military operation in the Gulf.", nil},
		{"ImpersonatedGroupIsNoPlace", "The threat actors claimed to represent the Russian hacker group Silence.",
			[]string{"unnamed same-as Silence asserted", "Silence originates-from Russia asserted"}},
		{"ImpersonatorIsUnnamed", "Silence went quiet. The threat actors claimed to represent APT41 in their emails.",
			[]string{"unnamed same-as APT41 asserted"}},
		{"ClaimingMembership", "The attackers claim to be members of APT41 and Armada Collective.",
			[]string{"unnamed part-of APT41 asserted", "unnamed part-of Armada Collective asserted"}},
		{"SentenceInitialAlias", "APT41 sent lures. Also known as the Relief Act, the Rescue Plan was signed in March.", nil},
		{"GovernmentContractor", "Court papers name APT41, a Chinese government contractor, as the intruder.", []string{"APT41 sponsored-by China asserted"}},
		{"VictimContractorIsNoClaim", "APT41 breached a Taiwanese government contractor.", nil},
		{"AffiliateAtSentenceStart", "An affiliate of APT41 ran the leak site.", []string{"unnamed part-of APT41 asserted"}},
		{"AffiliateAfterThat", "In May, Acme found that a member of APT41 ran the leak site.", []string{"unnamed part-of APT41 asserted"}},
		{"SentenceWithOnlyAReference", "APT41 used the loader in 2019. There is a high probability that it is a new campaign from this same group.",
			[]string{"unnamed attributed-to APT41 hedged"}},
		{"SingularReferenceAlone", "APT41 used the loader in 2019. The threat actor behind this attack used the same server.",
			[]string{"unnamed attributed-to APT41 asserted"}},
		{"ReferenceToTheActorInFocus", "APT41 phished studios. APT41 stole code. APT41 came back in 2020. A vendor once compared it with MuddyWater. Initial attacks attributed to the group hit game studios.",
			[]string{"unnamed attributed-to APT41 asserted"}},
		{"DeclinedAttribution", "APT41 phished studios. APT41 stole code. APT41 came back. Acme does not have enough information to make any type of attribution.",
			[]string{"APT41 attributed-to unspecified actor or state negated"}},
		{"DeclinedAttributionOfAnActivity", "The lures reached ministries. Attribution is not possible with the information Acme holds.",
			[]string{"unnamed attributed-to unspecified actor or state negated"}},
		{"ActiveLink", "New evidence might link the November attacks against banks to APT41.", []string{"unnamed attributed-to APT41 hedged"}},
		{"LinkNounIsNoCue", "The emails hold a document link that leads to a loader from APT41.", nil},
		{"PlaceOfTheAttacksIsNoObject", "Acme links the new tool to previous attacks in Pakistan.", nil},
		{"PlaceQualifyingTheGroupNamedNext", "The intrusion was linked by Acme to the prolific North Korea-linked threat group APT41.",
			[]string{"unnamed attributed-to APT41 asserted", "APT41 attributed-to North Korea asserted"}},
		{"GenericReferenceAloneIsNoClaim", "APT41 used the loader in 2019. The threat actors behind the campaign spent time on the lure.", nil},
		{"ItIsKnownAs", "APT41 sent emails with lures. APT41 is prolific. It is known by other security firms as Shathak.",
			[]string{"APT41 same-as Shathak asserted"}},
		{"ItAfterSoftwareIsNoActor", "APT41 uses Cobalt Strike. It is also known as Beacon.", nil},
		{"Implicated", "Researchers implicated the threat actor APT41 in a supply chain attack on game studios.",
			[]string{"unnamed attributed-to APT41 asserted"}},
		{"NoGovernmentAffiliation", "APT41 is not affiliated with any government.", []string{"APT41 sponsored-by unspecified government negated"}},
		{"SelfDenial", "APT41 operators claimed that the group is strictly motivated by money, and not affiliated with any government apparatus.",
			[]string{"APT41 sponsored-by unspecified government denied"}},
		{"ReferenceNumberIsNoName", "APT41 is presumably attributed to the Ministry of State Security of China ([15]).",
			[]string{"APT41 attributed-to Ministry of State Security of China hedged"}},
		{"BehindNamedBreach", "The attackers behind the SolarWinds breach were linked to Russia.", []string{"unnamed attributed-to Russia asserted"}},
		{"AliasList", "MuddyWater, also known as ATK51, Seedworm or Static Kitten, phished ministries.",
			[]string{"MuddyWater same-as ATK51 asserted", "MuddyWater same-as Seedworm asserted", "MuddyWater same-as Static Kitten asserted"}},
		{"AliasListOfCommonWords", "APT41, also known as Winnti, Barium or Wicked Panda, hit games studios.",
			[]string{"APT41 same-as Winnti asserted", "APT41 same-as Barium asserted", "APT41 same-as Wicked Panda asserted"}},
		{"StateInterests", "APT41 is believed to be associated with Chinese state interests.", []string{"APT41 sponsored-by China hedged"}},
		{"ConfirmOrDenyIsNegation", "Acme could not confirm or deny a link between APT41 and Russia.", []string{"APT41 attributed-to Russia negated"}},
		{"PlaceOfTheIncidentIsNoObject", "Acme found no link between the access APT41 sold and the Ohio, United States incident.", nil},
		{"RefusalNamingCandidates", "We are not conclusively attributing this campaign to any particular group, but groups such as APT41 and MuddyWater used the same loader.",
			[]string{"unnamed attributed-to APT41 negated", "unnamed attributed-to MuddyWater negated"}},
		{"NamedStateOverVagueState", "The Iranian state-sponsored group MuddyWater phished banks. Similar lures came from state-sponsored groups such as MuddyWater and APT41.",
			[]string{"MuddyWater sponsored-by Iran asserted", "APT41 sponsored-by unspecified state asserted"}},
		{"AttributedToAFreshName", "We attribute the intrusions to Alliteration Kitten, a group we have tracked since 2019.",
			[]string{"unnamed attributed-to Alliteration Kitten asserted"}},
		{"PersonasAttributed", "Meta removed a network of fake personas that it attributed to APT41.", []string{"unnamed attributed-to APT41 asserted"}},
		{"OtherAliasKeptAsWritten", "MuddyWater phished banks. MuddyWater stole mail. MuddyWater left. Other campaigns were attributed to ATK51 by a second vendor.",
			[]string{"unnamed attributed-to ATK51 asserted"}},
		{"LinkedCriminalsComeFrom", "Brazil-linked criminals skimmed cards at ATMs.", []string{"unnamed originates-from Brazil asserted"}},
		{"LinkedGroupIsAttributed", "The China-linked group APT41 skimmed cards at ATMs.", []string{"APT41 attributed-to China asserted"}},
		{"IsFrom", "The operators of APT41 are from China, the indictment says.", []string{"APT41 originates-from China asserted"}},
		{"SameActorAgain", "APT41 used this domain before. It is likely the same actor reusing its servers.", []string{"unnamed attributed-to APT41 hedged"}},
		{"LeadUsToThink", "APT41 sent the first lures. Several traits lead us to think that it is the same group.", []string{"unnamed attributed-to APT41 hedged"}},
		{"SameActorAsSubjectIsNoClaim", "APT41 used this domain before. The same actor then sent lures.", nil},
		{"OperatingWithin", "The intruders are likely operating within APT41, or at least share its tools.", []string{"unnamed part-of APT41 hedged"}},
		{"WholeNameKept", "Silence phished banks. Silence stole cash. Silence left. Other campaigns were attributed to Silence Group.",
			[]string{"unnamed attributed-to Silence Group asserted"}},
		{"ReferenceThatNamesItsActor", "MuddyWater phished banks. MuddyWater stole mail. Most of the campaigns were attributed to the threat actor tracked by Proofpoint as TA9999.", nil},
		{"ReferenceToTheActorNamedBefore", "MuddyWater phished banks. MuddyWater stole mail. Most of the campaigns were attributed to the threat actor.",
			[]string{"unnamed attributed-to MuddyWater asserted"}},
		{"CampaignFromNamedActorIsNoJudgement", "Acme found a new campaign from the prolific actor known as APT41 in May.", nil},
		{"OperationNameIsNoAlias", "APT41 phished firms. This operation, dubbed Silent Harbor, is one of its most complex.", nil},
		{"DubbedAMethod", "MuddyWater phones its victims. Researchers have dubbed this method CallBack Trick.", nil},
		{"DubbedTheGroup", "MuddyWater phished firms. Researchers have dubbed the group ATK51.", []string{"MuddyWater same-as ATK51 asserted"}},
		{"ObjectNamedAsTheTextDoes", "Winnti Group runs servers. Winnti Group phished firms. The attacks on studios were attributed to Winnti Group, and others to Blackfly.",
			[]string{"unnamed attributed-to Winnti Group asserted"}},
		{"ActivityCoordinatedByStateService", "Some of the operations attributed to Russia were coordinated by the FSB.",
			[]string{"unnamed attributed-to Russia asserted", "unnamed attributed-to FSB asserted"}},
		{"ActivityCoordinatedByStateServiceAfterSpeaker", "APT41 phished banks. According to the report, the intrusions were coordinated by the FSB.",
			[]string{"unnamed attributed-to FSB asserted"}},
		{"LongSubjectBeforePassive", "Some of the military operations in cyberspace attributed to Russia were coordinated by the FSB.",
			[]string{"unnamed attributed-to Russia asserted", "unnamed attributed-to FSB asserted"}},
		{"InvolvementOfTheGroup", "APT41 phished banks. Weeks later the group released a note alluding to its possible involvement in the breach.",
			[]string{"unnamed attributed-to APT41 hedged"}},
		{"InvolvementInAWarIsNoClaim", "APT41 phished banks. Russia's involvement in the war in Ukraine shaped the year.", nil},
		{"LinkOfStateServiceWithGroup", "Acme recalled the alleged link of PLA unit 61398 (People's Liberation Army) with APT41.",
			[]string{"APT41 attributed-to PLA unit 61398 hedged"}},
		{"LinkBetweenStateServiceAndGroup", "There is a clear link between the MSS and APT41.", []string{"APT41 attributed-to MSS asserted"}},
		{"MembersOfTwoGroupsIsNoPartOf", "Collaboration between members of APT41 and former members of MuddyWater is not new.", nil},
		{"UnnamedUnderStateService", "The intruders are working under the Iranian MOIS, the leak says.", []string{"unnamed part-of MOIS asserted"}},
		{"CompanyTiedToStateServiceIsNoGroup", "Acme attributed part of the activity to Foo Bar Tech, an IT company with ties to the IRGC.", nil},
		{"AliasOfOneGroupNamedAsWritten", "The lures came from subgroups of the group TEMP.Zagros (also known as MuddyWater), the report says.",
			[]string{"TEMP.Zagros same-as MuddyWater asserted"}},
		{"ServiceOfAnAttributedGroupIsNoSubjectClaim", "This campaign was attributed to threat actors working for the GRU.", nil},
		{"AliasAsideNotHedgedByItsVerb", "The loader was likely written by ATK51, also known as MuddyWater.", []string{"ATK51 same-as MuddyWater asserted"}},
		{"AliasAsideHedgedByItsOwnWords", "ATK51, possibly also known as MuddyWater, phished banks.", []string{"ATK51 same-as MuddyWater hedged"}},
		{"OriginPastABracketedAside", "APT41 phished banks. APT41 stole mail. Analysis pointed to the MuddyWater group (also known as ATK51, per Acme) of Iranian origin.",
			[]string{"MuddyWater same-as ATK51 asserted", "MuddyWater originates-from Iran asserted"}},
		{"FlawNamesAreNoAlias", "Vice Society was seen exploiting the CVE-2021-34527 (aka PrintNightmare) vulnerability.", nil},
		{"PronounAliasOfTheNamedGroup", "MuddyWater phished banks. It is also known as ATK51.", []string{"MuddyWater same-as ATK51 asserted"}},
		{"UnsplitSentenceEndIsABreak", "Courses of action for MuddyWater intrusions.†These capabilities are part of the Acme Shield subscriptions service.", nil},
		{"StateServiceModifier", "The GRU-linked group APT41 phished ministries.", []string{"APT41 attributed-to GRU asserted"}},
		{"StateServiceModifierUnnamed", "IRGC-backed actors phished ministries in Jordan.", []string{"unnamed sponsored-by IRGC asserted"}},
		{"StateServiceAloneIsNoModifier", "The GRU-era files were leaked.", nil},
		{"PartnersAreNotTheGroup", "MuddyWater sells skimmers. The website says its owners have worked with Russian cybercriminals in the past.", nil},
		{"AgentsAreTheGroup", "Thousands of terminals were hit in attacks by Russian cybercriminals.", []string{"unnamed originates-from Russia asserted"}},
		{"DashAsideKeepsItsOwnPolarity", "APT41 likely worked with MuddyWater—an actor that Acme has publicly linked to Iran.", []string{"MuddyWater attributed-to Iran asserted"}},
		{"ClosedDashAsideKeepsTheHedge", "MuddyWater is likely—according to Acme—linked to Iran.", []string{"MuddyWater attributed-to Iran hedged"}},
		{"DealingWithIsTheGroup", "Whatever name it gets, we believe that we are dealing with a Chinese actor that targets Japan.", []string{"unnamed originates-from China asserted"}},
		{"DistinctListKeepsItsOwnPolarity", "Analysts had mistakenly attributed the waves to APT41 and now characterize two distinct threat actors — MuddyWater and APT-C-23 — behind them.",
			[]string{"unnamed attributed-to APT41 negated", "MuddyWater distinct-from APT-C-23 asserted"}},
		{"CorrectedAttributionIsNotAsserted", "Earlier campaigns were mistakenly attributed to APT41. Campaigns attributed to APT41 used ShadowPad.",
			[]string{"unnamed attributed-to APT41 negated"}},
		{"MisattributedIsACorrection", "These campaigns were misattributed to APT41. Later campaigns attributed to APT41 used ShadowPad.",
			[]string{"unnamed attributed-to APT41 negated"}},
		{"NoEvidenceIsNoCorrection", "There is no evidence to attribute these campaigns to APT41. Campaigns attributed to APT41 used ShadowPad.",
			[]string{"unnamed attributed-to APT41 negated", "unnamed attributed-to APT41 asserted"}},
		{"CorrectionLeavesNamedSubjects", "Earlier campaigns were mistakenly attributed to APT41. MuddyWater is linked to APT41.",
			[]string{"unnamed attributed-to APT41 negated", "MuddyWater attributed-to APT41 asserted"}},
		{"PronounAfterActiveCue", "A group dubbed Quartz Otter hit carriers. Acme stopped short of tying it to the Vietnamese government.",
			[]string{"Quartz Otter attributed-to Vietnam negated"}},
		{"PronounTooFarFromTheName", "A group dubbed Quartz Otter hit carriers. The attack hit carriers. Acme linked it to the Vietnamese government.",
			[]string{"unnamed attributed-to Vietnam asserted"}},
		{"VendorTracksTheGroupAs", "A hacking group that security firm Acme Labs tracks as Quartz Otter broke into carriers. Acme said it had no evidence connecting Quartz Otter to APT41.",
			[]string{"Quartz Otter attributed-to APT41 negated"}},
		{"ModerateConfidenceHedgesAPhrase", "We assess with moderate confidence that APT41 is a Chinese state-sponsored actor.",
			[]string{"APT41 sponsored-by China hedged"}},
		{"HighConfidenceKeepsAPhrase", "We assess with high confidence that APT41 is a Chinese state-sponsored actor.",
			[]string{"APT41 sponsored-by China asserted"}},
		{"ConfidenceOfAnotherClause", "We have low confidence in the dates, but APT41 is a Chinese state-sponsored actor.",
			[]string{"APT41 sponsored-by China asserted"}},
		{"AnotherLinkedApposition", "MuddyWater shares tooling with APT41, another China-linked group.",
			[]string{"APT41 attributed-to China asserted"}},
		{"RebrandIsTheSameGroup", "APT41 is likely a rebrand of MuddyWater.", []string{"APT41 same-as MuddyWater hedged"}},
		{"OnlyActorNamedTwiceIsDeclined", "APT41 sent lures in March. APT41 then hit carriers. Acme does not have enough information to make any type of attribution.",
			[]string{"APT41 attributed-to unspecified actor or state negated"}},
		{"IndefiniteGroupIsIntroduced", "APT41 was seen in Oslo last year.\n\nA threat actor tracked as MuddyWater targeted banks in Peru.", nil},
		{"ApposedIndefiniteGroupIsNamed", "APT41, a group also known as MuddyWater, hit banks.", []string{"APT41 same-as MuddyWater asserted"}},
		{"BlamedOnAState", "The UK government blamed the attack on Ukraine's grid on Russia.", []string{"unnamed attributed-to Russia asserted"}},
		{"BlamedForAnAttack", "Officials blamed APT41 for the attack.", []string{"unnamed attributed-to APT41 asserted"}},
		{"PredicateDemonymHedged", "APT41 is believed to be Chinese.", []string{"APT41 originates-from China hedged"}},
		{"PredicateDemonymOfAReference", "The hackers are possibly Russian.", []string{"unnamed originates-from Russia hedged"}},
		{"PredicateDemonymOfSomethingElse", "The lure was Russian.", nil},
		{"RelativeClauseOnTheName", "APT41, which has long been linked to China, hit ministries.", []string{"APT41 attributed-to China asserted"}},
		{"RelativeClauseOnAnotherNoun", "APT41 used ShadowPad, which is linked to China.", nil},
		{"LineageWithSoftware", "APT41, around since 2019, is associated with the MuddyWater aka Seedworm ransomware.", nil},
		{"LineageWithTheGroup", "APT41 is associated with MuddyWater.", []string{"APT41 attributed-to MuddyWater asserted"}},
		{"NotTheSameAsAsserts", "APT41 is not the same as MuddyWater.", []string{"APT41 distinct-from MuddyWater asserted"}},
		{"NotToBeConfusedWith", "APT41 is not to be confused with MuddyWater.", []string{"APT41 distinct-from MuddyWater asserted"}},
		{"SplinterIsPartOf", "APT41 is a splinter of MuddyWater.", []string{"APT41 part-of MuddyWater asserted"}},
		{"DismissedTheory", "Early reports claimed APT41 was linked to China, a theory investigators later dismissed.", []string{"APT41 attributed-to China negated"}},
		{"SomeResearchersHedge", "APT41, which some researchers have linked to Iran, hit ministries.", []string{"APT41 attributed-to Iran hedged"}},
		{"PronounDescribedAs", "APT41 hit ministries. Acme described it as a Chinese state-sponsored actor.", []string{"APT41 sponsored-by China asserted"}},
		{"DenialAfterAnAliasClaim", "APT41 is also tracked as MuddyWater. The Iranian government has denied conducting cyber operations.",
			[]string{"APT41 same-as MuddyWater asserted", "unnamed attributed-to Iran denied"}},
		{"VendorTracksGroupAs", "Mandiant tracks APT41 as MuddyWater.", []string{"APT41 same-as MuddyWater asserted"}},
		{"GroupTrackedByVendorAs", "APT41 is tracked by Mandiant as MuddyWater.", []string{"APT41 same-as MuddyWater asserted"}},
		{"GroupWhichVendorTracksAs", "APT41, which Mandiant tracks as MuddyWater, hit ministries.", []string{"APT41 same-as MuddyWater asserted"}},
		{"OtherVendorsTrackTheGroupAs", "APT41 hit banks. Other vendors track the group as MuddyWater.", []string{"APT41 same-as MuddyWater asserted"}},
		{"CampaignTrackedAsIsNoAlias", "APT41 hit banks in a campaign Mandiant tracks as MuddyWater.", nil},
		{"ContrastedGroupsTieNobody", "Unlike Chinese groups, APT41 uses custom tools.", nil},
		{"DistinctListHedged", "The waves possibly come from two distinct groups: MuddyWater and APT-C-23.",
			[]string{"MuddyWater distinct-from APT-C-23 hedged"}},
		{"RelativeClauseOfANamedLinker", "An effort appears to be made to discredit Acme who linked the intrusions to Iran.",
			[]string{"unnamed attributed-to Iran asserted"}},
		{"FraudGroupApposition", "A Nigerian fraud group, APT-C-23, has carried out similar fraud.", []string{"APT-C-23 originates-from Nigeria asserted"}},
		{"ProbablyRunFrom", "Acme said that the gang is probably run from Russia.", []string{"unnamed originates-from Russia hedged"}},
		{"ToolRunFromADrive", "APT41's loader can run from a USB drive made in Germany.", nil},
		{"ParallelObjects", "We therefore cannot attribute the intrusion to APT41 or to Iran.",
			[]string{"unnamed attributed-to APT41 negated", "unnamed attributed-to Iran negated"}},
		{"GroupThatAGovernmentTied", "APT41, a group that the South Korean government has tied to China, hit banks.", []string{"APT41 attributed-to China asserted"}},
		{"CouldBelongToAGroup", "A researcher said the tooling could belong to another Iranian group.", []string{"unnamed originates-from Iran hedged"}},
		{"ContractorOnBehalfOf", "APT41 hit banks in Israel. The defendants worked for a contractor that carried out cyber operations on behalf of the Islamic Revolutionary Guard Corps (IRGC).",
			[]string{"unnamed sponsored-by Islamic Revolutionary Guard Corps (IRGC) asserted"}},
		{"OnBehalfOfAState", "We assess with moderate confidence that APT41 operates on behalf of a state.", []string{"APT41 sponsored-by unspecified government hedged"}},
		{"WorksForAStateOwnedCompany", "APT41 hit banks. The engineer works for a state-owned carrier.", nil},
		{"ParticipleOnPredicateGroup", "APT41 is a South American group, possibly operating from Colombia.",
			[]string{"APT41 originates-from Colombia hedged", "APT41 originates-from South America asserted"}},
		{"NotKnownToWorkForAnyGovernment", "APT41 is a South American group and is not known to work for any government.",
			[]string{"APT41 sponsored-by unspecified government negated", "APT41 originates-from South America asserted"}},
		{"WorkedForACompany", "APT41 hit banks. Its leader once worked for a company in Israel.", nil},
		{"WrongToAttribute", "Acme said in May that the breach was the work of APT41. \"We were wrong to attribute this intrusion to APT41,\" Acme said on Monday.",
			[]string{"unnamed attributed-to APT41 negated"}},
		{"ExitNodesAreNoTie", "The operators connected to those servers through commercial VPN exit nodes in Canada.", nil},
		{"OverlapButNotTheSameGroup", "APT41's tooling overlaps with MuddyWater, but we do not consider the two the same group.",
			[]string{"APT41 same-as MuddyWater negated"}},
		{"SomeReportingDescribesAs", "While some reporting describes APT41 as part of MuddyWater, the agencies assess that APT41 is a distinct unit.",
			[]string{"APT41 part-of MuddyWater hedged"}},
		{"SuggestedSpeakers", "The comments left in a script suggested Russian-speaking operators.", []string{"unnamed originates-from Russia hedged"}},
		{"ReleasedNotCharged", "Prosecutors charged two men with extortion; the Moldovan man was released on bail.", nil},
		{"AccuserOwnWordsAfterAccusations", "Washington has launched accusations like this before, and it accused Iran of the same theft in 2014.",
			[]string{"unnamed attributed-to Iran asserted"}},
		{"WidelyAssessedToWorkFor", "Analysts have long noted its interest in shipping; APT41 is widely assessed to work for China's Ministry of State Security.",
			[]string{"APT41 sponsored-by Ministry of State Security (China) hedged"}},
		{"OfOriginAfterAView", "APT41 hit banks. Winnti Group is thought to be of Chinese origin.", []string{"Winnti Group originates-from China hedged"}},
		{"ReferenceBeforeTheMainActorIsNamed", "APT41 breached a bank in Chile. The China-linked group stole card data. Later, MuddyWater was seen in Jordan. MuddyWater used new lures. MuddyWater also hit Egypt.",
			[]string{"APT41 attributed-to China asserted"}},
		{"ClaimNotVerified", "APT41 defaced the portal. The group's statement that it is part of MuddyWater could not be independently verified.",
			[]string{"APT41 part-of MuddyWater hedged"}},
		{"ClaimThenNotConfirmed", "APT41 says it is part of MuddyWater, but this has not been confirmed.", []string{"APT41 part-of MuddyWater hedged"}},
		{"PossessiveOperatorsBasedIn", "MuddyWater’s operators are probably based in Iran, the vendor said.", []string{"MuddyWater originates-from Iran hedged"}},
		{"PaidByAStateAgency", "The intruders were paid by an Egyptian intelligence agency to break into the mailboxes.", []string{"unnamed sponsored-by Egypt asserted"}},
		{"ServiceDescribedBeforeItsName", "Investigators say MuddyWater is a subgroup of Iran's intelligence ministry, the MOIS.",
			[]string{"MuddyWater part-of MOIS (Iran) asserted"}},
		{"RelativeAsideBeforeTheVerb", "The intruders, who pretended to be Turkish activists, were in fact operating from Azerbaijan.",
			[]string{"unnamed originates-from Azerbaijan asserted"}},
		{"ClueSuggestsABase", "Most commits were pushed during office hours in UTC+3, suggesting a base in Turkey.", []string{"unnamed originates-from Turkey hedged"}},
		{"ClueIndicatesOperators", "The keyboard layouts indicate operators located in Iran, though they may be planted.", []string{"unnamed originates-from Iran hedged"}},
		{"DenialNamesItsOwnActor", "A Kazakh-speaking crew may be behind the card thefts. Pakistan's foreign ministry denied reports that tied APT41 to its spy agency.",
			[]string{"unnamed originates-from Kazakhstan asserted", "APT41 attributed-to Pakistan denied"}},
		{"FrontFor", "Officials say Fancy Bear is a front for the GRU.", []string{"APT28 attributed-to GRU asserted"}},
		{"FrontForAPlace", "APT41 is most likely a front for Chinese military intelligence.", []string{"APT41 attributed-to China hedged"}},
		{"FrontForAnActivity", "The shop was a front for money laundering in Spain.", nil},
		{"InsistsNoLinks", "APT41 defaced the portal. The crew insists it has no links to any government.", []string{"APT41 sponsored-by unspecified government denied"}},
		{"VendorSaysItHasNoEvidence", "Microsoft says it has no evidence that MuddyWater is linked to Iran.", []string{"MuddyWater attributed-to Iran negated"}},
		{"ActorSaysItHasNoLinks", "APT41 defaced the portal. APT41 says it has no links to any government.", []string{"APT41 sponsored-by unspecified government denied"}},
		{"HasLinksTo", "Researchers say MuddyWater has links to Iran's Ministry of Intelligence.", []string{"MuddyWater attributed-to Ministry of Intelligence (Iran) asserted"}},
		{"ConsideredByOthersToBe", "MuddyWater is considered by many vendors to be an Iranian group.", []string{"MuddyWater originates-from Iran hedged"}},
		{"CalledByNoOne", "APT41 has been called a front for Chinese military intelligence.", []string{"APT41 attributed-to China hedged"}},
		{"DescribedByNoOne", "MuddyWater has often been described as an Iranian group.", []string{"MuddyWater originates-from Iran hedged"}},
		{"DescribedByAVendor", "MuddyWater has been described by Microsoft as an Iranian group.", []string{"MuddyWater originates-from Iran asserted"}},
		{"SomeObserversDescribeAsStateSponsored", "Some observers have since described MuddyWater as an Iranian state-sponsored crew.", []string{"MuddyWater sponsored-by Iran hedged"}},
		{"SomeJournalistsTie", "A few journalists have tied APT41 to the Chinese government.", []string{"APT41 attributed-to China hedged"}},
		{"SomeJournalistsAsVictims", "Some journalists were phished by MuddyWater, an Iranian state-sponsored crew.", []string{"MuddyWater sponsored-by Iran asserted"}},
		{"ServersWeTiedEarlier", "But the March campaign used servers we had previously tied to APT41.", nil},
		{"DomainsThatOthersLinked", "The outage used domains that researchers previously linked to MuddyWater.", nil},
		{"CampaignWeTiedAfterServers", "The servers we seized served a campaign we tied to APT41.", []string{"unnamed attributed-to APT41 asserted"}},
		{"AssessedAlmostCertain", "We assess it is almost certain that MuddyWater is a subgroup of Iran's intelligence ministry, the MOIS.",
			[]string{"MuddyWater part-of MOIS (Iran) asserted"}},
		{"AssessedWithoutCertainty", "We assess that MuddyWater is a subgroup of Iran's intelligence ministry, the MOIS.",
			[]string{"MuddyWater part-of MOIS (Iran) hedged"}},
		{"NothingLinks", "The outage hit two banks. Nothing links the outage to Iran.", []string{"unnamed attributed-to Iran negated"}},
		{"NothingWeSawLinks", "The outage hit two banks. Nothing we saw links the outage to MuddyWater.", []string{"unnamed attributed-to MuddyWater negated"}},
		{"EvidenceLinks", "The outage hit two banks. Investigators say the evidence links the outage to MuddyWater.", []string{"unnamed attributed-to MuddyWater asserted"}},
		{"GangRunningASiteWrote", "APT41 defaced the portal. The gang running the leak site wrote that it is not affiliated with any government.",
			[]string{"APT41 sponsored-by unspecified government denied"}},
		{"CrewPosted", "APT41 defaced the portal. The crew posted that they are not affiliated with any state.",
			[]string{"APT41 sponsored-by unspecified government denied"}},
		{"VendorWroteOfTheGang", "APT41 defaced the portal. Microsoft wrote that the gang is not affiliated with any government.",
			[]string{"APT41 sponsored-by unspecified government negated"}},
		{"SaidNothingToDoWith", "The outage hit two banks. A spokesman for the Iranian mission said Iran had nothing to do with the outage.",
			[]string{"unnamed attributed-to Iran denied"}},
		{"SaidNothingToDoWithAfterANegation", "APT41 hit banks; we have not attributed it to Iran. A spokesman for the Chinese mission said China had nothing to do with the outage.",
			[]string{"unnamed attributed-to Iran negated", "unnamed attributed-to China denied"}},
		{"WriterNothingToDoWith", "The outage hit two banks. The outage had nothing to do with Iran.", nil},
		{"PinnedOn", "The outage hit two banks. Local papers pinned the outage on MuddyWater.", []string{"unnamed attributed-to MuddyWater asserted"}},
		{"OthersViewKeepsTheWritersAliases", "The outage hit two banks. Several outlets blamed it on Fancy Bear (aka APT28).", []string{"Fancy Bear same-as APT28 asserted", "unnamed attributed-to Fancy Bear hedged"}},
		{"PinnedCertificate", "The implant pinned the certificate of its server on a host in Iran.", nil},
		{"NotLinkedToAnyState", "Mandiant has never linked APT41 to any state.", []string{"APT41 sponsored-by unspecified government negated"}},
		{"LinkedToAStateOwnedCarrier", "Mandiant linked APT41 to a state-owned carrier's leaked data.", nil},
		{"OrdinalStandsForTheActivity", "We handled two breaches this year. The second was the work of APT41.", []string{"unnamed attributed-to APT41 asserted"}},
		{"OrdinalOfAList", "The second was probably carried out by MuddyWater.", []string{"unnamed attributed-to MuddyWater hedged"}},
		{"OrdinalOfAName", "The first report on APT41 was the work of a student.", nil},
		{"PredicateTwoWordDemonym", "APT41 hit two banks. The group is North Korean.", []string{"APT41 originates-from North Korea asserted"}},
		{"PredicateTwoWordDemonymHedged", "The intruders are probably South African, and they reuse old tools.", []string{"unnamed originates-from South Africa hedged"}},
		{"PredicateTwoWordDemonymOfAThing", "APT41 hit two banks. The loader is North Korean.", nil},
		{"ShouldNotBeConfusedWith", "MuddyWater should not be confused with APT41, a Chinese crew.", []string{"MuddyWater distinct-from APT41 asserted", "APT41 originates-from China asserted"}},
		{"ShouldNeverBeConfusedWith", "APT41 hit two banks. The group must never be confused with MuddyWater.", []string{"APT41 distinct-from MuddyWater asserted"}},
		{"NexusTo", "We assess with moderate confidence that APT41 has a nexus to China.", []string{"APT41 attributed-to China hedged"}},
		{"DissentAboutItsOwnSentencesTie", "Fancy Bear likely overlaps with Turla. Another vendor tied the wiper to APT41; we found no evidence for that link.", []string{"APT28 same-as Turla hedged", "unnamed attributed-to APT41 negated"}},
		{"DissentOpeningTheNextSentence", "A blogger tied the wiper to APT41. We see no evidence for that link, and the ministry agrees.", []string{"unnamed attributed-to APT41 negated"}},
		{"CannotRuleOutSomethingElse", "The intrusion was carried out by APT41, and we cannot rule out further waves against the carrier.", []string{"unnamed attributed-to APT41 asserted"}},
		{"AgentlessViewInAClosedAside", "The loader, sometimes seen in phishing waves, is attributed to APT41.", []string{"unnamed attributed-to APT41 asserted"}},
		{"AgentlessViewOfAReportInAnAside", "The vendor's report, which has been called a landmark study, attributes the intrusions to APT41.", []string{"unnamed attributed-to APT41 asserted"}},
		{"RunByAService", "Fancy Bear is a separate crew run by the GRU.", []string{"APT28 sponsored-by GRU asserted"}},
		{"RunByAFirm", "APT41 rented servers run by a hosting firm in Peru.", nil},
		{"PartOfInADescription", "We attribute the heist to APT41, a cluster the FBI has described as part of the Winnti Group.", []string{"APT41 part-of Winnti Group asserted", "unnamed attributed-to APT41 asserted"}},
		{"SubgroupInADescription", "APT41, a group Mandiant describes as a subgroup of the Winnti Group, hit banks.", []string{"APT41 part-of Winnti Group asserted"}},
		{"RuledOut", "The wiper hit two banks. We have explicitly ruled out APT41.", []string{"unnamed attributed-to APT41 negated"}},
		{"NotRuledOutAState", "The wiper hit two banks. Investigators have not ruled out Iran.", []string{"unnamed attributed-to Iran hedged"}},
		{"CannotRuleOut", "The wiper hit two banks. We cannot rule out APT41, though the tooling differs.", []string{"unnamed attributed-to APT41 hedged"}},
		{"QuestionAsks", "Is APT41 a front for Chinese military intelligence?", []string{"APT41 attributed-to China hedged"}},
		{"QuestionAsksOfAGroup", "Our panel ends on a question: do Iranian crews still hit refineries?", []string{"unnamed originates-from Iran hedged"}},
		{"AnswerAfterQuestion", "Who is behind the wiper? APT41 is a front for Chinese military intelligence.", []string{"APT41 attributed-to China asserted"}},
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
		{"MembersOfAGroupBasedIn", "APT41 is a loose crew, mostly young people based in Canada.", "Canada:origin"},
		{"CrewOfMembersBasedIn", "The gang is a crew of teenagers based in Portugal.", "Portugal:origin"},
		{"PeopleBasedInAreVictims", "The phishing hit young people based in Canada.", "Canada:target"},
		{"AttackedGroupOfPeopleBasedIn", "The spyware targeted a group of activists based in Bahrain.", "Bahrain:target"},
		{"TargetedTeamBasedIn", "APT41 targeted a team of people based in Chile.", "Chile:target"},
		{"WriterHoldsAViewOfABase", "APT41 stole the keys. We believe they operate out of China.", "China:origin"},
		{"LaunderedBeforePhishing", "APT41 laundered the coins through mixers before phishing employees of banks in Chile.", "Chile:target"},
		{"WritersOwnBase", "APT41 stole the keys. Our exchange operates from Malta and Cyprus.", "Malta:other Cyprus:other"},
		{"WeOperateFrom", "APT41 stole the keys. We operate out of Malta.", "Malta:other"},
		{"LaunderedThroughAPlace", "APT41 stole the keys. The stolen coins were then laundered through mixers and a trading desk in Laos.", "Laos:other"},
		{"DemonymVictims", "APT41 sent lures to Italian organizations.", "Italy:target"},
		{"PossessiveVictim", "Ireland's health service was hit by ransomware.", "Ireland:target"},
		{"OriginAndTarget", "Chinese hackers also spy on Chinese dissidents.", "China:origin China:target"},
		{"InPassing", "The conference took place in France.", "France:other"},
		{"QualifiedVictimNoun", "Ransomware disrupted billing at a Norwegian mobile carrier.", "Norway:target"},
		{"CompanyHome", "Mandiant, which is based in Israel, says APT41 hit ministries in Bahrain.", "Israel:other Bahrain:target"},
		{"ResearchersSpeakFromAPlace", "APT41 used lures about trade, according to researchers in Japan.", "Japan:other"},
		{"ConfusedWithIsNoOrigin", "The group is sometimes confused with Iranian actors.", "Iran:other"},
		{"LureLanguageAndEvent", "The phishing lures were written in Kazakh and referenced a conference in Berlin.", "Kazakhstan:other Germany:other"},
		{"StoryRoleKept", "APT41 attacked carriers in Japan. Japan later published guidance.", "Japan:target Japan:target"},
		{"ListFromItsLast", "The actor sold stolen databases of Canadian and Mexican businesses.", "Canada:target Mexico:target"},
		{"HostingIsOther", "The attack used a server hosted in France.", "France:other"},
		{"BasedInIsOrigin", "The hosting service behind the attacks is based in Moldova.", "Moldova:origin"},
		{"AttributionCueIsOrigin", "The crew, associated with North Korea, stole funds.", "North Korea:origin"},
		{"DoubtedIsOther", "It is not clear whether any of the targets were Italian companies.", "Italy:other"},
		{"ImpersonatedIsOther", "The lures purporting to be from the Philippine government reached banks.", "Philippines:other"},
		{"NegatedIsOther", "The malware does not run in Russia and attacks banks.", "Russia:other"},
		{"ServiceOfAState", "ATK51 works under the Iranian MOIS.", "Iran:origin"},
		{"LanguageAreaIsARegion", "The campaign targeted German-speaking countries, and we believe the actor is from a Portuguese-speaking region.",
			"German-speaking countries:target Portuguese-speaking region:origin"},
		{"ListWithArticle", "The actor gained access to airlines in Bahrain, India, the Philippines, Qatar and Thailand.",
			"Bahrain:target India:target Philippines:target Qatar:target Thailand:target"},
		{"CurrencyIsNoPlace", "The kit sells for US$400 or 350 U.S. dollars to buyers in Brazil.", "Brazil:other"},
		{"SeaIsNoCountry", "The ships crossed the South China Sea before the campaign hit ports in Vietnam.", "Vietnam:target"},
		{"PlaceInSoftwareName", "The intruders dropped the China Chopper web shell on servers in Chile.", "Chile:other"},
		{"OwnCountryNeedsWords", "Chinese spies hid their servers in China during the intrusion.", "China:origin China:origin"},
		{"OwnCountryTargetedOutright", "Chinese spies hid servers in China and targeted Chinese dissidents.", "China:origin China:target China:target"},
		{"PrepositionFarFromAttack", "The breach was found last year, while its charity builds wells in Kenya.", "Kenya:other"},
		{"StateIsNoVictim", "The spyware has ties to the Egyptian government and infected phones.", "Egypt:other"},
		{"StateBodiesAreVictims", "The spyware infected Egyptian government agencies.", "Egypt:target"},
		{"LanguagesAreNoVictims", "After targeting banks, the spam came in Danish, Dutch and Finnish too.", "Denmark:other Netherlands:other Finland:other"},
		{"StateActs", "The Belarusian regime developed a tool to spy on protesters.", "Belarus:origin"},
		{"CriminalUnderground", "Sellers in the Brazilian underground offer the kit on Russian underground forums.", "Brazil:origin Russia:other"},
		{"Narrowing", "The actor targeted firms in the Gulf, especially the United Arab Emirates.", "Gulf:target United Arab Emirates:target"},
		{"SubjectNotPlace", "The phishing targeted experts in Middle Eastern affairs at think tanks.", "Middle East:other"},
		{"QuotedTitleStraight", `See the earlier post "ATK51 Targets US Researchers" for details of the attack.`, "United States:other"},
		{"QuotedTitle", "The phishing email invited targets to a webinar on “Security Challenges in the Middle East” in May.", "Middle East:other"},
		{"LanguageBeforePreposition", "The attacker shows an error in the Russian language.", "Russia:other"},
		{"AuthoritiesAreNoAuthors", "We reported the attack to French authorities.", "France:other"},
		{"InterestOfAState", "The group steals data of interest to the Iranian government.", "Iran:origin"},
		{"MalwareFromAPlace", "BlueFang—A New Ransomware from Brazil", "Brazil:origin"},
		{"PayloadFromAServer", "The loader fetched a payload from Brazil.", "Brazil:other"},
		{"HostingServiceOrigin", "The IP address was hosted by the well-known Russian-based BPH service [bulletnet](https://example.com/b).", "Russia:origin"},
		{"CommandServerIsOther", "The malware communicates with a C2 in France after it infected banks.", "France:other"},
		{"OriginThroughExamples", "Some sellers are operating from other regional hubs such as Vietnam, Laos and Cambodia.", "Vietnam:origin Laos:origin Cambodia:origin"},
		{"PlaceNamedCampaign", "APT41 sent lures. A malicious PDF was used in the Chile campaign.", "Chile:target"},
		{"GovernmentThatActs", "APT41 hit the grid. The government of Peru declared an emergency.", "Peru:other"},
		{"InstitutionsInPlaces", "APT41 sent lures. Recipients are typically people affiliated with high-profile think tanks or universities in Israel, Chile, or Europe with ties to the policy community.", "Israel:target Chile:target Europe:target"},
		{"OperateOutOf", "Some ransomware crews operate out of Vietnam and Laos.", "Vietnam:origin Laos:origin"},
		{"TiesOfAnAuthor", "The loader was written by a developer who is credited with ties to the Syrian government.", "Syria:origin"},
		{"SectorsOfAPlace", "The actor attacked organisations in the energy sectors of the Gulf, especially Oman and Kuwait.", "Gulf:target Oman:target Kuwait:target"},
		{"NarrowingPastVictims", "The actor is interested in Gulf targets, especially Oman and Kuwait.", "Gulf:target Oman:target Kuwait:target"},
		{"ListPastAbbreviation", "The crew attacked oil firms in the Gulf, especially the United Arab Emirates (UAE) and Qatar.", "Gulf:target United Arab Emirates:target United Arab Emirates:target Qatar:target"},
		{"AttackedDeveloper", "The Thai developer of the game was cyber-attacked in 2018.", "Thailand:target"},
		{"TieOfAThing", "The lure's file names refer to projects directly linked to Qatar.", "Qatar:other"},
		{"TieOfAnActor", "The crew behind the lures, directly linked to Qatar, reused them.", "Qatar:origin"},
		{"AttackedOperators", "The group attacked Ukrainian operators in March.", "Ukraine:target"},
		{"ReportedByAVendor", "The campaign, first reported by a Japanese vendor, hit operators in Thailand and Cambodia.", "Japan:other Thailand:target Cambodia:target"},
		{"AVendorBreached", "A Japanese security vendor was breached by the group.", "Japan:target"},
		{"HallmarksOfAClass", "The intrusions bear the hallmarks of Chinese state-sponsored actors.", "China:other"},
		{"ComparedGroupsHome", "The loader resembles one used by a threat group based in China.", "China:other"},
		{"GroupsHome", "A group based in China breached the operator.", "China:origin"},
		{"OneOfAClassStaysOrigin", "APT33 is one of the most active Iranian groups.", "Iran:origin"},
		{"IntoCountedOperators", "The crew broke into several Thai operators.", "Thailand:target"},
		{"AccusedNationals", "Police arrested two Ukrainian nationals suspected of running the botnet.", "Ukraine:origin"},
		{"PersonNounWhole", "Two Russian manufacturers were charged with fraud.", "Russia:other"},
		{"NationalsAsVictims", "Two Ukrainian citizens lost their savings to the scam.", "Ukraine:other"},
		{"Addressee", "The phishing email was addressed to the Kuwaiti consulate.", "Kuwait:target"},
		{"ShopsAsVictims", "Skimmers infected a few German shopping websites.", "Germany:target"},
		{"VictimsBeforePreposition", "Banks across Norway and Denmark received malicious emails from a supplier.", "Norway:target Denmark:target"},
		{"OperatorIsAVictim", "The intruders breached mobile operators in Asia. At the Thai operator, they stole call records.", "Asia:target Thailand:target"},
		{"HelpFromIsOther", "The crew recruited help from Russian-speaking ransomware gangs.", "Russia:other"},
		{"RentedInfrastructure", "The hackers hosted phishing pages on servers rented in Bulgaria and registered domains through a registrar in Iceland.", "Bulgaria:other Iceland:other"},
		{"ExitNode", "The operators used a VPN exit node in Germany to reach the victims.", "Germany:other"},
		{"RentedFromAProvider", "The operators rented servers from a provider in the Netherlands to attack banks.", "Netherlands:other"},
		{"NotAffected", "APT41 attacked carriers in Finland. Operators in Estonia and Latvia have not been affected.", "Finland:target Estonia:other Latvia:other"},
		{"FakeSender", "The lure was a fake job offer from a Saudi telecom regulator sent to engineers.", "Saudi Arabia:other"},
		{"StolenFromAFirm", "The actor sold card data stolen from a Spanish bank.", "Spain:target"},
		{"SecurityFirmHome", "Security firm Vantor Labs, which is based in Israel and is helping the bank after the breach, declined to comment.", "Israel:other"},
		{"FirmHomeIsNoOrigin", "Cybersecurity firm Vantor Labs, which is based in Israel, said it had not attributed the attack to any group.", "Israel:other"},
		{"SharedLanguageIsNoOrigin", "The gang is made of Spanish-speaking criminals.", "Spain:other"},
		{"NoVictimsIn", "The spyware hit activists in Kuwait. We found no victims in Sweden, where we are based.", "Kuwait:target Sweden:other"},
		{"StorageServiceIn", "The spyware was hosted on a cloud storage service in Ireland and infected phones.", "Ireland:other"},
		{"CountsInEachPlace", "Our responders have worked on intrusions at four mobile network operators: two in Mexico, one in Peru and one in Chile.", "Mexico:target Peru:target Chile:target"},
		{"BreakingIntoIsTargeting", "APT41 is breaking into mobile network operators in Indonesia, the Philippines and Thailand.",
			"Indonesia:target Philippines:target Thailand:target"},
		{"BasedCompanyIsOther", "Tidewatch, a Singapore-based company, has notified the affected carriers.", "Singapore:other"},
		{"UnknownFirmBasedIn", "Northgate, which is based in South Africa, shared indicators with the national CERTs.", "South Africa:other"},
		{"CountriesIncluding", "The actors disabled modems used by customers across several European countries, including Germany and France.",
			"Europe:target Germany:target France:target"},
		{"FraudGroupDemonym", "A Nigerian fraud group, SilverTerrier, has carried out similar fraud.", "Nigeria:origin"},
		{"ProbablyRunFrom", "Redmarsh said that the gang is probably run from Russia.", "Russia:origin"},
		{"StateBodyATieReaches", "The victimology offers no evidence linking the operators to a specific Chinese government agency.", "China:other"},
		{"PoliceInAPlace", "Police in Spain and Ukraine have arrested four people suspected of belonging to the ransomware gang, which has extorted at least 30 companies.",
			"Spain:other Ukraine:other"},
		{"ResponderOffices", "Larchwood, which has offices in Estonia and Finland, has shared indicators with affected providers.", "Estonia:other Finland:other"},
		{"ReportingByAVendor", "Earlier reporting by a French vendor tied the theft of call records in Kenya to APT41.", "France:other Kenya:target"},
		{"InfectedRouters", "In 2018 the group infected thousands of home routers in Ukraine to prepare a destructive attack.", "Ukraine:target"},
		{"RelayingHijackedRouters", "The flood of requests came from thousands of hijacked routers in Brazil and Indonesia.", "Brazil:other Indonesia:other"},
		{"RelayingRouters", "The junk traffic that knocked the bank offline was sent by compromised routers in Chile and Peru.", "Chile:other Peru:other"},
		{"HittingProviders", "A smishing spree hitting broadband providers in Chile and Peru drew attention.", "Chile:target Peru:target"},
		{"HasBeenHittingCarriers", "The crew has been hitting carriers in Morocco for a year and is probably Portuguese-speaking.", "Morocco:target Portugal:other"},
		{"HittingTheHeadlinesIsNoAttack", "The crew's leader, hitting the headlines in Morocco, gave an interview.", "Morocco:other"},
		{"VictimAside", "The crew moved from bank to bank over a clearing house in Latvia, itself a victim of the crew.", "Latvia:target"},
		{"FoundInTheNetworks", "Investigators found the backdoor in the networks of two Kenyan embassies last spring.", "Kenya:target"},
		{"PosedAsIsNoOrigin", "The intruders, who pretended to be Turkish activists, were in fact operating from Azerbaijan.", "Turkey:other Azerbaijan:origin"},
		{"VictimsListedAfterCopula", "The countries that suffered the attacks were Chile, Peru and Bolivia.", "Chile:target Peru:target Bolivia:target"},
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
		{"AffiliateTrackedAs", "The locker was deployed by an affiliate that Acme tracks as Salt Heron.", "actor:Salt Heron"},
		{"WeTrackAs", "Access was bought by a crew we now track as Tin Lark, which resold it.", "actor:Tin Lark"},
		{"KnownNameNotNew", "A group known as ATK51 sent lures.", ""},
		{"CommonWordNotAName", "The group, called by some researchers a loose collective, went quiet.", ""},
		{"Handle", "The handle [*Velvet Fox*](https://example.org/vf) belonged to a forum seller.", "actor:Velvet Fox"},
		{"UnderTheMoniker", "The access was offered under the moniker Coldharbor on two forums.", "actor:Coldharbor"},
		{"QuotedBeforeKindAndGroup", "We observed that the “Scarlet Widow” cybercriminal group sells the stealer.", "actor:Scarlet Widow"},
		{"QuotedBeforeBareGroup", `The process is applicable to the "Everyone" group, so no one can kill it.`, ""},
		{"QuotedBeforeActor", `Researchers saw the "Grey Heron" actor again.`, "actor:Grey Heron"},
		{"ThreatActorNoun", "The threat actor Quill Moth has sold access since 2019.", "actor:Quill Moth"},
		{"ThreatActorNounBeforeAVendor", "The threat actor ESET tracks as ATK51 sent lures.", ""},
		{"TrackedByAVendor", "A hacking group that security firm Acme Labs tracks as Quartz Otter broke into carriers.", "actor:Quartz Otter"},
		{"CalledByANamer", "The group Acme calls Slate Heron phished ministries.", "actor:Slate Heron"},
		{"BackdoorAVendorCalls", "They installed a backdoor which the researchers call LoomDoor.", "malware:LoomDoor"},
		{"BackdoorItCalls", "Acme Labs found a custom backdoor it calls ReedLatch on the servers.", "malware:ReedLatch"},
		{"IntrudersWhichItTracks", "Acme Labs said the intruders, which it tracks as Umber Kite, stole call records.", "actor:Umber Kite"},
		{"ItCallsWithoutAKind", "In its report Acme says it calls Umber Kite a nuisance.", ""},
		{"NamedByALowerCaseNamer", "A loader the bank's investigators named TallowLoad sat on two hosts.", "malware:TallowLoad"},
		{"NamedByANamerWithoutAKind", "Last week the bank's investigators named Tom Reed their lead.", ""},
		{"CallsWithoutAKind", "In its report Acme calls Slate Heron a nuisance.", ""},
		{"TrackThisActivityAs", "We track this activity as UNC9001.", "actor:UNC9001"},
		{"ApposedGroupNoun", "Researchers published a report on Quill Moth, a group formerly known as Dust Heron.", "actor:Quill Moth,actor:Dust Heron"},
		{"ApposedMemberOfATeam", "Bob Smith, a member of the team, left.", ""},
		{"ApposedFirm", "Acme Labs, a security firm, said so.", ""},
		{"ApposedAfterASentenceAdverb", "Indeed, a group of hackers hit banks.", ""},
		{"WeCallTheGroupBehind", "We call the intrusion set behind this campaign Copper Wren.", "actor:Copper Wren"},
		{"WeCallTheGroupNotAName", "We call the group a nuisance.", ""},
		{"TracksTheSameActivity", "Acme Labs tracks the same activity as Tin Lark.", "actor:Tin Lark"},
		{"DubbedAfterCoiner", "The loader resembles tools of the threat actor we previously dubbed Frostbite.", "actor:Frostbite"},
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

// TestActivityRefAfterSaying: the words that designate an unnamed
// activity start after the verb of saying before them.
func TestActivityRefAfterSaying(t *testing.T) {
	for text, want := range map[string]string{
		"Two people familiar with the investigation told reporters the attack was possibly the work of APT41.": "the attack",
		"In this case Acme said that the intrusions were tied to APT41.":                                       "the intrusions",
	} {
		cs := Extract(text, sampleDictionary()).Claims
		if len(cs) != 1 || cs[0].Mention != want {
			t.Errorf("%s: got %+v, want one claim on %q", text, cs, want)
		}
	}
}

// TestNoBreakSpaces: web pages put no-break spaces between words; the
// rules read them as spaces, and offsets and surface forms stay the text's.
func TestNoBreakSpaces(t *testing.T) {
	text := "The Winnti\u00a0Group, a Chinese\u00a0state-sponsored group, hit carriers in\u00a0Japan."
	r := Extract(text, sampleDictionary())
	if got := claimKeys(r); fmt.Sprint(got) != fmt.Sprint([]string{"Winnti Group sponsored-by China asserted"}) {
		t.Errorf("claims %q", got)
	}
	if len(r.Actors) != 1 || r.Actors[0].Mention != "Winnti\u00a0Group" {
		t.Errorf("actors %+v, want the Winnti Group as written", r.Actors)
	}
	for _, m := range append(append([]Mention{}, r.Actors...), r.Countries...) {
		if text[m.Start:m.End] != m.Mention {
			t.Errorf("span %d:%d is %q, mention %q", m.Start, m.End, text[m.Start:m.End], m.Mention)
		}
	}
	for _, c := range r.Claims {
		if text[c.Start:c.End] != c.Evidence {
			t.Errorf("evidence span %d:%d is not the evidence", c.Start, c.End)
		}
	}
	var roles []string
	for _, m := range r.Countries {
		roles = append(roles, m.Name+":"+m.Role)
	}
	if strings.Join(roles, " ") != "China:origin Japan:target" {
		t.Errorf("roles %q", roles)
	}
}

// TestActorInCompanyName: an actor's alias that starts a company's or a
// product's name ("Winnti Labs", "Winnti Cloud") names no actor.
func TestActorInCompanyName(t *testing.T) {
	r := Extract("The sample was hosted on Winnti Cloud and analysed by Winnti Labs. Winnti later phished banks.", sampleDictionary())
	var got []string
	for _, m := range r.Actors {
		got = append(got, m.Mention)
	}
	if fmt.Sprint(got) != "[Winnti]" {
		t.Errorf("actors %q, want only the last Winnti", got)
	}
}

// TestActorStartingALongerName: a known one-word name that a text keeps
// writing as the start of a longer one names that other thing, except
// where it stands alone.
func TestActorStartingALongerName(t *testing.T) {
	r := Extract("Blackfly Heron emerged in May. The Blackfly Heron crew is unrelated to Blackfly, which hit game studios. APT41 Mimikatz runs were seen twice, and APT41 Mimikatz logs too.", sampleDictionary())
	var got []string
	for _, m := range r.Actors {
		got = append(got, m.Mention)
	}
	if fmt.Sprint(got) != "[Blackfly Heron Blackfly Blackfly APT41 APT41]" { // two entries hold Blackfly
		t.Errorf("actors %q, want the crew the text names, the lone Blackfly and the code name before a tool", got)
	}
}

// TestPairedNamesSubject: of two names written as one ("TEMP.Zagros
// (ATK51)"), the one the text uses more often is the subject.
func TestPairedNamesSubject(t *testing.T) {
	r := Extract("ATK51 phished banks. ATK51 stole mail. The loader was used by TEMP.Zagros (ATK51) in 2019.", sampleDictionary())
	var got []string
	for _, c := range r.Claims {
		got = append(got, c.Mention+" "+c.Relation+" "+c.Object)
	}
	if want := []string{"ATK51 same-as TEMP.Zagros"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestFreshNameNotAnArtifact: a capitalised word before a noun for a thing
// ("the PDB path") is no name a cue can take as a group's.
func TestFreshNameNotAnArtifact(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		want     bool
	}{
		{"The path overlaps with the PDB path of an older tool.", false},
		{"The group overlaps with the Frostbite actor.", true},
		{"The group overlaps with Frostbite.", true},
	} {
		ce := strings.Index(tc.sentence, "with") + len("with")
		_, ok := freshName(tc.sentence, 0, ce, nil)
		if ok != tc.want {
			t.Errorf("%q: got %v, want %v", tc.sentence, ok, tc.want)
		}
	}
}

// TestNameTwoEntriesGiveCountsOnce: a knowledge that holds a name in two
// entries (an ATT&CK group and a MISP cluster of one name) finds it twice
// at one place; the text still names it once there, so the claims are
// those of a dictionary that holds it once.
func TestNameTwoEntriesGiveCountsOnce(t *testing.T) {
	text := "APT41 sent lures in March. MuddyWater was active too. APT41 then hit carriers. " +
		"Acme does not have enough information to make any type of attribution."
	one := []Entry{
		{Kind: KindActor, Name: "APT41", Canonical: "APT41", ID: "G0096"},
		{Kind: KindActor, Name: "MuddyWater", Canonical: "MuddyWater", ID: "G0069"},
	}
	two := append(slices.Clone(one), Entry{Kind: KindActor, Name: "APT41", Canonical: "APT41", ID: "misp:apt41"})
	claims := func(es []Entry) []string {
		var out []string
		for _, c := range Extract(text, NewDictionary(es)).Claims {
			out = append(out, c.Subject+" "+c.Relation+" "+c.Object+" "+c.Polarity)
		}
		return out
	}
	if a, b := claims(one), claims(two); !slices.Equal(a, b) || len(a) != 1 || a[0] != "unnamed attributed-to unspecified actor or state negated" {
		t.Errorf("one entry: %q; two entries: %q; want both the unnamed activity's declined attribution", a, b)
	}
}

// TestIntroducedNameHoldsAKnownWord: a group the text introduces whose
// name holds a word the dictionary knows as something else ("Lynx", a
// malware family, in "Quartz Lynx") is the group wherever the text writes
// it: its claims are read, and the word is no malware there.
func TestIntroducedNameHoldsAKnownWord(t *testing.T) {
	d := NewDictionary([]Entry{
		{Kind: KindMalware, Name: "Lynx", Canonical: "Lynx", ID: "malware--lynx"},
		{Kind: KindActor, Name: "APT41", Canonical: "APT41", ID: "G0096"},
	})
	r := Extract("A group dubbed Quartz Lynx hit banks. Quartz Lynx is a splinter of APT41 and is linked to China.", d)
	if got := claimKeys(r); !slices.Equal(got, []string{"Quartz Lynx part-of APT41 asserted", "Quartz Lynx attributed-to China asserted"}) {
		t.Errorf("claims %q", got)
	}
	if len(r.Malware) != 0 {
		t.Errorf("malware %v, want none", r.Malware)
	}
}

// TestIntroducedNameAfterWe: "an intrusion set we track as X" introduces X
// as the writer names it; a common word the dictionary knows as an
// actor's alias ("Copper", one of Tonto Team's) that the introduced name
// goes on from is a word of that name, not the known actor, while the
// word alone still is.
func TestIntroducedNameAfterWe(t *testing.T) {
	d := NewDictionary([]Entry{
		{Kind: KindActor, Name: "COPPER", Canonical: "Tonto Team", ID: "G0131"},
		{Kind: KindMalware, Name: "Lynx", Canonical: "Lynx", ID: "malware--lynx"},
	})
	for _, c := range []struct{ text, want string }{
		{"Since May an intrusion set we track as Quartz Lynx has hit two carriers. Quartz Lynx is linked to Iran.", "Quartz Lynx"},
		{"A cluster we now track as Copper Heron phished the ministry. Copper Heron is linked to Iran.", "Copper Heron"},
		{"A cluster we track as Copper phished the ministry.", "Tonto Team"},
	} {
		r := Extract(c.text, d)
		var got []string
		for _, m := range r.Actors {
			got = append(got, m.Name)
		}
		if strings.Join(got, ", ") != c.want || len(r.Malware) != 0 {
			t.Errorf("%q: actors %q, malware %v; want %q alone", c.text, got, r.Malware, c.want)
		}
	}
	r := Extract("A cluster we track as Copper Heron phished the ministry. Copper Heron is linked to Iran.", d)
	if got := claimKeys(r); !slices.Equal(got, []string{"Copper Heron attributed-to Iran asserted"}) {
		t.Errorf("claims %q, want Copper Heron's", got)
	}
}

// TestWriterDissents: an attribution the text reports from others and
// then rejects in its own voice ("a link we do not share", "; we
// disagree", "We do not share that view." in the next sentence) is no
// claim of the writer's: negated. A writer who withholds something else
// ("we do not share indicators") still asserts.
func TestWriterDissents(t *testing.T) {
	d := NewDictionary([]Entry{{Kind: KindActor, Name: "Kimsuky", Canonical: "Kimsuky", ID: "G0094"}})
	for _, c := range []struct{ text, want string }{
		{"An earlier blog post tied the phishing wave to Kimsuky, a link we do not share.", "unnamed attributed-to Kimsuky negated"},
		{"One vendor attributed the phishing wave to Kimsuky; we disagree with that assessment.", "unnamed attributed-to Kimsuky negated"},
		{"One vendor attributed the phishing wave to Kimsuky. We do not share that view, for lack of evidence.", "unnamed attributed-to Kimsuky negated"},
		{"The phishing wave is attributed to Kimsuky. We do not share indicators with the press.", "unnamed attributed-to Kimsuky asserted"},
		{"The phishing wave is attributed to Kimsuky. We do not share their indicators publicly.", "unnamed attributed-to Kimsuky asserted"},
		{"The phishing wave is attributed to Kimsuky. We disagree with earlier reporting that named another group.", "unnamed attributed-to Kimsuky asserted"},
		{"The phishing wave is attributed to Kimsuky, and we reject the vendor's claim that it began in 2019.", "unnamed attributed-to Kimsuky asserted"},
		{"The phishing wave is attributed to Kimsuky. We dispute claims that the loader is novel.", "unnamed attributed-to Kimsuky asserted"},
	} {
		if got := claimKeys(Extract(c.text, d)); !slices.Equal(got, []string{c.want}) {
			t.Errorf("%q: claims %q, want %q", c.text, got, c.want)
		}
	}
}

// TestNextSentenceRejects: a sentence right after an attribution that
// calls it wrong ("That attribution was mistaken.") or says there is no
// evidence of it ("We found no evidence of that.") negates it; "no
// evidence of that" goes on to name something else ("no evidence of that
// loader elsewhere") and rejects nothing. The writer's retraction of a
// tie it made before ("we no longer think so", in the tie's sentence after
// the object or in the next one) negates it too.
func TestNextSentenceRejects(t *testing.T) {
	d := NewDictionary([]Entry{
		{Kind: KindActor, Name: "Turla", Canonical: "Turla", ID: "G0010"},
		{Kind: KindActor, Name: "Amber Heron", Canonical: "Amber Heron", ID: "x-amber"},
	})
	for _, c := range []struct{ text, want string }{
		{"A trade magazine tied the intrusions to Turla. That attribution was mistaken, as the logs later showed.", "unnamed attributed-to Turla negated"},
		{"Two bloggers attributed the intrusions to Turla. This claim is false.", "unnamed attributed-to Turla negated"},
		{"A trade magazine tied the intrusions to Turla. We found no evidence of that, and nor did the ministry.", "unnamed attributed-to Turla negated"},
		{"A trade magazine tied the intrusions to Turla. Our responders saw no evidence for this.", "unnamed attributed-to Turla negated"},
		{"The intrusions are attributed to Turla. We found no evidence of that loader on other hosts.", "unnamed attributed-to Turla asserted"},
		{"The intrusions are attributed to Turla. The attribution was made by the ministry in May.", "unnamed attributed-to Turla asserted"},
		{"Last year we wrote that Amber Heron was a subgroup of Turla; we no longer think so.", "Amber Heron part-of Turla negated"},
		{"Our 2022 report suggested that Amber Heron was part of Turla. We no longer believe that, for two reasons.", "Amber Heron part-of Turla negated"},
		{"Amber Heron is part of Turla. We no longer believe that Turla is active in Chile.", "Amber Heron part-of Turla asserted"},
		{"Amber Heron is part of Turla. In 2021 we said it was new; we no longer believe that.", "Amber Heron part-of Turla asserted"},
		{"Amber Heron is part of Turla. Earlier reports said the wipers were new, but we found no evidence of that.", "Amber Heron part-of Turla asserted"},
		{"Acme attributes the intrusion to Turla. We looked for signs of data theft and found no evidence of it.", "unnamed attributed-to Turla asserted"},
		{"Acme attributes the intrusion to Turla. Its report is wrong about the date, which was May 3.", "unnamed attributed-to Turla asserted"},
		{"Acme attributes the intrusion to Turla. This claim is false according to the embassy.", "unnamed attributed-to Turla asserted"},
		{"Acme attributes the intrusion to Turla. That report was wrong because the logs were forged.", "unnamed attributed-to Turla negated"},
	} {
		if got := claimKeys(Extract(c.text, d)); !slices.Equal(got, []string{c.want}) {
			t.Errorf("%q: claims %q, want %q", c.text, got, c.want)
		}
	}
}

// TestGroupAfterComparedActor: "the group" after an actor named only as
// the object of a tie the writer rejects ("tie the loader to Kimsuky, a
// link we do not share") stands for the group the text goes on about,
// named more often before; after an actor named otherwise, even as the
// object of a tie, it stands for that actor.
func TestGroupAfterComparedActor(t *testing.T) {
	d := NewDictionary([]Entry{
		{Kind: KindActor, Name: "Kimsuky", Canonical: "Kimsuky", ID: "G0094"},
		{Kind: KindActor, Name: "Amber Heron", Canonical: "Amber Heron", ID: "x-amber"},
	})
	for _, c := range []struct{ text, want string }{
		{"Amber Heron hit three carriers. Amber Heron used a new loader. Some vendors tie the loader to Kimsuky, a link we do not share. The group is probably based in Vietnam.", "Amber Heron originates-from Vietnam hedged"},
		{"Amber Heron hit three carriers. Amber Heron used a new loader. Kimsuky used the same loader. The group is probably based in Vietnam.", "Kimsuky originates-from Vietnam hedged"},
		{"Amber Heron hit three carriers. Amber Heron used a new loader. ESET attributed a second backdoor to Kimsuky. The group is probably based in Vietnam.", "Kimsuky originates-from Vietnam hedged"},
		{"Amber Heron hit three carriers. Amber Heron used a new loader. Researchers found a new campaign from Kimsuky. The group is probably based in Vietnam.", "Kimsuky originates-from Vietnam hedged"},
	} {
		got := claimKeys(Extract(c.text, d))
		if !slices.Contains(got, c.want) {
			t.Errorf("%q: claims %q, want %q among them", c.text, got, c.want)
		}
	}
}

// TestActorOpeningARepeatedHeading: a headline written twice (a page's
// title and its first heading) or a name before another dictionary name
// opens no longer name: the actor stays.
func TestActorOpeningARepeatedHeading(t *testing.T) {
	d := NewDictionary([]Entry{
		{Kind: KindActor, Name: "Kimsuky", Canonical: "Kimsuky", ID: "G0094"},
		{Kind: KindActor, Name: "Turla", Canonical: "Turla", ID: "G0010"},
		{Kind: KindMalware, Name: "Kazuar", Canonical: "Kazuar", ID: "S0265"},
	})
	for _, tc := range []struct{ name, text, want string }{
		{"TitleAndHeading", "Kimsuky Targets Think Tanks\n\nKimsuky Targets Think Tanks\n\nThe group sent spear-phishing e-mails.", "[Kimsuky Kimsuky]"},
		{"MalwareAfter", "Turla Kazuar Returns\n\nTurla Kazuar Returns\n\nThe backdoor came back.", "[Turla Turla]"},
		{"MalwareAfterInProse", "The Turla Kazuar samples were new. Turla Kazuar beacons every hour.", "[Turla Turla]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, m := range Extract(tc.text, d).Actors {
				got = append(got, m.Mention)
			}
			if fmt.Sprint(got) != tc.want {
				t.Errorf("actors %q, want %s", got, tc.want)
			}
		})
	}
}

// TestCardRows: a profile card's labelled rows speak of the actor the card
// is about: aliases, actors it is not, its origin and its sponsor.
func TestCardRows(t *testing.T) {
	text := "GROUP CARD: MuddyWater\n\nPrimary name ..... MuddyWater\nAliases .......... TEMP.Zagros (FireEye)\nNot the same as ... APT41; Fancy Bear\nOrigin ........... Iran\nSuspected sponsor: Iran\nFirst seen ....... 2017\n\nNotes: MuddyWater sends lures to ministries. MuddyWater uses PowerShell."
	got := claimKeys(Extract(text, sampleDictionary()))
	for _, want := range []string{"MuddyWater same-as TEMP.Zagros asserted", "MuddyWater distinct-from APT41 asserted", "MuddyWater distinct-from Fancy Bear asserted",
		"MuddyWater originates-from Iran asserted", "MuddyWater sponsored-by Iran hedged"} {
		if !slices.Contains(got, want) {
			t.Errorf("claims %q, want %q among them", got, want)
		}
	}
	if got := claimKeys(Extract("Origin: the loader came from a forum post. APT41 hit banks in Peru.", sampleDictionary())); len(got) != 0 {
		t.Errorf("a prose line with a colon: claims %q, want none", got)
	}
	// A news story's summary block under its prose is no card: its
	// values are prose, and "Attribution" names who attributed.
	news := "APT41 phished staff at two carriers, the CERT said.\n\nIncident summary\nOrigin: VPN logins from Iran\nBased in: Peru and Chile offices\nAttribution: Mandiant\n"
	if got := claimKeys(Extract(news, sampleDictionary())); len(got) != 0 {
		t.Errorf("a summary block: claims %q, want none", got)
	}
	// The card's own name in its alias row makes no claim about itself.
	own := "ACTOR CARD: MuddyWater\nAlso known as ....... TEMP.Zagros (FireEye), MuddyWater\nOrigin ............ Iran\n"
	for _, k := range claimKeys(Extract(own, sampleDictionary())) {
		if k == "MuddyWater same-as MuddyWater asserted" {
			t.Errorf("a self-claim: %q", k)
		}
	}
}
