package extract

import (
	"crypto/sha256"
	"math/big"
	"net/netip"
	"sort"
	"strings"

	"github.com/telltale-cti/telltale"
	"golang.org/x/net/publicsuffix"
)

// The indicator scanner. It walks the (refanged) text once, cutting it into
// tokens at whitespace and punctuation that never occurs inside an
// indicator; a token with no digit, dot, colon, at-sign or backslash is
// skipped without further look. The rest is judged by small hand-written
// recognisers, each linear in the token, so the whole scan is linear in the
// text whatever it holds (10 MB of dots or digits included).

// Indicator types (the root package's).
const (
	TypeIPv4            = telltale.IndicatorIPv4
	TypeIPv6            = telltale.IndicatorIPv6
	TypeDomain          = telltale.IndicatorDomain
	TypeURL             = telltale.IndicatorURL
	TypeEmail           = telltale.IndicatorEmail
	TypeMD5             = telltale.IndicatorMD5
	TypeSHA1            = telltale.IndicatorSHA1
	TypeSHA256          = telltale.IndicatorSHA256
	TypeSHA512          = telltale.IndicatorSHA512
	TypeCVE             = telltale.IndicatorCVE
	TypeAttackTechnique = telltale.IndicatorAttackTechnique
	TypeAttackTactic    = telltale.IndicatorAttackTactic
	TypeAttackGroup     = telltale.IndicatorAttackGroup
	TypeAttackSoftware  = telltale.IndicatorAttackSoftware
	TypeAttackCampaign  = telltale.IndicatorAttackCampaign
	TypeBitcoin         = telltale.IndicatorBitcoin
	TypeEthereum        = telltale.IndicatorEthereum
	TypeRegistryKey     = telltale.IndicatorRegistryKey
	TypeFilename        = telltale.IndicatorFilename
)

const (
	cDelim uint8 = 1 << iota
	cDot
	cAt
	cColon
	cDigit
	cBackslash
)

var classTable = func() (t [256]uint8) {
	for i := 0; i < 256; i++ {
		c := byte(i)
		switch {
		case c <= ' ' || c >= 0x7f:
			t[i] = cDelim
		case isDigit(c):
			t[i] = cDigit
		}
	}
	for _, c := range []byte("\"'`<>(){}[],;|^*!") {
		t[c] = cDelim
	}
	t['.'] = cDot
	t['@'] = cAt
	t[':'] = cColon
	t['\\'] = cBackslash
	return t
}()

var attackOrCVEStart = [256]bool{'T': true, 'G': true, 'S': true, 'C': true, 'c': true}

// rawIndicator is an indicator with its span in the refanged text.
type rawIndicator struct {
	typ, value string
	start, end int
	defanged   bool
}

type scanner struct {
	text             string // refanged
	rf               *refanged
	out              []rawIndicator
	tokStart, tokEnd int // the token parts is judging
	pathFrom         int // where the path of a scheme-less address starts in it; -1 if none, -2 until asked
}

func scanIndicators(rf *refanged) []rawIndicator {
	sc := &scanner{text: rf.text, rf: rf, out: make([]rawIndicator, 0, len(rf.text)/2048)}
	t := sc.text
	n := len(t)
	i := 0
	for i < n {
		for i < n && classTable[t[i]]&cDelim != 0 {
			i++
		}
		start := i
		var acc uint8
		for i < n {
			c := classTable[t[i]]
			if c&cDelim != 0 {
				break
			}
			acc |= c
			i++
		}
		if acc&(cDot|cAt|cColon|cBackslash) == 0 {
			// Letters and digits only: only a hash, a wallet, a CVE or an
			// ATT&CK id can be there, and those are long or start with
			// one of a few letters.
			if acc&cDigit == 0 {
				continue
			}
			l := i - start
			if l < 5 || (l < 26 && !attackOrCVEStart[t[start]]) {
				continue
			}
		}
		if end := sc.token(start, i, acc); end > i {
			i = end
		}
	}
	return sc.out
}

