package extract

import (
	"net/netip"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Warning lists, in the spirit of MISP warninglists: an indicator that
// matches is kept, with the reason it is probably benign, so an analyst
// sees it and nothing is silently dropped.

// benignDomains maps a registered domain (or a host under which every
// name is benign) to the reason.
var benignDomains = func() map[string]string {
	m := map[string]string{}
	add := func(reason, list string) {
		for _, d := range strings.Fields(list) {
			m[d] = reason
		}
	}
	add(reasonDocumentation, `example.com example.net example.org example.edu`)
	add("security vendor's site", `crowdstrike.com mandiant.com fireeye.com kaspersky.com securelist.com eset.com
welivesecurity.com symantec.com broadcom.com security.com paloaltonetworks.com unit42.paloaltonetworks.com trendmicro.com
proofpoint.com secureworks.com checkpoint.com recordedfuture.com sophos.com mcafee.com trellix.com
sentinelone.com intel471.com zscaler.com lab52.io s2grupo.es quointelligence.eu fortinet.com fortiguard.com
bitdefender.com malwarebytes.com talosintelligence.com cybereason.com elastic.co redcanary.com huntress.com
rapid7.com tenable.com qualys.com group-ib.com ptsecurity.com clearskysec.com dragos.com volexity.com
thalesgroup.com cyble.com trustwave.com nccgroup.com avast.com lookout.com zimperium.com citizenlab.ca
sekoia.io darktrace.com arcticwolf.com kroll.com deepinstinct.com cyberark.com microsoft.com`)
	add("reference or advisory site", `mitre.org nist.gov cve.org first.org cisa.gov us-cert.gov ncsc.gov.uk
cert.gov.ua cert.europa.eu enisa.europa.eu ic3.gov fbi.gov justice.gov europol.europa.eu jpcert.or.jp
cyber.gov.au ssi.gouv.fr bsi.bund.de wikipedia.org virustotal.com hybrid-analysis.com any.run urlscan.io
shodan.io censys.io abuse.ch bazaar.abuse.ch otx.alienvault.com exploit-db.com cvedetails.com`)
	add(reasonNews, `twitter.com x.com t.co linkedin.com facebook.com youtube.com medium.com
reuters.com bleepingcomputer.com therecord.media gizmodo.com nytimes.com washingtonpost.com wired.com
bloomberg.com zdnet.com theregister.com securityweek.com darkreading.com thehackernews.com
krebsonsecurity.com arstechnica.com cyberscoop.com techcrunch.com bbc.co.uk bbc.com theguardian.com`)
	add(reasonService, `google.com googleapis.com gstatic.com gmail.com windows.com windowsupdate.com
office.com office365.com live.com outlook.com microsoftonline.com azure.com apple.com icloud.com amazon.com
cloudflare.com akamai.com akamai.net github.com gitlab.com mozilla.org python.org golang.org w3.org
schema.org openssl.org adobe.com oracle.com java.com whatsapp.com telegram.org signal.org skype.com
zoom.us slack.com dropbox.com discord.com discordapp.com mega.nz mega.io pastebin.com wetransfer.com
sharepoint.com onedrive.com box.com yahoo.com mail.ru yandex.ru yandex.com protonmail.com proton.me
tutanota.com tuta.io baidu.com qq.com sohu.com weibo.com vk.com instagram.com reddit.com wordpress.com
bit.ly tinyurl.com opendns.com`)
	return m
}()

// Reasons given by more than one list.
const (
	reasonDocumentation = "documentation domain (RFC 2606)"
	reasonPublisher     = "publisher's own site"
	reasonNews          = "news or social media site"
	reasonService       = "well-known benign service"
)

// fileSharingDomains host what anybody uploads.
var fileSharingDomains = wordSet(`mega.nz mega.io pastebin.com discord.com discordapp.com dropbox.com
wetransfer.com sharepoint.com onedrive.com box.com`)

// fileSharing reports whether host is on a file-sharing or paste service.
func fileSharing(host string) bool {
	d, err := publicsuffix.EffectiveTLDPlusOne(strings.ToLower(host))
	return err == nil && fileSharingDomains[d]
}

// urlHasPath reports whether a URL names more than its host's root.
func urlHasPath(u string) bool {
	rest := u[strings.Index(u, "://")+3:]
	k := strings.IndexAny(rest, "/?#")
	return k >= 0 && strings.Trim(rest[k:], "/") != ""
}

// referenceLink reports whether the URL at text[s:e] is a live link of
// the text: a Markdown link or image target ("](url)"), an autolink
// ("<url>"), or a line of references ("[11] <url>", "[3] url").
func referenceLink(text string, s, e int) bool {
	if strings.HasSuffix(text[:s], "](") || (strings.HasSuffix(text[:s], "<") && strings.HasPrefix(text[e:], ">")) {
		return true
	}
	// "[11] <url>" or "[11] url" opening a line: only the URL right after
	// the marker, looked for in a few bytes (linear in the text).
	i := s
	if i > 0 && text[i-1] == '<' {
		i--
	}
	for k := 0; k < 8 && i > 0 && (text[i-1] == ' ' || text[i-1] == '\t'); k++ {
		i--
	}
	if i == 0 || text[i-1] != ']' {
		return false
	}
	i--
	d := i
	for d > 0 && i-d < 6 && isDigit(text[d-1]) {
		d--
	}
	if d == i || d == 0 || text[d-1] != '[' {
		return false
	}
	d--
	for k := 0; k < 8 && d > 0 && (text[d-1] == ' ' || text[d-1] == '\t'); k++ {
		d--
	}
	return d == 0 || text[d-1] == '\n'
}

// benignHashes are hashes of the empty input.
var benignHashes = map[string]string{
	"d41d8cd98f00b204e9800998ecf8427e":                                 "hash of empty input",
	"da39a3ee5e6b4b0d3255bfef95601890afd80709":                         "hash of empty input",
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855": "hash of empty input",
}

var ipWarnings = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation address (TEST-NET-1)"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation address (TEST-NET-2)"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation address (TEST-NET-3)"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared address space (carrier-grade NAT)"},
	{netip.MustParsePrefix("0.0.0.0/8"), "reserved address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking address"},
}

