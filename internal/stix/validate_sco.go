package stix

import (
	"fmt"
	"net/netip"
	"strings"
)

// This file holds the rules of STIX Cyber-observable Objects (STIX 2.1
// part 6): required properties, the types references must point to,
// timestamps, hashes, the predefined extensions and the id rules.

// requiredSCO lists the properties each cyber-observable type requires.
var requiredSCO = map[string][]string{
	"autonomous-system": {"number"},
	"directory":         {"path"},
	"domain-name":       {"value"},
	"email-addr":        {"value"},
	"email-message":     {"is_multipart"},
	"ipv4-addr":         {"value"},
	"ipv6-addr":         {"value"},
	"mac-addr":          {"value"},
	"mutex":             {"name"},
	"network-traffic":   {"protocols"},
	"software":          {"name"},
	"url":               {"value"},
}

// scoRefTypes gives, per type and reference property, the types the
// references must point to (nil: any cyber-observable).
var scoRefTypes = map[string]map[string][]string{
	"directory":            {"contains_refs": {"file", "directory"}},
	"domain-name":          {"resolves_to_refs": {"ipv4-addr", "ipv6-addr", "domain-name"}},
	"email-addr":           {"belongs_to_ref": {"user-account"}},
	"email-message":        {"from_ref": {"email-addr"}, "sender_ref": {"email-addr"}, "to_refs": {"email-addr"}, "cc_refs": {"email-addr"}, "bcc_refs": {"email-addr"}, "raw_email_ref": {"artifact"}},
	"file":                 {"contains_refs": nil, "content_ref": {"artifact"}, "parent_directory_ref": {"directory"}},
	"ipv4-addr":            {"resolves_to_refs": {"mac-addr"}, "belongs_to_refs": {"autonomous-system"}},
	"ipv6-addr":            {"resolves_to_refs": {"mac-addr"}, "belongs_to_refs": {"autonomous-system"}},
	"network-traffic":      {"src_ref": {"ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"}, "dst_ref": {"ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"}, "src_payload_ref": {"artifact"}, "dst_payload_ref": {"artifact"}, "encapsulates_refs": {"network-traffic"}, "encapsulated_by_ref": {"network-traffic"}},
	"process":              {"opened_connection_refs": {"network-traffic"}, "creator_user_ref": {"user-account"}, "image_ref": {"file"}, "parent_ref": {"process"}, "child_refs": {"process"}},
	"windows-registry-key": {"creator_user_ref": {"user-account"}},
}

// scoTimestamps lists the timestamp properties of each cyber-observable.
var scoTimestamps = map[string][]string{
	"directory":            {"ctime", "mtime", "atime"},
	"email-message":        {"date"},
	"file":                 {"ctime", "mtime", "atime"},
	"network-traffic":      {"start", "end"},
	"process":              {"created_time"},
	"user-account":         {"account_created", "account_expires", "credential_last_changed", "account_first_login", "account_last_login"},
	"windows-registry-key": {"modified_time"},
	"x509-certificate":     {"validity_not_before", "validity_not_after"},
}

// idContributing lists, for the cyber-observables whose id contributing
// properties are all optional, those properties: without any of them the id
// must be a UUIDv4.
var idContributing = map[string][]string{
	"artifact":             {"hashes", "payload_bin"},
	"email-message":        {"from_ref", "subject", "body"},
	"user-account":         {"account_type", "user_id", "account_login"},
	"windows-registry-key": {"key", "values"},
	"x509-certificate":     {"hashes", "serial_number"},
}

// commonObservableProps are the properties every cyber-observable may have.
var commonObservableProps = map[string]bool{
	"type": true, "id": true, "spec_version": true, "object_marking_refs": true,
	"granular_markings": true, "defanged": true, "extensions": true,
}