func (sc *scanner) emit(typ, value string, start, end int) {
	sc.out = append(sc.out, rawIndicator{typ: typ, value: value, start: start, end: end, defanged: sc.rf.defanged(start, end)})
}

const trimLeft = ".:-/\\_@=#?+%&~$"
const trimRight = ".:-_=#@&%+~\\?"

// token judges text[start:end] and returns how far it consumed (a registry
// key can extend over spaces).
func (sc *scanner) token(start, end int, acc uint8) int {
	t := sc.text
	for start < end && strings.IndexByte(trimLeft, t[start]) >= 0 {
		start++
	}
	full := end // a URL keeps a final "=" or "&" of its query ("?data=")
	for end > start && strings.IndexByte(trimRight, t[end-1]) >= 0 {
		end--
	}
	if end-start < 3 {
		return 0
	}
	tok := t[start:end]
	if acc&(cDigit|cAt|cColon|cBackslash) == 0 && strings.IndexByte(tok, '.') < 0 {
		return 0 // a word that ended a sentence
	}
	if strings.HasPrefix(tok, "data:") {
		return 0 // inline images and such
	}
	if acc&cColon != 0 {
		if k := strings.Index(tok, "://"); k > 0 {
			if ok, to := sc.url(start, start+k, full); ok {
				return to
			}
		}
	}
	if acc&cBackslash != 0 && isRegistryStart(tok) {
		return sc.registry(start, end)
	}
	sc.parts(start, end)
	return 0
}

var urlSchemes = map[string]bool{"http": true, "https": true, "ftp": true, "ftps": true, "sftp": true, "tcp": true, "udp": true, "ws": true, "wss": true, "smb": true, "ssh": true, "rdp": true, "ldap": true, "ldaps": true, "tftp": true, "irc": true}

// url recognises a URL whose "://" is at sep. It reports whether it did,
// and where it ended when that is past end (a "!" inside a URL:
// "https://mega.nz/#!Ov41xapb!M-CO...").
func (sc *scanner) url(start, sep, end int) (bool, int) {
	t := sc.text
	ss := sep
	for ss > start && isASCIILetter(t[ss-1]) {
		ss--
	}
	scheme := strings.ToLower(t[ss:sep])
	defanged := false
	if s, ok := defangedSchemes[scheme]; ok {
		scheme, defanged = s, true
	}
	if !urlSchemes[scheme] {
		return false, 0
	}
	consumed := 0
	// Past the host only: "https://evil.com!Click" is a URL and a word.
	for end+1 < len(t) && t[end] == '!' && classTable[t[end+1]]&cDelim == 0 && strings.ContainsAny(t[sep+3:end], "/?#") {
		end++
		for end < len(t) && (classTable[t[end]]&cDelim == 0 || t[end] == '!') {
			end++
		}
		consumed = end
	}
	// Trim a trailing ")" of a parenthesised URL, and sentence punctuation.
	for end > sep+3 && strings.IndexByte(".,:;!?'\")-_#@%+~\\", t[end-1]) >= 0 {
		end--
	}
	rest := t[sep+3 : end]
	hostEnd := len(rest)
	if k := strings.IndexAny(rest, "/?#"); k >= 0 {
		hostEnd = k
	}
	hostport := rest[:hostEnd]
	host := hostport
	if k := strings.LastIndexByte(host, '@'); k >= 0 {
		host = host[k+1:]
	}
	if k := strings.LastIndexByte(host, ':'); k >= 0 {
		port := host[k+1:]
		if !allDigits(port) {
			return false, 0
		}
		host = host[:k]
	}
	host = strings.TrimSuffix(host, ".")
	if !isIPv4(host) && !validDomain(host, false) {
		return false, 0
	}
	if ss > start {
		sc.parts(start, ss)
	}
	value := scheme + "://" + strings.ToLower(hostport) + t[sep+3+hostEnd:end]
	sc.emit(TypeURL, value, ss, end)
	if defanged {
		sc.out[len(sc.out)-1].defanged = true
	}
	return true, consumed
}

