package extract

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func indicatorsOf(text string) []string {
	var out []string
	for _, ind := range Extract(text, nil).Indicators {
		s := ind.Type + " " + ind.Value
		if ind.Warning != "" {
			s += " (" + ind.Warning + ")"
		}
		out = append(out, s)
	}
	return out
}

func TestIndicators(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"IPv4", "C2 at 45.77.12.9 and 185.220.101.4.", []string{"ipv4 45.77.12.9", "ipv4 185.220.101.4"}},
		{"IPv4WithCIDR", "blocks 45.77.12.0/24 today", []string{"ipv4 45.77.12.0/24"}},
		{"IPv4Defanged", "beacon to 45[.]77[.]12[.]9:443", []string{"ipv4 45.77.12.9"}},
		{"VersionNotIP", "upgrade to version 1.5.0.1 or 10.2.3.4 build", nil},
		{"SmallDottedQuadIsVersion", "the 2.0.0.1 release", nil},
		{"SmallDottedQuadWithPortIsIP", "listens on 1.2.3.4:8080", []string{"ipv4 1.2.3.4"}},
		{"PrivateIPWarned", "pivot to 192.168.1.20 then", []string{"ipv4 192.168.1.20 (private address)"}},
		{"DocumentationIPWarned", "e.g. 203.0.113.5", []string{"ipv4 203.0.113.5 (documentation address (TEST-NET-3))"}},
		{"IPv6", "AAAA 2001:470:1f0b:1::2 and fe80::1", []string{"ipv6 2001:470:1f0b:1::2", "ipv6 fe80::1 (link-local address)"}},
		{"IPv6CIDR", "range 2a03:2880::/32 seen", []string{"ipv6 2a03:2880::/32"}},
		{"TimeNotIPv6", "at 12:30:45 UTC", nil},
		{"Domain", "resolves evil-update.com and cdn.bad-site.co.uk.", []string{"domain evil-update.com", "domain cdn.bad-site.co.uk"}},
		{"DomainDefanged", "evil-update[.]com and bad(dot)example(.)org", []string{"domain evil-update.com", "domain bad.example.org (documentation domain (RFC 2606))"}},
		{"FileNotDomain", "opens document.pdf then setup.py and invoice.zip", []string{"filename document.pdf", "filename setup.py", "filename invoice.zip"}},
		{"DefangedZipIsDomain", "hosted on invoice[.]zip", []string{"domain invoice.zip"}},
		{"CodeNotDomain", "uses System.Net and this.name and self.run() and ASP.NET", nil},
		{"NoTLD", "the foo.baz and e.g. i.e. U.S. a.m.", nil},
		{"URL", "get hxxps://evil[.]com/a/b.php?x=1 now", []string{"url https://evil.com/a/b.php?x=1"}},
		{"URLInMarkdown", "[here](http://Evil.COM/p) and (https://bad.net).", []string{"url http://evil.com/p (reference link: a live link in the text, where a report defangs what it means as malicious)", "url https://bad.net"}},
		{"HalfBracketDefang", "C2 at miandfish.]store and 115].231.218.133 and 106.]14.47.210", []string{"domain miandfish.store", "ipv4 115.231.218.133", "ipv4 106.14.47.210"}},
		{"MarkdownEscapeInName", `from consulate\_ksa\_emb@gmail[.]com via hxxp://5.149.255[.]14/host32\_pic.bin`, []string{"email consulate_ksa_emb@gmail.com", "url http://5.149.255.14/host32_pic.bin"}},
		{"URLKeepsQueryEnd", "beacon hxxp://185.183.96[.]147/?data= then", []string{"url http://185.183.96.147/?data="}},
		{"WebmailSenderNotBenign", "sent from anthony.1986@gmail.com", []string{"email anthony.1986@gmail.com"}},
		{"DefangedOnBenignServiceNotBenign", "payload at hxxps://github[.]com/evil/x/raw/a.exe", []string{"url https://github.com/evil/x/raw/a.exe"}},
		{"ReferenceLinesWarned", "[11] <http://news.example-press.net/article/1>\n[3] https://blog.example-vendor.net/post\nsee <https://other.example-ref.net/a>",
			[]string{"url http://news.example-press.net/article/1 (reference link: a live link in the text, where a report defangs what it means as malicious)",
				"url https://blog.example-vendor.net/post (reference link: a live link in the text, where a report defangs what it means as malicious)",
				"url https://other.example-ref.net/a (reference link: a live link in the text, where a report defangs what it means as malicious)"}},
		{"URLHostEndsSentence", "see http://evil.com. and http://bad.net.. or http://x.org-", []string{"url http://evil.com", "url http://bad.net", "url http://x.org"}},
		{"URLWithBangs", "get https://mega.nz/#!Ov41xapb!M-COPo_rpfcQ7 now!", []string{"url https://mega.nz/#!Ov41xapb!M-COPo_rpfcQ7"}},
		{"HexInHostPathNotHash", "kit at evil-kit[.]com/9cc926e58ca86d5871814fa3cfe6f822/x.js", []string{"domain evil-kit.com", "filename x.js"}},
		{"HashesAfterSlashKept", "MD5/SHA1: 44d88612fea8a8f36de82e1278abb02f/3395856ce81f2b7382dee72602f798b642f14140",
			[]string{"md5 44d88612fea8a8f36de82e1278abb02f", "sha1 3395856ce81f2b7382dee72602f798b642f14140"}},
		{"CitationNotDefang", "prior work [12].In 2020 and [3].It uses model[0].to(device) [fig.]1", nil},
		{"BangAfterHost", "Download from https://evil.com!Click now", []string{"url https://evil.com"}},
		{"DataFileNotDomain", "decrypts AntiAV.data first", nil},
		{"URLVendorWarned", "see https://www.crowdstrike.com/blog/x", []string{"url https://www.crowdstrike.com/blog/x (security vendor's site)"}},
		{"Email", "from admin[@]evil-mail.com and bob@ex.org", []string{"email admin@evil-mail.com", "email bob@ex.org"}},
		{"EmailAtWord", "contact info[at]evil-mail[dot]com", []string{"email info@evil-mail.com"}},
		{"Hashes", "MD5 44d88612fea8a8f36de82e1278abb02f SHA1 3395856ce81f2b7382dee72602f798b642f14140 SHA256 275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f",
			[]string{"md5 44d88612fea8a8f36de82e1278abb02f", "sha1 3395856ce81f2b7382dee72602f798b642f14140", "sha256 275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"}},
		{"EmptyHashWarned", "d41d8cd98f00b204e9800998ecf8427e", []string{"md5 d41d8cd98f00b204e9800998ecf8427e (hash of empty input)"}},
		{"CVELowerCase", "exploits cve-2021-44228 and CVE-2023-23397.", []string{"cve CVE-2021-44228", "cve CVE-2023-23397"}},
		{"AttackIDs", "T1566.001, TA0001, G0069 and S0154 (T1059)", []string{"attack-technique T1566.001", "attack-tactic TA0001", "attack-group G0069", "attack-software S0154", "attack-technique T1059"}},
		{"Bitcoin", "pay 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 or bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", []string{"bitcoin 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "bitcoin bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"}},
		{"BitcoinBadChecksum", "pay 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", nil},
		{"Ethereum", "wallet 0x52908400098527886E0F7030069857D2E4169EE7", []string{"ethereum 0x52908400098527886e0f7030069857d2e4169ee7"}},
		{"RegistryKey", `adds HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon and HKCU\Software\Microsoft\Windows\CurrentVersion\Run.`,
			[]string{`registry-key HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon`, `registry-key HKCU\Software\Microsoft\Windows\CurrentVersion\Run`}},
		{"WindowsPathFile", `drops C:\Users\Public\svchost.exe`, []string{"filename svchost.exe"}},
		{"InlineImageIgnored", `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==">`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := indicatorsOf(tc.text)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestIndicatorSpans(t *testing.T) {
	text := "C2: hxxps://evil[.]com/x and 45[.]77[.]12[.]9 and bad[.]org."
	r := Extract(text, nil)
	var got []string
	for _, ind := range r.Indicators {
		got = append(got, text[ind.Start:ind.End])
		if ind.Text != text[ind.Start:ind.End] {
			t.Errorf("Text %q does not match span %q", ind.Text, text[ind.Start:ind.End])
		}
		if !ind.Defanged {
			t.Errorf("%s: got Defanged false, want true", ind.Value)
		}
	}
	want := []string{"hxxps://evil[.]com/x", "45[.]77[.]12[.]9", "bad[.]org"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestPublisherWarning(t *testing.T) {
	r := ExtractWith("see https://blog.acme-intel.com/post and evil.com", nil, Options{Publisher: "https://www.acme-intel.com/"})
	var got []string
	for _, ind := range r.Indicators {
		got = append(got, ind.Value+"|"+ind.Warning)
	}
	want := []string{"https://blog.acme-intel.com/post|publisher's own site", "evil.com|"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestIndicatorReport scores the scanner on a hand-written report full of
// traps (version numbers, file names with top-level-domain extensions,
// code identifiers, lower-case CVE ids, defanged forms), against the
// indicators an analyst would list.
func TestIndicatorReport(t *testing.T) {
	text, err := os.ReadFile("testdata/indicators-report.txt")
	if err != nil {
		t.Fatal(err)
	}
	wantFile, err := os.ReadFile("testdata/indicators-report.want")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(wantFile)), "\n") {
		want[l] = true
	}
	r := ExtractWith(string(text), nil, Options{Publisher: "https://acme-intel.com"})
	got := map[string]bool{}
	warned := map[string]string{}
	for _, ind := range r.Indicators {
		k := ind.Type + " " + ind.Value
		got[k] = true
		warned[k] = ind.Warning
	}
	tp := 0
	for k := range got {
		if want[k] {
			tp++
		} else {
			t.Errorf("false positive: %s", k)
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missed: %s", k)
		}
	}
	precision, recall := float64(tp)/float64(len(got)), float64(tp)/float64(len(want))
	t.Logf("precision %.3f recall %.3f", precision, recall)
	t.Run("BenignOnesWarned", func(t *testing.T) {
		for k, reason := range map[string]string{
			"ipv4 10.20.30.40": "private address",
			"ipv4 192.0.2.15":  "documentation address (TEST-NET-1)",
			"url https://attack.mitre.org/techniques/T1190/":      "reference or advisory site",
			"url https://research.acme-intel.com/blog/grey-relay": "publisher's own site",
		} {
			if warned[k] != reason {
				t.Errorf("%s: got warning %q, want %q", k, warned[k], reason)
			}
		}
		for k := range want {
			if warned[k] != "" && !strings.Contains(k, "10.20.30.40") && !strings.Contains(k, "192.0.2.15") && !strings.Contains(k, "mitre") && !strings.Contains(k, "acme-intel") {
				t.Errorf("%s: got warning %q, want none", k, warned[k])
			}
		}
	})
}