// observableProps lists the properties STIX 2.1 defines for each
// cyber-observable type (used to judge property names in patterns).
var observableProps = propertyLists(map[string]string{
	"artifact":             "mime_type,payload_bin,url,hashes,encryption_algorithm,decryption_key",
	"autonomous-system":    "number,name,rir",
	"directory":            "path,path_enc,ctime,mtime,atime,contains_refs",
	"domain-name":          "value,resolves_to_refs",
	"email-addr":           "value,display_name,belongs_to_ref",
	"email-message":        "is_multipart,date,content_type,from_ref,sender_ref,to_refs,cc_refs,bcc_refs,message_id,subject,received_lines,additional_header_fields,body,body_multipart,raw_email_ref",
	"file":                 "hashes,size,name,name_enc,magic_number_hex,mime_type,ctime,mtime,atime,parent_directory_ref,contains_refs,content_ref",
	"ipv4-addr":            "value,resolves_to_refs,belongs_to_refs",
	"ipv6-addr":            "value,resolves_to_refs,belongs_to_refs",
	"mac-addr":             "value",
	"mutex":                "name",
	"network-traffic":      "start,end,is_active,src_ref,dst_ref,src_port,dst_port,protocols,src_byte_count,dst_byte_count,src_packets,dst_packets,ipfix,src_payload_ref,dst_payload_ref,encapsulates_refs,encapsulated_by_ref",
	"process":              "is_hidden,pid,created_time,cwd,command_line,environment_variables,opened_connection_refs,creator_user_ref,image_ref,parent_ref,child_refs",
	"software":             "name,cpe,swid,languages,vendor,version",
	"url":                  "value",
	"user-account":         "user_id,credential,account_login,account_type,display_name,is_service_account,is_privileged,can_escalate_privs,is_disabled,account_created,account_expires,credential_last_changed,account_first_login,account_last_login",
	"windows-registry-key": "key,values,modified_time,creator_user_ref,number_of_subkeys",
	"x509-certificate":     "is_self_signed,hashes,version,serial_number,signature_algorithm,issuer,validity_not_before,validity_not_after,subject,subject_public_key_algorithm,subject_public_key_modulus,subject_public_key_exponent,x509_v3_extensions",
})

// propertyLists turns comma-separated property names by type into sets.
func propertyLists(lists map[string]string) map[string]map[string]bool {
	out := make(map[string]map[string]bool, len(lists))
	for typ, list := range lists {
		m := map[string]bool{}
		for _, p := range strings.Split(list, ",") {
			m[p] = true
		}
		out[typ] = m
	}
	return out
}

// observable checks a cyber-observable, known or custom: the rules every
// type shares through the tables above, then its own (typeRules), then its
// predefined extensions (extensionRules).
func (v *validator) observable() {
	if !IsSCO(v.typ) {
		return // a custom observable: only the common rules apply
	}
	for _, name := range requiredSCO[v.typ] {
		v.required(name)
	}
	for _, ts := range scoTimestamps[v.typ] {
		if v.has(ts) {
			v.timestamp(ts)
		}
	}
	for prop, types := range scoRefTypes[v.typ] {
		switch {
		case !v.has(prop):
		case strings.HasSuffix(prop, "_refs"):
			v.refList(prop, types...)
		default:
			v.ref(prop, types...)
		}
	}
	if h, ok := v.props["hashes"]; ok {
		v.hashes("hashes", h)
	}
	v.checkIDContributing()
	v.typeRules()
	v.observableExtensions()
}

// checkIDContributing: an observable of a type whose id contributing properties
// are all optional, and without any of them, must have a UUIDv4 id.
func (v *validator) checkIDContributing() {
	props, ok := idContributing[v.typ]
	if !ok || uuidVersion(v.id) == '4' {
		return
	}
	for _, p := range props {
		if v.has(p) {
			return
		}
	}
	v.fail("id: a %s without any of %s must have a UUIDv4 id", v.typ, strings.Join(props, ", "))
}

// typeRules checks the rules particular to each cyber-observable type, one
// case a type. (A switch rather than a map of functions: a call through a
// function value would move every object's validator to the heap.)
func (v *validator) typeRules() {
	switch v.typ {
	case "artifact":
		v.artifact()
	case "directory":
		v.encoding("path_enc")
	case "email-message":
		v.emailMessage()
	case "file":
		v.file()
	case "ipv4-addr":
		v.valueIs(isIPv4, "an IPv4 address or CIDR block")
	case "ipv6-addr":
		v.valueIs(isIPv6, "an IPv6 address or CIDR block")
	case "mac-addr":
		v.valueIs(isMAC, "a MAC address of six colon-separated lower-case hex pairs")
	case "network-traffic":
		v.networkTraffic()
	case "process":
		v.process()
	case "software":
		v.software()
	case "user-account":
		v.needsOwnProperty()
	case "windows-registry-key":
		v.nonNegativeInt("number_of_subkeys")
	case "x509-certificate":
		v.needsOwnProperty()
		v.notBefore("validity_not_after", "validity_not_before")
	}
}

func (v *validator) process() {
	if uuidVersion(v.id) != '4' && checkID(v.id) == nil {
		v.fail("id: a process must have a UUIDv4 id")
	}
	v.needsOwnProperty()
}

