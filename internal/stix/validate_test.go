package stix

import (
	"errors"
	"strings"
	"testing"
)

const (
	ts      = `"created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z"`
	sdoHead = `"spec_version":"2.1",` + ts
)

func TestValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		obj  string
		want string // a substring of the reasons; "" for valid
	}{
		{"Malware", `{"type":"malware","id":"malware--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"name":"MESSAGETAP","is_family":true}`, ""},
		{"CustomPropertiesAndExtension", `{"type":"x-telltale-test","id":"x-telltale-test--4c2d1f0e-1b7a-4e8c-9a55-2f3a9f1b6c01",` + sdoHead + `,"x_custom":{"nested":[1,2.5]},"extensions":{"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e":{"extension_type":"new-sdo"}}}`, ""},
		{"CustomObservableWithoutTimestamps", `{"type":"x-fooz","id":"x-fooz--e2c4958a-f74e-42a0-b9d6-55f744adb228","ftp_command":"x"}`, ""},
		{"STIX20Object", `{"type":"malware","id":"malware--b42378e0-f147-496f-992a-26a49705395b",` + ts + `,"name":"PoisonIvy","labels":["malware"]}`, ""},
		{"Indicator", `{"type":"indicator","id":"indicator--a932fcc6-e032-476c-826f-cb970a5a1ade",` + sdoHead + `,"pattern":"[file:hashes.'SHA-256' = 'ef53'] AND [url:value = 'http://x'] WITHIN 10 SECONDS","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z"}`, ""},
		{"NetworkTraffic", `{"type":"network-traffic","spec_version":"2.1","id":"network-traffic--fe49a23c-36af-5608-a8dc-dba3b258cad5","src_ref":"ipv4-addr--4d22aae0-2bf9-5427-8819-e4f6abf20a53","protocols":["tcp"],"extensions":{"socket-ext":{"address_family":"AF_INET","options":{"IP_MULTICAST_LOOP":1}}}}`, ""},
		{"TLPMarking", `{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:GREEN","definition":{"tlp":"green"}}`, ""},

		{"ErrUUIDVersion", `{"type":"malware","id":"malware--7d9fe1f7-429d-077e-db51-92c70b8da45a",` + sdoHead + `,"is_family":false}`, "id: \"malware--7d9fe1f7-429d-077e-db51-92c70b8da45a\" does not end with an RFC 4122 UUID"},
		{"ErrIDTypePrefix", `{"type":"malware","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"is_family":false}`, "does not start with its type"},
		{"ErrSpecVersion", `{"type":"malware","id":"malware--9b19d6b4-cfcb-492f-8ca8-8449e7331573","spec_version":"2.2",` + ts + `,"is_family":false}`, "spec_version: must be \"2.1\""},
		{"ErrCustomObjectWithoutSpecVersion", `{"type":"x-foo","id":"x-foo--9b19d6b4-cfcb-492f-8ca8-8449e7331573","spec_version":"2.1","created":"2020-01-01T00:00:00.000Z"}`, "modified: required property is missing"},
		{"ErrMillisecondPrecision", `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573","spec_version":"2.1","created":"2020-01-01T00:00:00Z","modified":"2020-01-01T00:00:00.000Z","name":"x"}`, "created: \"2020-01-01T00:00:00Z\" must have at least millisecond precision"},
		{"ErrTimestamp", `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573","spec_version":"2.1","created":"2020-13-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"x"}`, "created: \"2020-13-01T00:00:00.000Z\" is not a STIX timestamp"},
		{"ErrModifiedBeforeCreated", `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573","spec_version":"2.1","created":"2020-01-02T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"x"}`, "modified: 2020-01-01T00:00:00.000Z is earlier than created"},
		{"ErrRequired", `{"type":"report","id":"report--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"published":"2020-01-01T00:00:00Z","object_refs":["malware--9b19d6b4-cfcb-492f-8ca8-8449e7331573"]}`, "name: required property is missing"},
		{"ErrWrongPropertyType", `{"type":"malware","id":"malware--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"name":42,"is_family":false}`, "name: must be a string, not 42"},
		{"ErrMalwareFamilyName", `{"type":"malware","id":"malware--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"is_family":true}`, "name: required when is_family is true"},
		{"ErrPropertyName", `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"name":"x","x-Bad":1}`, "x-Bad: property name is not valid"},
		{"ErrEmptyList", `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"name":"x","aliases":[]}`, "aliases: a list property must not be empty"},
		{"ErrConfidence", `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"name":"x","confidence":101}`, "confidence: must be an integer from 0 to 100"},
		{"ErrCreatedByRefType", `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"name":"x","created_by_ref":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573"}`, "created_by_ref: \"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573\" must refer to an object of type identity"},
		{"ErrCAPECReference", `{"type":"attack-pattern","id":"attack-pattern--1a9c3244-cc05-4d6c-8355-5fd9c681ffa9",` + sdoHead + `,"name":"x","external_references":[{"source_name":"capec","external_id":"T1068"}]}`, "external_references[0].external_id: a reference with source_name \"capec\""},
		{"ErrCVEUnderOtherSource", `{"type":"vulnerability","id":"vulnerability--0d9a952d-aca5-4134-b399-5760a3ab2392",` + sdoHead + `,"name":"x","external_references":[{"source_name":"nvd","external_id":"CVE-2015-2808"}]}`, "source_name must be \"cve\""},
		{"ErrExternalReferenceEmpty", `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"name":"x","external_references":[{"source_name":"a"}]}`, "needs at least one of description, url and external_id"},
		{"ErrHash", `{"type":"file","id":"file--e277603e-1060-5ad4-9937-c26c97f1ca68","hashes":{"SHA-256":"abc"}}`, "hashes.SHA-256: \"abc\" is not a SHA-256 hash"},
		{"ErrBinary", `{"type":"artifact","id":"artifact--ca17bcf8-9846-5ab4-8662-75c1bf6e63ee","payload_bin":"not base64!"}`, "payload_bin: a _bin property must be a base64 string"},
		{"ErrGranularSelector", `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"name":"x","granular_markings":[{"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","selectors":["description"]}]}`, "\"description\" is not a property"},
		{"ErrExtensionType", `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"name":"x","extensions":{"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e":{"extension_type":"other"}}}`, "extension_type: \"other\" is not one of"},
		{"ErrTLPNotCanonical", `{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41db","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:GREEN","definition":{"tlp":"green"}}`, "must be exactly the TLP:GREEN marking definition"},
		{"ErrObservedDataRefs", `{"type":"observed-data","id":"observed-data--2d273911-0000-4ae6-a278-35b8f88d1043",` + sdoHead + `,"first_observed":"2021-12-06T16:22:08.248Z","last_observed":"2021-12-06T16:22:08.248Z","number_observed":1}`, "object_refs: required property is missing"},
		{"ErrSightingRefType", `{"type":"sighting","id":"sighting--44d837fd-5af3-44bd-9082-788ed75f932d",` + sdoHead + `,"sighting_of_ref":"indicator--9e5536d8-fe90-4c36-a84a-7e975654f481","observed_data_refs":["identity--5381d214-3ebd-4c47-9ce8-d7c4536305e0"]}`, "must refer to an object of type observed-data"},
		{"ErrPatternSyntax", `{"type":"indicator","id":"indicator--a932fcc6-e032-476c-826f-cb970a5a1ade",` + sdoHead + `,"pattern":"[network-traffic:dst_port INVALID-CONDITION 80]","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z"}`, "pattern: pattern syntax error at character 26"},
		{"ErrPatternPropertyName", `{"type":"indicator","id":"indicator--a932fcc6-e032-476c-826f-cb970a5a1ade",` + sdoHead + `,"pattern":"[file:x_ID = '2']","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z"}`, "\"x_ID\" in file:x_ID is not a valid observable property name"},
		{"ErrNetworkTrafficEnds", `{"type":"network-traffic","id":"network-traffic--ba91908d-c347-5d7d-8446-5e1c6f0a4d8d","protocols":["icmp"]}`, "src_ref, dst_ref: network traffic needs at least one of them"},
		{"ErrHTTPRequestHeader", `{"type":"network-traffic","id":"network-traffic--ba91908d-c347-5d7d-8446-5e1c6f0a4d8d","dst_ref":"ipv4-addr--4d22aae0-2bf9-5427-8819-e4f6abf20a53","protocols":["http"],"extensions":{"http-request-ext":{"request_method":"get","request_value":"/","request_header":{"Accept":"text/plain"}}}}`, "request_header.Accept: must be a list of strings"},
		{"ErrSCORefType", `{"type":"ipv4-addr","id":"ipv4-addr--9cf4a8ec-7640-5f40-a006-79942896168b","value":"198.51.100.2","resolves_to_refs":["domain-name--abb3d416-f520-5cee-a95f-26dd017e6c1f"]}`, "resolves_to_refs: \"domain-name--abb3d416-f520-5cee-a95f-26dd017e6c1f\" must refer to an object of type mac-addr"},
		{"ErrIPv4Value", `{"type":"ipv4-addr","id":"ipv4-addr--9cf4a8ec-7640-5f40-a006-79942896168b","value":"198.51.100.256"}`, "value: \"198.51.100.256\" is not an IPv4 address"},
		{"ErrProcessUUIDv4", `{"type":"process","id":"process--d2ec5aab-808d-5492-890a-3c1a1e3cb06e","pid":1}`, "id: a process must have a UUIDv4 id"},
		{"ErrLang", `{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"name":"x","lang":"english language"}`, "lang: \"english language\" is not an RFC 5646 language tag"},
		{"ErrValidUntil", `{"type":"indicator","id":"indicator--a932fcc6-e032-476c-826f-cb970a5a1ade",` + sdoHead + `,"pattern":"[file:name = 'a']","pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z","valid_until":"2020-01-01T00:00:00Z"}`, "valid_until: 2020-01-01T00:00:00Z must be later than valid_from"},
		{"ErrCPE", `{"type":"software","id":"software--a1827f6d-ca53-5605-9e93-4316cd22a00a","name":"Word","cpe":"cpe:/a:microsoft:word:2000"}`, "cpe: \"cpe:/a:microsoft:word:2000\" is not a CPE 2.3 formatted string"},
		{"Software", `{"type":"software","id":"software--a1827f6d-ca53-5605-9e93-4316cd22a00a","name":"Word","cpe":"cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*","languages":["eng"]}`, ""},
		{"ErrSTIX20Required", `{"type":"malware","id":"malware--b42378e0-f147-496f-992a-26a49705395b",` + ts + `,"name":"PoisonIvy"}`, "labels: required property is missing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o, err := Parse([]byte(tt.obj))
			if err != nil {
				t.Fatal(err)
			}
			err = Validate(o)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tt.want != "" && err == nil:
				t.Errorf("Validate = nil, want %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("Validate = %v\nwant a reason containing %q", err, tt.want)
			}
			var ve *ValidationError
			if err != nil && (!errors.As(err, &ve) || ve.ID != o.ID) {
				t.Errorf("err = %#v, want a *ValidationError with the object's id", err)
			}
		})
	}
}