// defangedSchemes are the written forms of defanged URL schemes.
var defangedSchemes = map[string]string{
	"hxxp": "http", "hxxps": "https", "hxtp": "http", "hxtps": "https", "htxp": "http", "htxps": "https",
	"fxp": "ftp", "hxxxp": "http", "hxxxps": "https", "meow": "http", "meows": "https",
}

func isRegistryStart(tok string) bool {
	if len(tok) < 5 {
		return false
	}
	u := strings.ToUpper(tok[:min(len(tok), 20)])
	for _, p := range []string{"HKLM\\", "HKCU\\", "HKCR\\", "HKU\\", "HKCC\\", "HKEY_"} {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	return strings.Contains(strings.ToUpper(tok), `\CURRENTVERSION\`) || strings.HasPrefix(u, `SOFTWARE\MICROSOFT\`) || strings.HasPrefix(u, `SYSTEM\CURRENTCONTROLSET\`)
}

// registry emits a Windows registry key starting at start; it extends over
// single spaces while the next word still holds a backslash ("...\Windows
// NT\CurrentVersion\Winlogon").
func (sc *scanner) registry(start, end int) int {
	t := sc.text
	for end < len(t) && t[end] == ' ' {
		k := end + 1
		for k < len(t) && classTable[t[k]]&cDelim == 0 {
			k++
		}
		if k == end+1 || strings.IndexByte(t[end+1:k], '\\') < 0 {
			break
		}
		end = k
	}
	for end > start && strings.IndexByte(".,:;!?'\")", t[end-1]) >= 0 {
		end--
	}
	sc.emit(TypeRegistryKey, t[start:end], start, end)
	return end
}

func isLocalPartByte(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func isHostByte(c byte) bool { return isAlnum(c) || c == '.' || c == '-' }

// parts finds emails, IPv6 addresses and the dotted or plain parts
// (domains, IPv4, hashes, ids, file names) of a token.
func (sc *scanner) parts(start, end int) {
	t := sc.text
	sc.tokStart, sc.tokEnd, sc.pathFrom = start, end, -2
	// Consumed ranges, in order, so the plain-part pass skips them.
	var used [][2]int
	if strings.IndexByte(t[start:end], '@') >= 0 {
		used = sc.emails(start, end)
	}
	if strings.IndexByte(t[start:end], ':') >= 0 && strings.Count(t[start:end], ":") >= 2 {
		used = sc.ipv6(start, end, used)
	}
	ui := 0
	i := start
	for i < end {
		for i < end && !isPartByte(t[i]) {
			i++
		}
		a := i
		for i < end && isPartByte(t[i]) {
			i++
		}
		b := i
		for ui < len(used) && used[ui][1] <= a {
			ui++
		}
		if ui < len(used) && used[ui][0] < b {
			continue
		}
		for a < b && (t[a] == '.' || t[a] == '-' || t[a] == '_') {
			a++
		}
		for b > a && (t[b-1] == '.' || t[b-1] == '-' || t[b-1] == '_') {
			b--
		}
		if b-a >= 3 {
			sc.part(a, b, end)
		}
	}
}

// emails finds the e-mail addresses in t[start:end] and returns their
// ranges, in order.
func (sc *scanner) emails(start, end int) [][2]int {
	t := sc.text
	var used [][2]int
	for p := start; p < end; p++ {
		if t[p] != '@' {
			continue
		}
		ls := p
		for ls > start && isLocalPartByte(t[ls-1]) {
			ls--
		}
		for ls < p && t[ls] == '.' {
			ls++
		}
		de := p + 1
		for de < end && isHostByte(t[de]) {
			de++
		}
		for de > p+1 && (t[de-1] == '.' || t[de-1] == '-') {
			de--
		}
		if ls < p && de > p+1 && validDomain(t[p+1:de], false) {
			sc.emit(TypeEmail, strings.ToLower(t[ls:de]), ls, de)
			used = append(used, [2]int{ls, de})
		}
		p = de - 1
		if p < start {
			p = start
		}
	}
	return used
}

// inHostPath reports whether offset a lies in the path of a scheme-less
// address ("evil.com/9cc9..."; not "MD5/SHA1: 44d8.../3395..."). The
// path's start is found once per token, when first asked.
func (sc *scanner) inHostPath(a int) bool {
	if sc.pathFrom == -2 {
		sc.pathFrom = hostPathStart(sc.text, sc.tokStart, sc.tokEnd)
	}
	return sc.pathFrom >= 0 && a >= sc.pathFrom
}

// hostPathStart returns where the path starts in t[start:end] when the
// token begins with a host name or an IP address before its first "/",
// else -1.
func hostPathStart(t string, start, end int) int {
	k := strings.IndexByte(t[start:end], '/')
	if k <= 0 {
		return -1
	}
	host := t[start : start+k]
	if j := strings.LastIndexByte(host, ':'); j > 0 && allDigits(host[j+1:]) {
		host = host[:j]
	}
	if !isIPv4(host) && !validDomain(host, false) {
		return -1
	}
	return start + k + 1
}

func isPartByte(c byte) bool { return isAlnum(c) || c == '.' || c == '-' || c == '_' }

func isHexByte(c byte) bool {
	return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f')
}

// ipv6 finds IPv6 addresses (optionally with a prefix length) in
// t[start:end] and returns used with their ranges added.
func (sc *scanner) ipv6(start, end int, used [][2]int) [][2]int {
	t := sc.text
	i := start
	for i < end {
		for i < end && !(isHexByte(t[i]) || t[i] == ':') {
			i++
		}
		a := i
		colons := 0
		for i < end && (isHexByte(t[i]) || t[i] == ':' || t[i] == '.') {
			if t[i] == ':' {
				colons++
			}
			i++
		}
		if colons < 2 || i-a < 6 {
			continue
		}
		if value, b, ok := ipv6At(t, a, i, end, colons); ok {
			sc.emit(TypeIPv6, value, a, b)
			used = append(used, [2]int{a, b})
		}
	}
	// used must stay sorted by start for the part pass.
	sort.Slice(used, func(x, y int) bool { return used[x][0] < used[y][0] })
	return used
}

// ipv6At judges the run t[a:b] of hex digits, colons and dots (with
// colons of them) as an IPv6 address, with the prefix length that may
// follow it before tokEnd: its canonical form and where it ends.
func ipv6At(t string, a, b, tokEnd, colons int) (value string, end int, ok bool) {
	cand := strings.TrimRight(t[a:b], ".")
	if strings.HasSuffix(cand, ":") && !strings.HasSuffix(cand, "::") {
		cand = cand[:len(cand)-1]
	}
	if !strings.Contains(cand, "::") && colons < 7 {
		return "", 0, false
	}
	addr, err := netip.ParseAddr(cand)
	if err != nil || !addr.Is6() || addr.Is4In6() || !strings.ContainsAny(cand, "0123456789") {
		return "", 0, false
	}
	b = a + len(cand)
	value = addr.String()
	if b+1 < tokEnd && t[b] == '/' {
		k := b + 1
		for k < tokEnd && isDigit(t[k]) && k-b <= 3 {
			k++
		}
		if p, err := netip.ParsePrefix(value + t[b:k]); err == nil && k > b+1 {
			value = p.String()
			b = k
		}
	}
	return value, b, true
}

// part judges one run of [A-Za-z0-9._-]: t[a:b], inside a token ending at
// tokEnd.
func (sc *scanner) part(a, b, tokEnd int) {
	t := sc.text
	s := t[a:b]
	dots, digits, hex := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			dots++
		case isDigit(c):
			digits++
		}
		if isHexByte(c) {
			hex++
		}
	}
	if id, typ := attackID(s); typ != "" {
		sc.emit(typ, id, a, b)
		return
	}
	if dots == 0 {
		if a > 0 && t[a-1] == '/' && hex == len(s) && sc.inHostPath(a) {
			// A hex name in the path of an address ("host/9cc9.../x.js")
			// is part of the address, not a hash in its own right.
			return
		}
		sc.plain(s, a, b, digits, hex)
		return
	}
	if digits+dots == len(s) {
		if dots == 3 {
			sc.ipv4(a, b, tokEnd)
		}
		return
	}
	if digits > 0 && dots > 0 && isVersionLike(s) {
		return
	}
	sc.dotted(s, a, b)
}

// dotted judges a run with dots that is neither an address nor a version:
// a file name with an indicator extension, or a domain.
func (sc *scanner) dotted(s string, a, b int) {
	t := sc.text
	labels := strings.Split(s, ".")
	ext := strings.ToLower(labels[len(labels)-1])
	defanged := sc.rf.defanged(a, b)
	if indicatorExtensions[ext] && !defanged {
		name := s[:len(s)-len(ext)-1]
		if name != "" && hasAlnum(name) && !strings.Contains(name, "..") {
			sc.emit(TypeFilename, s, a, b)
		}
		return
	}
	if otherExtensions[ext] && !defanged {
		return
	}
	if strings.IndexByte(s, '_') >= 0 {
		return
	}
	if !defanged && looksLikeCode(t, s, labels, b) {
		return
	}
	if validDomain(s, !defanged) {
		sc.emit(TypeDomain, strings.ToLower(s), a, b)
	}
}

// plain judges a run without dots: hashes, CVE ids, wallets.
func (sc *scanner) plain(s string, a, b, digits, hex int) {
	n := len(s)
	if hex == n && digits > 0 && digits < n {
		if typ := hashType(n); typ != "" {
			sc.emit(typ, strings.ToLower(s), a, b)
			return
		}
	}
	if n >= 13 && (s[0]|0x20) == 'c' && (s[1]|0x20) == 'v' && (s[2]|0x20) == 'e' && s[3] == '-' {
		if id, ok := cveID(s); ok {
			sc.emit(TypeCVE, id, a, b)
		}
		return
	}
	if n == 42 && s[0] == '0' && (s[1]|0x20) == 'x' && hex == n-1 {
		sc.emit(TypeEthereum, strings.ToLower(s), a, b)
		return
	}
	if n >= 26 && n <= 35 && (s[0] == '1' || s[0] == '3') && base58Check(s) {
		sc.emit(TypeBitcoin, s, a, b)
		return
	}
	if n >= 42 && n <= 62 && strings.HasPrefix(s, "bc1") && bech32Valid(s) {
		sc.emit(TypeBitcoin, s, a, b)
	}
}

// hashType is the type of a hex hash n digits long, "" for none.
func hashType(n int) string {
	switch n {
	case 32:
		return TypeMD5
	case 40:
		return TypeSHA1
	case 64:
		return TypeSHA256
	case 128:
		return TypeSHA512
	}
	return ""
}

func cveID(s string) (string, bool) {
	// CVE-YYYY-NNNN+
	if len(s) < 13 || s[8] != '-' {
		return "", false
	}
	if !allDigits(s[4:8]) || !allDigits(s[9:]) || len(s[9:]) > 7 {
		return "", false
	}
	if s[4] != '1' && s[4] != '2' {
		return "", false
	}
	return "CVE-" + s[4:], true
}

// attackID recognises ATT&CK ids: T1566, T1566.001, TA0001, G0069, S0154,
// C0011. Only upper-case: "t1000" in prose is rarely a technique.
func attackID(s string) (string, string) {
	if len(s) < 5 {
		return "", ""
	}
	typ := ""
	switch s[0] {
	case 'T':
		typ = techniqueOrTactic(s)
	case 'G', 'S', 'C':
		if len(s) == 5 && allDigits(s[1:]) && s[1] == '0' {
			typ = attackObjectTypes[s[0]]
		}
	}
	if typ == "" {
		return "", ""
	}
	return s, typ
}

// attackObjectTypes are the types of the ids of ATT&CK groups, software
// and campaigns, by their letter.
var attackObjectTypes = map[byte]string{'G': TypeAttackGroup, 'S': TypeAttackSoftware, 'C': TypeAttackCampaign}

// techniqueOrTactic is the type of an ATT&CK id starting with "T":
// T1566, T1566.001, TA0001; "" for none.
func techniqueOrTactic(s string) string {
	switch {
	case len(s) == 5 && allDigits(s[1:]) && s[1] == '1':
		return TypeAttackTechnique
	case len(s) == 9 && s[1] == '1' && allDigits(s[1:5]) && s[5] == '.' && allDigits(s[6:]):
		return TypeAttackTechnique
	case len(s) == 6 && s[1] == 'A' && allDigits(s[2:]) && s[2] == '0':
		return TypeAttackTactic
	}
	return ""
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func hasAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if isAlnum(s[i]) {
			return true
		}
	}
	return false
}

// isVersionLike: "v1.2.3", "1.2.3-beta", "2.0.0.1a": a letter run glued to
// dotted numbers is a version, not a host.
func isVersionLike(s string) bool {
	labels := strings.Split(s, ".")
	numeric := 0
	for _, l := range labels {
		if allDigits(l) {
			numeric++
		}
	}
	last := labels[len(labels)-1]
	if numeric >= 2 {
		return true
	}
	if (s[0] == 'v' || s[0] == 'V') && len(labels[0]) > 1 && allDigits(labels[0][1:]) {
		return true
	}
	return allDigits(last)
}

func isIPv4(s string) bool {
	_, ok := parseIPv4(s)
	return ok
}

func parseIPv4(s string) ([4]int, bool) {
	var oct [4]int
	k := 0
	v, nd := 0, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if nd == 0 || k > 3 || v > 255 || (nd > 1 && s[i-nd] == '0') {
				return oct, false
			}
			oct[k] = v
			k++
			v, nd = 0, 0
			continue
		}
		if !isDigit(s[i]) || nd >= 3 {
			return oct, false
		}
		v = v*10 + int(s[i]-'0')
		nd++
	}
	return oct, k == 4
}

// ipv4 judges a dotted quad at t[a:b], with an optional /prefix.
func (sc *scanner) ipv4(a, b, tokEnd int) {
	t := sc.text
	oct, ok := parseIPv4(t[a:b])
	if !ok {
		return
	}
	defanged := sc.rf.defanged(a, b)
	if !defanged {
		if versionContext(t, a, b) {
			return
		}
		withPort := b+1 < len(t) && t[b] == ':' && isDigit(t[b+1])
		if oct[0] <= 9 && oct[1] <= 9 && oct[2] <= 9 && oct[3] <= 9 && !wellKnownSmallIPs[t[a:b]] && !withPort {
			return // 1.5.0.1, 2.0.0.0: a version number, not a host
		}
	}
	value := t[a:b]
	if b+1 < tokEnd && t[b] == '/' && isDigit(t[b+1]) {
		k := b + 1
		for k < tokEnd && isDigit(t[k]) && k-b <= 2 {
			k++
		}
		if p, err := netip.ParsePrefix(value + t[b:k]); err == nil && (k == tokEnd || !isDigit(t[k])) {
			value = p.String()
			b = k
		}
	}
	sc.emit(TypeIPv4, value, a, b)
}

var wellKnownSmallIPs = map[string]bool{"0.0.0.0": true, "1.1.1.1": true, "1.0.0.1": true, "8.8.8.8": true, "8.8.4.4": true, "9.9.9.9": true, "4.2.2.2": true, "4.2.2.1": true}

// versionContext looks at the words just before and after a dotted quad
// for "version", "build", "v." and the like.
func versionContext(t string, a, b int) bool {
	lo := a - 24
	if lo < 0 {
		lo = 0
	}
	before := strings.ToLower(t[lo:a])
	if k := strings.LastIndexByte(before, '\n'); k >= 0 {
		before = before[k+1:]
	}
	before = strings.TrimRight(before, " :=\t(")
	for _, w := range []string{"version", "versions", "ver", "ver.", "v", "v.", "build", "release", "firmware", "patch", "update", "updated to", "upgrade to", "upgraded to", "rev", "revision", "edition", "sdk", "api level", "chrome", "firefox", "windows", "android", "ios", "java", "python", "agent", "from"} {
		if strings.HasSuffix(before, w) {
			k := len(before) - len(w)
			if k == 0 || !isAlnum(before[k-1]) {
				if w == "from" {
					// "upgrade from 1.2.3.4 to ..." only
					return strings.Contains(strings.ToLower(t[b:min(len(t), b+8)]), " to ")
				}
				return true
			}
		}
	}
	hi := b + 12
	if hi > len(t) {
		hi = len(t)
	}
	after := strings.ToLower(t[b:hi])
	return strings.HasPrefix(after, " version") || strings.HasPrefix(after, " build") || strings.HasPrefix(after, " and later") || strings.HasPrefix(after, " and earlier") || strings.HasPrefix(after, " or later")
}

// indicatorExtensions are the extensions of executables, scripts,
// documents and archives: a dotted name ending in one is reported as a file
// name, not a host, even when the extension is also a top-level domain
// (.zip, .py, .sh, .mov).
var indicatorExtensions = wordSet(`
exe dll sys scr cpl ocx drv bat cmd ps1 psm1 psd1 vbs vbe js jse wsf wsh hta lnk msi msp msc
jar class py pyc pyw sh bash ksh elf bin so dylib apk ipa dmg pkg deb rpm iso img vhd vhdx
zip rar 7z gz tgz bz2 xz tar cab arj ace lzh
doc docx docm dot dotm xls xlsx xlsm xlsb xlam ppt pptx pptm pps ppsx pdf rtf odt ods odp one chm
iqy slk xll wll sct inf reg
`)

// otherExtensions mark a dotted name as a file (never a host) without
// reporting it: configuration, logs, web pages, data.
var otherExtensions = wordSet(`
txt csv html htm svg php asp aspx jsp cgi rb lua c cpp h hpp cs java go rs md json xml yml yaml toml
dat data tmp log ini cfg conf eml msg db sqlite dmp bak png jpg jpeg gif bmp ico mp3 mp4 avi mov wav
`)

// codeObjects are first labels that mark a two-label dotted name as code
// ("this.name", "window.open", "self.run").
var codeObjects = wordSet(`this self window document console sys request response req res obj ctx e err
math json array object process module exports require navigator util fs wscript scripting`)

var codeNames = wordSet(`asp.net vb.net ado.net socket.io node.js next.js vue.js react.js chart.js d3.js three.js ext.net
dot.net log4j.core`)

func looksLikeCode(t, s string, labels []string, b int) bool {
	if b < len(t) && t[b] == '(' {
		return true // self.run(
	}
	low := strings.ToLower(s)
	if codeNames[low] {
		return true
	}
	if len(labels) == 2 && codeObjects[strings.ToLower(labels[0])] {
		return true
	}
	// Antivirus detection names: Win32.Generic.KH, Trojan.Agent.X
	for _, l := range labels {
		if avWords[strings.ToLower(l)] {
			return true
		}
	}
	return false
}

var avWords = wordSet(`win32 win64 w32 w64 generic trojan heur heuristic behaveslike malware backdoor
trojandownloader trojanspy ransom worm virus riskware adware pua hacktool exploit msil`)

// validDomain checks a host name: labels of letters, digits and hyphens, a
// suffix on the public suffix list and one label before it. strict adds the
// prose rules: a capitalised top-level label ("System.Net") is code.
func validDomain(s string, strict bool) bool {
	if len(s) < 4 || len(s) > 253 {
		return false
	}
	allUpper, ok := domainLabels(s)
	if !ok {
		return false
	}
	upperTLD, ok := tldOK(s[strings.LastIndexByte(s, '.')+1:])
	if !ok || strict && upperTLD && !allUpper {
		return false
	}
	low := strings.ToLower(s)
	if strings.HasSuffix(low, ".onion") {
		return len(low) == 22 || len(low) == 62
	}
	ps, icann := publicsuffix.PublicSuffix(low)
	if !icann && !strings.Contains(ps, ".") {
		return false
	}
	return len(low) > len(ps)+1
}

// domainLabels checks the labels of a host name: two or more, of 1 to 63
// letters, digits and inner hyphens; allUpper is that it has no lower-case
// letter.
func domainLabels(s string) (allUpper, ok bool) {
	labels := 0
	ll := 0
	allUpper = true
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if ll == 0 || ll > 63 || s[i-1] == '-' || s[i-ll] == '-' {
				return false, false
			}
			labels++
			ll = 0
			continue
		}
		c := s[i]
		if !isAlnum(c) && c != '-' {
			return false, false
		}
		if c >= 'a' && c <= 'z' {
			allUpper = false
		}
		ll++
	}
	return allUpper, labels >= 2
}

// tldOK checks a top-level label: no digit unless it is an IDN ("xn--");
// upper is that it has an upper-case letter.
func tldOK(tld string) (upper, ok bool) {
	for i := 0; i < len(tld); i++ {
		if isDigit(tld[i]) && !strings.HasPrefix(tld, "xn--") {
			return false, false
		}
		if tld[i] >= 'A' && tld[i] <= 'Z' {
			upper = true
		}
	}
	return upper, true
}

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		t[base58Alphabet[i]] = int8(i)
	}
	return t
}()

// base58Check validates a legacy bitcoin address: base58 with a 4-byte
// double-SHA-256 checksum over 21 bytes.
func base58Check(s string) bool {
	n := new(big.Int)
	radix := big.NewInt(58)
	for i := 0; i < len(s); i++ {
		v := base58Index[s[i]]
		if v < 0 {
			return false
		}
		n.Mul(n, radix)
		n.Add(n, big.NewInt(int64(v)))
	}
	b := n.Bytes()
	lead := 0
	for lead < len(s) && s[lead] == '1' {
		lead++
	}
	full := make([]byte, lead+len(b))
	copy(full[lead:], b)
	if len(full) != 25 {
		return false
	}
	h1 := sha256.Sum256(full[:21])
	h2 := sha256.Sum256(h1[:])
	return string(h2[:4]) == string(full[21:])
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// bech32Valid validates a bech32 or bech32m segwit address checksum.
func bech32Valid(s string) bool {
	sep := strings.LastIndexByte(s, '1')
	if sep < 1 || sep+7 > len(s) {
		return false
	}
	hrp, data := s[:sep], s[sep+1:]
	values := make([]int, 0, len(hrp)*2+1+len(data))
	for i := 0; i < len(hrp); i++ {
		values = append(values, int(hrp[i]>>5))
	}
	values = append(values, 0)
	for i := 0; i < len(hrp); i++ {
		values = append(values, int(hrp[i]&31))
	}
	for i := 0; i < len(data); i++ {
		k := strings.IndexByte(bech32Charset, data[i])
		if k < 0 {
			return false
		}
		values = append(values, k)
	}
	gen := [5]int{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := 1
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ v
		for i := 0; i < 5; i++ {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk == 1 || chk == 0x2bc830a3
}