func (v *validator) artifact() {
	_, bin := v.props["payload_bin"]
	_, url := v.props["url"]
	switch {
	case bin && url:
		v.fail("payload_bin, url: an artifact has one or the other, not both")
	case url && !v.has("hashes"):
		v.fail("hashes: required when an artifact has a url")
	}
	if v.has("decryption_key") && !v.has("encryption_algorithm") {
		v.fail("decryption_key: requires encryption_algorithm")
	}
	if mt, ok := v.props["mime_type"].(string); ok && !isMIMEType(mt) {
		v.fail("mime_type: %q is not an IANA media type of the form type/subtype", mt)
	}
}

func (v *validator) file() {
	if !v.has("hashes") && !v.has("name") {
		v.fail("hashes, name: a file needs at least one of them")
	}
	v.nonNegativeInt("size")
	v.encoding("name_enc")
}

func (v *validator) emailMessage() {
	multi, ok := v.props["is_multipart"].(bool)
	switch {
	case v.has("is_multipart") && !ok:
		v.fail("is_multipart: must be a boolean, not %s", show(v.props["is_multipart"]))
	case multi && v.has("body"):
		v.fail("body: must not be present when is_multipart is true (use body_multipart)")
	case !multi && v.has("body_multipart"):
		v.fail("body_multipart: must not be present when is_multipart is false")
	}
	parts, _ := v.props["body_multipart"].([]any)
	for i, e := range parts {
		part, ok := e.(map[string]any)
		if !ok {
			v.fail("body_multipart[%d]: must be an object, not %s", i, show(e))
			continue
		}
		_, body := part["body"]
		ref, raw := part["body_raw_ref"]
		switch {
		case body && raw:
			v.fail("body_multipart[%d]: body and body_raw_ref must not both be present", i)
		case !body && !raw:
			v.fail("body_multipart[%d]: needs body or body_raw_ref", i)
		case raw:
			if err := checkRefValue(ref, []string{"artifact", "file"}); err != nil {
				v.fail("body_multipart[%d].body_raw_ref: %v", i, err)
			}
		}
	}
}

func (v *validator) software() {
	if cpe, ok := v.props["cpe"].(string); ok && !isCPE23(cpe) {
		v.fail("cpe: %q is not a CPE 2.3 formatted string (cpe:2.3: and 11 more components)", cpe)
	}
	for _, l := range stringsOf(v.props["languages"]) {
		if len(l) != 3 || !allOf(l, "abcdefghijklmnopqrstuvwxyz") {
			v.fail("languages: %q is not an ISO 639-2 language code", l)
		}
	}
}

// valueIs checks a string value property against valid, which says what
// it must be.
func (v *validator) valueIs(valid func(string) bool, what string) {
	if s, ok := v.props["value"].(string); ok && !valid(s) {
		v.fail("value: %q is not %s", s, what)
	}
}

// nonNegativeInt checks an optional integer property that must not be
// negative.
func (v *validator) nonNegativeInt(name string) {
	if n, ok := v.props[name]; ok {
		if i, ok := intValue(n); !ok || i < 0 {
			v.fail("%s: must be a non-negative integer, not %s", name, show(n))
		}
	}
}

// needsOwnProperty: a type whose properties are all optional needs at
// least one besides the common ones.
func (v *validator) needsOwnProperty() {
	if !v.hasAnyOtherThan(commonObservableProps) {
		v.fail("%s: needs at least one property besides the common ones", v.typ)
	}
}

func (v *validator) hasAnyOtherThan(common map[string]bool) bool {
	for k := range v.props {
		if !common[k] || k == "extensions" {
			return true
		}
	}
	return false
}

func (v *validator) encoding(name string) {
	s, ok := v.props[name].(string)
	if !ok {
		return
	}
	if s == "" || !allOf(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_()-:.") {
		v.fail("%s: %q is not an IANA character set name", name, s)
	}
}

func (v *validator) networkTraffic() {
	if !v.has("src_ref") && !v.has("dst_ref") {
		v.fail("src_ref, dst_ref: network traffic needs at least one of them")
	}
	if v.has("protocols") {
		v.stringList("protocols")
	}
	for _, port := range []string{"src_port", "dst_port"} {
		if n, ok := v.props[port]; ok {
			if i, ok := intValue(n); !ok || i < 0 || i > 65535 {
				v.fail("%s: must be an integer from 0 to 65535, not %s", port, show(n))
			}
		}
	}
	if active, ok := v.props["is_active"].(bool); ok && active && v.has("end") {
		v.fail("end: must not be present when is_active is true")
	}
	v.notBefore("end", "start")
	if ipfix, ok := v.props["ipfix"]; ok {
		if m, ok := v.dictionary("ipfix", ipfix); ok {
			for k, val := range m {
				if _, isInt := intValue(val); !isInt && !isString(val) {
					v.fail("ipfix.%s: must be a string or an integer, not %s", k, show(val))
				}
			}
		}
	}
}