func TestValidateWithoutParseCache(t *testing.T) {
	o, err := Parse([]byte(`{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"name":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(o); err != nil {
		t.Fatal(err)
	}
	// Validate again (no cached properties left) and after Raw changed.
	if err := Validate(o); err != nil {
		t.Fatalf("second Validate = %v", err)
	}
	o2, _ := Parse([]byte(`{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `,"name":"x"}`))
	o2.Raw = []byte(`{"type":"tool","id":"tool--9b19d6b4-cfcb-492f-8ca8-8449e7331573",` + sdoHead + `}`)
	if err := Validate(o2); err == nil || !strings.Contains(err.Error(), "name: required") {
		t.Errorf("Validate after changing Raw = %v, want the change seen", err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"ErrMalformed", `{"type":`, "malformed JSON"},
		{"ErrInvalidUTF8", "{\"type\":\"a\xff\"}", "invalid UTF-8 at byte 10"},
		{"ErrNotObject", `[1]`, "not a JSON object"},
		{"ErrControlCharacterInString", "{\"name\":\"a\nb\"}", "malformed JSON"},
		{"ErrTrailingData", `{"type":"a"}{}`, "malformed JSON"},
		{"ErrTypeNotString", `{"type":5,"id":"x"}`, `wrong property type: property "type" must be a string`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestParseCompacts(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{"name":"a\\" , "x":"b\" c"}`, `{"name":"a\\","x":"b\" c"}`},
		{`{"a":"\\\"  "}`, `{"a":"\\\"  "}`},
		{"{\"a\":[1,\n2]}", `{"a":[1,2]}`},
	} {
		o, err := Parse([]byte(tt.in))
		if err != nil {
			t.Fatalf("Parse(%s) = %v", tt.in, err)
		}
		if string(o.Raw) != tt.want {
			t.Errorf("Parse(%s).Raw = %s, want %s", tt.in, o.Raw, tt.want)
		}
	}
}
