package extract

import (
	_ "embed"
	"strings"
)

// Word lists that keep ordinary language out of the name matches. All are
// lower-case. They are Telltale's own lists.

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[strings.ReplaceAll(w, "_", " ")] = true
	}
	return m
}

// stopWords never match as a name of any kind: function words, words that
// some vendor once used as an alias but that every report uses in their
// ordinary sense, and first names.
var stopWords = wordSet(`
a an the and or but nor not no yes of to in on at by for from with without into onto over under
up down out off as is are was were be been being am do does did done have has had having
will would shall should can could may might must it its this that these those there here
he she they them their his her we our you your i me my us who whom whose which what when where why how
all any some each every both either neither one two three four five six seven eight nine ten
more most less least many much few other another such same own only just also very too
new old first last next good bad high low big small great little long short
victim victims ocean sea sun moon star day night time year years week month today
group team gang crew unit cell actor actors attacker attackers hacker hackers operator operators
user users people person man men woman women world country state states government
north south east west central
may june july august march april january february september october november december
monday tuesday wednesday thursday friday saturday sunday
john james kevin mike michael david peter paul mark tom tim dan daniel alex sam ben joe jack
will bill bob ray rob nick mary anna maria lisa jan ali omar
net at reg cmd ftp ping page expand route play data info file files link links
apt apts ttp ttps ioc iocs c2 cnc rat rats dll exe url urls ip ips dns http https ssl tls vpn
ups gop tsb cca sea uca aiz
`)

// genericWords are security vocabulary: never names, even when a vendor
// gave some family such a name.
var genericWords = wordSet(`
malware trojan backdoor ransomware wiper worm virus spyware adware rootkit bootkit botnet bot bots
loader dropper downloader stealer infostealer keylogger implant payload payloads beacon agent agents
exploit exploits vulnerability vulnerabilities phishing spearphishing spam scam scams fraud
attack attacks campaign campaigns operation operations intrusion intrusions breach breaches
threat threats espionage cyberespionage cybercrime cybercriminals criminals hacktivists hacktivist
server servers client clients admin administrator update updater service services network networks
shell webshell web_shell script scripts tool tools toolkit framework module modules plugin plugins
command commands control proxy tunnel tunnels remote access credential credentials password passwords
windows linux android macos ios unix
security cyber cybersecurity intelligence research researchers report reports analysis
unknown unnamed anonymous mystery leak leaks leakers dump dumps
china chinese russia russian iran iranian korea korean
`)

//go:embed commonwords.txt
var commonWordsFile string

// withLines adds to m the lines of list, one word or phrase a line
// (blank lines and lines starting with # left out), and returns it.
func withLines(m map[string]bool, list string) map[string]bool {
	for _, line := range strings.Split(list, "\n") {
		if line = strings.TrimSpace(line); line != "" && line[0] != '#' {
			m[line] = true
		}
	}
	return m
}

// contextWords say what a common-word name names: "Maze ransomware",
// "the Silence group". A one-word name that is also an English word counts
// only when one of these stands next to some occurrence of it in the text.
var contextWords = wordSet(`ransomware malware rat backdoor backdoors trojan trojans loader loaders stealer stealers botnet
family families group groups actor actors apt campaign campaigns variant variants sample samples payload payloads
implant implants toolkit framework tool tools tooling worm wiper dropper droppers downloader spyware gang operators operator
affiliates affiliate strain strains infostealer banker beacon c2 keylogger rootkit webshell exploit kit team crew
hackers threat cluster intrusion intrusions overlap overlaps set software binary binaries module modules plugin plugins attackers
dubbed named called tracked track tracks known alias aliases attributed aka`)

// commonWords are ordinary English words that are also names of groups,
// malware or tools (Silence, Carbon, Maze, Snake). They match only as
// written (capitalised or all upper-case), not as the first word of a
// sentence, where every word is capitalised, and only in a text where some
// occurrence stands next to a context word. The list below is completed by
// commonwords.txt.
var commonWords = withLines(wordSet(`
agenda anchor apostle armageddon aurora avenger butterfly cannon carbon cardinal chaos chimera
cobalt covenant crimson cuba disco donut embargo empire epic equation explosive ferocious flame
flamer gorilla inception leviathan lucifer mango mantis mask maze meteor milan mirage moonlight
mosquito ninja octopus pandora pioneer polaris pony prestige proton reaper reaver responder rover
royal ruler samurai scorpion shark silence snake soldier solar spark superman trident trinity
watchdog zinc copper oxygen mercury silicon chromium calcium krypton thallium phosphorus cerium
boron sodium radium iridium platinum aluminum bismuth gallium hafnium helium holmium yttrium
europium tantalum scandium rubidium bromine sulphur niobium terbium osmium
bitter cicada cleaver axiom callisto calypso siesta scarab scimitar strider
longhorn pickaxe antlion dogfish venom tick nitro monsoon alibaba popeye packrat
havoc comment webmasters fallout whois copy-paste pacha deputy joker guard broomstick leverage whitefly elfin mythic sliver honeybee waterbug buckeye tortoiseshell peppy dragonfly machete
`), commonWordsFile)

// asciiLower lower-cases ASCII letters only, so that offsets found in the
// result are offsets in s (strings.ToLower may change the length of
// non-ASCII text).
//
// It is called for nearly every window a rule reads, and once for the
// whole text, so it allocates once (a strings.Builder grown to the size),
// copies the part before the first upper-case letter whole, and lowers the
// rest through a table (a stack buffer at a time when it is long).
func asciiLower(s string) string {
	i := nextUpper(s)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	s = s[i:]
	if len(s) <= 64 {
		for i := 0; i < len(s); i++ {
			b.WriteByte(lowerTable[s[i]])
		}
		return b.String()
	}
	var buf [256]byte
	for s != "" {
		n := copy(buf[:], s)
		for k, c := range buf[:n] {
			buf[k] = lowerTable[c]
		}
		b.Write(buf[:n])
		s = s[n:]
	}
	return b.String()
}

// lowerTable maps a byte to its ASCII lower case.
var lowerTable = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if i >= 'A' && i <= 'Z' {
			t[i] += 'a' - 'A'
		}
	}
	return t
}()

// nextUpper returns the index of the first ASCII upper-case letter of s,
// or len(s).
func nextUpper(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return i
		}
	}
	return len(s)
}

// wordAt returns the lower-case word that starts after the spaces at i
// (on the same line), and where it ends; "" when none does.
func wordAt(text string, i int) (string, int) {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	j := i
	for j < len(text) && isWordByte(text[j]) {
		j++
	}
	return strings.ToLower(text[i:j]), j
}