// observableExtensions checks the predefined extensions of STIX 2.1.
func (v *validator) observableExtensions() {
	exts, _ := v.props["extensions"].(map[string]any)
	for name, e := range exts {
		ext, ok := e.(map[string]any)
		if !ok {
			continue
		}
		v.extensionRules(v.typ+"/"+name, extension{where: "extensions." + name, props: ext})
	}
}

// extension is one predefined extension of the object a validator checks.
// (The validator is not a field: reached through a struct, it would move to
// the heap for every object.)
type extension struct {
	where string // "extensions.NAME", for messages
	props map[string]any
}

// extRequired fails for each of props the extension lacks.
func (v *validator) extRequired(e extension, props ...string) {
	for _, p := range props {
		if _, ok := e.props[p]; !ok {
			v.fail("%s.%s: required property is missing", e.where, p)
		}
	}
}

// extAnyOf fails when the extension has none of props.
func (v *validator) extAnyOf(e extension, props ...string) {
	for _, p := range props {
		if _, ok := e.props[p]; ok {
			return
		}
	}
	v.fail("%s: needs at least one of %s", e.where, strings.Join(props, ", "))
}

// extRefs checks the reference or list of references prop, when present.
func (v *validator) extRefs(e extension, prop string, types ...string) {
	val, ok := e.props[prop]
	if !ok {
		return
	}
	list, isList := val.([]any)
	if !isList {
		list = []any{val}
	}
	for _, r := range list {
		if err := checkRefValue(r, types); err != nil {
			v.fail("%s.%s: %v", e.where, prop, err)
		}
	}
}

// extNamedHashes checks a list of objects that each need a name and may
// carry hashes (NTFS alternate data streams, PE sections).
func (v *validator) extNamedHashes(e extension, prop string) {
	list, _ := e.props[prop].([]any)
	for i, x := range list {
		s, ok := x.(map[string]any)
		if !ok || !isString(s["name"]) {
			v.fail("%s.%s[%d].name: required string property is missing", e.where, prop, i)
			continue
		}
		if h, ok := s["hashes"]; ok {
			v.hashes(fmt.Sprintf("%s.%s[%d].hashes", e.where, prop, i), h)
		}
	}
}

// extensionRules checks the rules of a predefined extension, one case an
// extension; key is "object type/extension name". unix-account-ext has no
// rule beyond its properties' types.
func (v *validator) extensionRules(key string, e extension) {
	switch key {
	case "network-traffic/http-request-ext":
		v.httpRequestExt(e)
	case "network-traffic/icmp-ext":
		v.extRequired(e, "icmp_type_hex", "icmp_code_hex")
	case "network-traffic/tcp-ext":
		v.extAnyOf(e, "src_flags_hex", "dst_flags_hex")
	case "network-traffic/socket-ext":
		v.socketExt(e)
	case "file/archive-ext":
		v.extRequired(e, "contains_refs")
		v.extRefs(e, "contains_refs", "file", "directory")
	case "file/ntfs-ext":
		v.extAnyOf(e, "sid", "alternate_data_streams")
		v.extNamedHashes(e, "alternate_data_streams")
	case "file/pdf-ext":
		v.extAnyOf(e, "version", "is_optimized", "document_info_dict", "pdfid0", "pdfid1")
	case "file/raster-image-ext":
		v.extAnyOf(e, "image_height", "image_width", "bits_per_pixel", "exif_tags")
	case "file/windows-pebinary-ext":
		v.windowsPEBinaryExt(e)
	case "process/windows-process-ext":
		if pr, ok := e.props["priority"].(string); ok && !strings.HasSuffix(pr, "_CLASS") {
			v.fail("%s.priority: %q must end in _CLASS", e.where, pr)
		}
	case "process/windows-service-ext":
		v.extRefs(e, "service_dll_refs", "file")
	}
}

