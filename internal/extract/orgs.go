package extract

import "strings"

// Built-in organisations that reports quote as sources or name as the
// makers of a claim: security vendors, government agencies and CERTs, news
// agencies. One line each, canonical name first, other names after "|".
// The caller adds victims and other organisations from its knowledge.
const orgTable = `
CrowdStrike
Mandiant|FireEye
Microsoft|Microsoft Threat Intelligence|MSTIC|Microsoft Threat Intelligence Center
Google|Google TAG|Threat Analysis Group|Google Threat Intelligence Group|GTIG
Kaspersky|Kaspersky Lab|Securelist|Kaspersky GReAT
ESET|WeLiveSecurity
Symantec|Broadcom|Symantec Threat Hunter Team
Palo Alto Networks|Unit 42|Unit42
Cisco Talos|Talos|Cisco
Trend Micro|TrendMicro
Proofpoint
Secureworks|SecureWorks|Counter Threat Unit
Check Point|Check Point Research|CheckPoint
Recorded Future|Insikt Group
Sophos|SophosLabs
McAfee
Trellix
SentinelOne|SentinelLabs
Intel 471|Intel471
Zscaler|ThreatLabz
Lab52
S2 Grupo
QuoIntelligence
Group-IB
Positive Technologies
ClearSky|ClearSky Cyber Security
Dragos
Volexity
Malwarebytes
Bitdefender
Fortinet|FortiGuard Labs|FortiGuard
Cybereason
Elastic Security Labs
Red Canary
Huntress
Rapid7
Tenable
Qualys
Akamai
Cloudflare
Cyble
Trustwave|SpiderLabs
NCC Group
PwC
Deloitte
Accenture
IBM X-Force|X-Force|IBM
Thales
Orange Cyberdefense
Sekoia|SEKOIA
Avast
Checkmarx
Lookout
Zimperium
Citizen Lab
Amnesty International
Qihoo 360|360 Netlab|Qihoo
Tencent
Kroll
Arctic Wolf
Darktrace
Cybersecurity and Infrastructure Security Agency|CISA
Federal Bureau of Investigation|FBI
National Security Agency|NSA
Department of Homeland Security|DHS
Department of Justice|DOJ
US Cyber Command|USCYBERCOM
National Cyber Security Centre|NCSC
GCHQ
ANSSI
BSI
CERT-UA
CERT-EU
US-CERT
ENISA
Europol
Interpol
Australian Cyber Security Centre|ACSC
Canadian Centre for Cyber Security
JPCERT|JPCERT/CC
KrCERT
Reuters
Associated Press
Bloomberg
BleepingComputer
The Record
Gizmodo
The New York Times
The Washington Post
Wired
`

func organizationEntries() []Entry {
	var out []Entry
	for _, line := range strings.Split(orgTable, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		names := strings.Split(line, "|")
		for _, n := range names {
			out = append(out, Entry{Kind: KindOrganization, Name: n, Canonical: names[0], ID: names[0]})
		}
	}
	return out
}