var publicResolvers = map[string]bool{
	"8.8.8.8": true, "8.8.4.4": true, "1.1.1.1": true, "1.0.0.1": true, "9.9.9.9": true,
	"149.112.112.112": true, "208.67.222.222": true, "208.67.220.220": true, "4.2.2.1": true, "4.2.2.2": true,
	"2001:4860:4860::8888": true, "2001:4860:4860::8844": true, "2606:4700:4700::1111": true,
}

// warnIP returns why an address is probably benign, or "".
func warnIP(value string) string {
	s := value
	if k := strings.IndexByte(s, '/'); k >= 0 {
		s = s[:k]
	}
	ip, err := netip.ParseAddr(s)
	if err != nil {
		return ""
	}
	switch {
	case ip.IsLoopback():
		return "loopback address"
	case ip.IsPrivate():
		return "private address"
	case ip.IsLinkLocalUnicast():
		return "link-local address"
	case ip.IsMulticast():
		return "multicast address"
	case ip.IsUnspecified():
		return "unspecified address"
	}
	if s == "255.255.255.255" {
		return "broadcast address"
	}
	for _, w := range ipWarnings {
		if w.prefix.Contains(ip) {
			return w.reason
		}
	}
	if publicResolvers[ip.String()] {
		return "well-known public DNS resolver"
	}
	return ""
}

// warnHost returns why a host name is probably benign, or "". publisher is
// the registered domain of the report's own site, if known.
func warnHost(host, publisher string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if isIPv4(host) {
		return warnIP(host)
	}
	if publisher != "" {
		if host == publisher || strings.HasSuffix(host, "."+publisher) {
			return reasonPublisher
		}
	}
	for h := host; h != ""; {
		if r, ok := benignDomains[h]; ok {
			return r
		}
		k := strings.IndexByte(h, '.')
		if k < 0 {
			break
		}
		h = h[k+1:]
	}
	return ""
}

// registeredDomain returns the eTLD+1 of a host or URL, or "".
func registeredDomain(hostOrURL string) string {
	h := hostOrURL
	if k := strings.Index(h, "://"); k >= 0 {
		h = h[k+3:]
	}
	if k := strings.IndexAny(h, "/?#:"); k >= 0 {
		h = h[:k]
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(strings.ToLower(h))
	if err != nil {
		return ""
	}
	return d
}

// warning judges one indicator.
func warning(typ, value, publisher string, defanged bool) string {
	if defanged && typ != TypeIPv4 && typ != TypeIPv6 {
		// The author defanged it: the report means it as malicious, on
		// whatever host it is (a payload on a file-sharing service),
		// unless it is a documentation name or the publisher's own site.
		if w := warning(typ, value, publisher, false); w == reasonDocumentation || w == reasonPublisher {
			return w
		}
		return ""
	}
	switch typ {
	case TypeIPv4, TypeIPv6:
		return warnIP(value)
	case TypeDomain:
		return warnHost(value, publisher)
	case TypeEmail:
		// A mailbox at a webmail or social service is anybody's, an
		// attacker's included: only the publisher's, a vendor's and
		// documentation addresses are benign.
		r := warnHost(value[strings.LastIndexByte(value, '@')+1:], publisher)
		if r == reasonService || r == reasonNews {
			return ""
		}
		return r
	case TypeURL:
		h := value[strings.Index(value, "://")+3:]
		if k := strings.IndexAny(h, "/?#"); k >= 0 {
			h = h[:k]
		}
		if k := strings.LastIndexByte(h, '@'); k >= 0 {
			h = h[k+1:]
		}
		if k := strings.LastIndexByte(h, ':'); k >= 0 {
			h = h[:k]
		}
		r := warnHost(h, publisher)
		if r == reasonService && fileSharing(h) && urlHasPath(value) {
			// A file on a file-sharing or paste service is whatever was
			// uploaded: the service being benign says nothing about it.
			return ""
		}
		return r
	case TypeMD5, TypeSHA1, TypeSHA256:
		return benignHashes[value]
	}
	return ""
}