func (v *validator) httpRequestExt(e extension) {
	v.extRequired(e, "request_method", "request_value")
	if h, ok := e.props["request_header"]; ok {
		if m, ok := v.dictionary(e.where+".request_header", h); ok {
			for k, hv := range m {
				list, ok := hv.([]any)
				for _, s := range list {
					ok = ok && isString(s)
				}
				if !ok {
					v.fail("%s.request_header.%s: must be a list of strings, not %s", e.where, k, show(hv))
				}
			}
		}
	}
	v.extRefs(e, "message_body_data_ref", "artifact")
}

func (v *validator) socketExt(e extension) {
	v.extRequired(e, "address_family")
	if af, ok := e.props["address_family"]; ok {
		switch af {
		case "AF_UNSPEC", "AF_INET", "AF_IPX", "AF_APPLETALK", "AF_NETBIOS", "AF_INET6", "AF_IRDA", "AF_BTH":
		default:
			v.fail("%s.address_family: %s is not one of the network-socket-address-family-enum values", e.where, show(af))
		}
	}
	if st, ok := e.props["socket_type"]; ok {
		switch st {
		case "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET":
		default:
			v.fail("%s.socket_type: %s is not one of the network-socket-type-enum values", e.where, show(st))
		}
	}
	opts, ok := e.props["options"]
	if !ok {
		return
	}
	m, _ := v.dictionary(e.where+".options", opts)
	for k, val := range m {
		if !isSocketOption(k) {
			v.fail("%s.options: key %q must be a socket option name (SO_, ICMP_, ICMP6_, IP_, IPV6_, MCAST_, TCP_ or IRLMP_ and upper-case words)", e.where, k)
		}
		if _, ok := intValue(val); !ok {
			v.fail("%s.options.%s: must be an integer, not %s", e.where, k, show(val))
		}
	}
}

func (v *validator) windowsPEBinaryExt(e extension) {
	v.extRequired(e, "pe_type")
	if h, ok := e.props["file_header_hashes"]; ok {
		v.hashes(e.where+".file_header_hashes", h)
	}
	v.extNamedHashes(e, "sections")
	if oh, ok := e.props["optional_header"].(map[string]any); ok {
		if h, ok := oh["hashes"]; ok {
			v.hashes(e.where+".optional_header.hashes", h)
		}
		v.propertyNames(oh, e.where+".optional_header.")
	}
	if ts, ok := e.props["time_date_stamp"].(string); ok {
		if err := checkTimestamp(ts); err != nil {
			v.fail("%s.time_date_stamp: %v", e.where, err)
		}
	}
}

// isCPE23 checks the formatted-string binding of CPE 2.3: "cpe:2.3:" then
// eleven more colon-separated components (a colon may be escaped).
func isCPE23(s string) bool {
	if !strings.HasPrefix(s, "cpe:2.3:") {
		return false
	}
	parts := 1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case ':':
			parts++
		}
	}
	return parts == 13
}

func isSocketOption(k string) bool {
	for _, p := range []string{"SO", "ICMP6", "ICMP", "IPV6", "IP", "MCAST", "TCP", "IRLMP"} {
		rest, ok := strings.CutPrefix(k, p)
		if !ok || rest == "" || rest[0] != '_' {
			continue
		}
		words := strings.Split(rest[1:], "_")
		good := true
		for _, w := range words {
			good = good && w != "" && allOf(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
		}
		if good {
			return true
		}
	}
	return false
}

func isIPv4(s string) bool {
	addr, bits, ok := strings.Cut(s, "/")
	if ok && (!allDigits(bits) || len(bits) > 2 || len(bits) > 1 && bits[0] == '0' || atoi(bits) > 32) {
		return false
	}
	a, err := netip.ParseAddr(addr)
	return err == nil && a.Is4()
}

func isIPv6(s string) bool {
	addr, bits, ok := strings.Cut(s, "/")
	if ok && (!allDigits(bits) || len(bits) > 3 || atoi(bits) > 128) {
		return false
	}
	a, err := netip.ParseAddr(addr)
	return err == nil && a.Is6()
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && n < 1000; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func isMAC(s string) bool {
	if len(s) != 17 {
		return false
	}
	for i := 0; i < 17; i++ {
		if i%3 == 2 {
			if s[i] != ':' {
				return false
			}
		} else if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return true
}

func isMIMEType(s string) bool {
	top, sub, ok := strings.Cut(s, "/")
	if !ok || sub == "" {
		return false
	}
	switch top {
	case "application", "audio", "font", "image", "message", "model", "multipart", "text", "video":
	default:
		return false
	}
	// Parameters (";charset=...") may follow the subtype.
	sub, _, _ = strings.Cut(sub, ";")
	return allOf(strings.TrimSpace(sub), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+_-")
}
