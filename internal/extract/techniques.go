package extract

import "strings"

// ATT&CK techniques described in words. Each line: technique id, then the
// phrases that tell of it, "|"-separated. A phrase ending in "*" is a stem
// (matches any word starting with it). These are Telltale's own phrasings
// of what each technique looks like in a report; the technique names
// themselves come from the caller's dictionary (the ATT&CK bundle).
const techniqueTable = `
T1003.001|lsass memory|lsass.exe process memory|dump lsass|dumped lsass|lsass dump*|procdump*|comsvcs.dll|minidump*
T1003|credential dump*|dump credentials|dumping credentials|mimikatz|password hashes|ntds.dit
T1005|data from local system|from the local system|collects files|collect files|steal files|files from the infected|searches for files|document files
T1012|query the registry|queries the registry|reg query|registry values|reads the registry|read the registry|registry key to check
T1016|ipconfig|network configuration|network adapter*|mac address|ip configuration|network interfaces|route print|arp -a
T1021.001|remote desktop protocol|rdp session*|via rdp|over rdp|rdp connection*|mstsc
T1027|obfuscat*|base64-encoded|base64 encoded|encoded payload|xor-encrypted|xor encrypted|xor key|encrypted payload|encrypted strings|string encryption|junk code|packed with|packer
T1033|whoami|current user|user name|username|logged-on user*|logged on user*
T1036.005|masquerad*|legitimate file name|legitimate names|disguised as|named after legitimate|mimic* legitimate
T1041|exfiltrat* over the c2|exfiltrated to the c2|sends the collected|sent to the c2|exfiltrates data to|uploads the data|upload* to the c2|exfiltrat* via the c2
T1047|wmi|wmic|windows management instrumentation|win32_process
T1053.005|scheduled task*|schtasks|task scheduler
T1055|process injection|inject* into|injects* the payload|process hollowing|hollow* process|reflective*|createremotethread|writeprocessmemory
T1056.001|keylog*|keystroke*|key stroke*
T1057|running processes|process list|list of processes|tasklist|enumerates processes|process discovery|createtoolhelp32snapshot
T1059.001|powershell
T1059.003|cmd.exe|command prompt|cmd /c|windows command shell|command shell|reverse shell
T1059.005|vbscript|visual basic script|wscript|cscript
T1059.007|javascript|jscript
T1068|privilege escalation vulnerabilit*|local privilege escalation|elevate privileges|escalate privileges|kernel exploit|exploits a vulnerability in the windows
T1070.004|delete* itself|deletes the file|delete the file|deleted the file|deletes files|remove* itself|self-delet*|file deletion|cleans up|wipe* traces
T1071.001|http post|http get|over http|via http|https requests|http requests|http request|web protocol*|http protocol|user-agent|user agent
T1072|software deployment tool*|deployment software|sccm|patch management software
T1074.001|staged in|staging directory|staging folder|stages the|staged the|archive* the collected|local staging|temporary directory before
T1078|valid accounts|legitimate credentials|stolen credentials|compromised credentials|compromised accounts|legitimate accounts|valid credentials
T1082|system information|os version|operating system version|computer name|hostname|system info*|systeminfo|architecture of the|processor|volume serial number
T1083|file and directory discovery|enumerate* files|list* files|directory listing|searches for files|file system|drives and|directories|list the contents
T1090|proxy|proxies|socks|tunnel* traffic|relay*
T1095|raw socket*|custom tcp|custom protocol|non-application layer|raw tcp|over tcp|tcp connection|binary protocol|icmp
T1105|download* additional|downloads and executes|download and execute|downloaded from|download* a file|download* the payload|download* payloads|ingress tool|downloads the next stage|second-stage payload|next-stage payload|retrieve* additional|fetch* additional|drop* additional
T1106|native api|windows api|api calls|api call|createprocess|shellexecute|winexec|virtualalloc|loadlibrary|getprocaddress|ntdll
T1110|brute force|brute-force|bruteforc*|password spray*|credential stuffing|password guessing
T1112|modify the registry|modifies the registry|modified the registry|registry modification|adds a registry|creates a registry|registry value|writes to the registry|sets the registry|registry key
T1113|screenshot*|screen capture|captures the screen|screen shot*
T1140|decrypt*|decod*|deobfuscat*|unpack*|decompress*
T1190|exploit* a vulnerability|exploited vulnerabilit*|public-facing|internet-facing|exploitation of|exploiting vulnerabilities|vulnerable server*|web server vulnerabilit*|unpatched
T1204.002|malicious attachment|open the attachment|opens the attachment|enable macros|enable content|double-click*|user execution|lure document|decoy document|tricked into|convince* the victim
T1210|exploitation of remote services|eternalblue|ms17-010|smb vulnerabilit*|remote code execution vulnerabilit*
T1218.011|rundll32
T1219|remote access software|teamviewer|anydesk|screenconnect|atera|splashtop|remote monitoring and management|rmm tool*
T1484.001|group policy|gpo
T1518.001|security software|antivirus product*|anti-virus product*|security products|installed antivirus|security solutions|edr product*
T1543.003|windows service|new service|creates a service|create a service|installs a service|as a service|sc create|service named
T1547.001|run key*|currentversion\run|startup folder|registry run|autorun*|persistence via the registry
T1548.002|uac bypass|bypass uac|bypasses uac|user account control|fodhelper|eventvwr
T1552.001|credentials in files|passwords stored in|plaintext passwords|configuration files containing|unsecured credentials
T1557.001|llmnr|nbt-ns|responder
T1562.001|disable* security|disable* antivirus|disable* windows defender|disable* defender|disable* the antivirus|tamper* with security|kill* security|terminate* security|impair defenses
T1564.001|hidden file*|hidden attribute|attrib +h|hidden folder*|hidden directory
T1566.001|spearphishing attachment|spear-phishing attachment|phishing email* with|malicious attachment*|email attachment*|attached document|weaponized document|malicious document*|malicious word document|malicious excel
T1566.002|spearphishing link|malicious link*|phishing link*
T1566|phishing|spearphish*|spear-phish*
T1569.002|service execution|psexec|sc start|start the service|starts the service
T1570|lateral tool transfer|copied to remote|copies itself to|admin$|spread* across the network|propagat*
T1573.001|symmetric*|aes|rc4|aes-256|aes256|aes key|encrypted c2|encrypted communication*|encrypts the communication|encrypted with rc4|encrypted with aes
T1573.002|asymmetric*|rsa|public key|ssl/tls|tls certificate
T1574.002|side-load*|sideload*|side load*|dll search order|dll hijack*|legitimate executable to load
T1486|encrypt* files|file encryption|ransom note|data encrypted for impact
T1490|shadow copies|vssadmin|inhibit system recovery|bcdedit
T1497|sandbox evasion|virtual machine detection|anti-vm|anti-sandbox|detect virtual
T1041|exfiltrat*
T1071.004|dns tunnel*|over dns|dns queries|dns requests
T1102|legitimate web service*|dropbox|google drive|onedrive|pastebin|github as|telegram api
T1189|drive-by|watering hole|watering-hole|exploit kit
T1195.002|supply chain|supply-chain|trojanized update|compromised update
T1133|external remote services|vpn access|citrix|remote access vpn
T1505.003|web shell*|webshell*|china chopper
T1583.001|registered domain*|register* domains|domain registration
T1588.002|cobalt strike|publicly available tool*|open-source tool*|off-the-shelf
T1087|account discovery|net user|list of users|enumerate* users|user accounts
T1018|remote system discovery|net view|ping sweep|discover* hosts|network scan*
T1046|port scan*|network service scan*|nmap|masscan
T1049|netstat|network connections
T1069|net group|permission groups|domain admins
T1482|domain trust*|nltest|adfind
T1560|compress* the|archiv*|rar archive|zip archive|7-zip|winrar
T1132.001|base64
T1001|junk data|data obfuscation|steganograph*
T1014|rootkit*
T1120|peripheral device*|usb drive*|removable drive*
T1119|automated collection|automatically collect*
T1115|clipboard
T1125|webcam|video capture
T1123|microphone|audio recording|record audio
T1497.001|system checks
T1218.005|mshta
T1218.010|regsvr32
T1218.007|msiexec
T1053|cron*|crontab
T1136|create* an account|new account|add* a user
T1098|account manipulation|add* to the administrators
T1531|account access removal|lock* users out
T1485|data destruction|wipe* the disk|overwrite* the mbr|destroy* data
T1561|disk wipe*|wiper|mbr
T1489|stop* services|service stop|kill* processes
T1027.002|upx|software packing|packed with
T1036|masquerad*
T1059|command line|command-line|scripting interpreter
T1204|user execution|lure*|entice*
T1583|acquire infrastructure|virtual private server|vps
T1608|stage capabilities|upload* malware to
T1620|reflective code loading|reflectively load*|in memory|in-memory|fileless
T1622|debugger detection|anti-debug*|isdebuggerpresent
T1007|service discovery|sc query|list of services
T1010|window discovery|window title*|foreground window
T1124|system time|time zone|timezone
T1135|network share*|shared folders|net share
T1201|password policy
T1614|system location|language settings|keyboard layout|geolocation
`

type techniquePhrase struct {
	id, phrase string
	stem       bool
}

func techniquePhrases() []techniquePhrase {
	var out []techniquePhrase
	for _, line := range strings.Split(techniqueTable, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.Split(line, "|")
		for _, p := range parts[1:] {
			stem := strings.HasSuffix(p, "*")
			p = strings.TrimSuffix(p, "*")
			for _, v := range expandStems(p) {
				out = append(out, techniquePhrase{id: parts[0], phrase: v, stem: stem})
			}
		}
	}
	return out
}

// expandStems turns a stem inside a phrase ("inject* into") into the usual
// inflections ("inject into", "injects into", "injected into", ...).
func expandStems(p string) []string {
	i := strings.Index(p, "*")
	if i < 0 {
		return []string{p}
	}
	head, tail := p[:i], p[i+1:]
	var out []string
	for _, suf := range []string{"", "s", "es", "ed", "d", "ing"} {
		out = append(out, expandStems(head+suf+tail)...)
	}
	return out
}
