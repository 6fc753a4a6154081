package stix

// The STIX 2.1 objects Telltale builds, each Common and the type's own
// properties in the order the specification lists them (only those
// Telltale writes or reads; any other property is kept in Custom).

// Identity is an identity: an individual, organization, sector (class) or system.
type Identity struct {
	Common
	Name               string   `json:"name"`
	Description        string   `json:"description,omitempty"`
	Roles              []string `json:"roles,omitempty"`
	IdentityClass      string   `json:"identity_class,omitempty"`
	Sectors            []string `json:"sectors,omitempty"`
	ContactInformation string   `json:"contact_information,omitempty"`
}

func (o *Identity) parts() (*Common, any) { type own Identity; return &o.Common, (*own)(o) }

// MarshalJSON writes the object as Marshal does.
func (o Identity) MarshalJSON() ([]byte, error) { return Marshal(&o) }

// UnmarshalJSON reads the object as Unmarshal does.
func (o *Identity) UnmarshalJSON(b []byte) error { return Unmarshal(b, o) }

// Location is a location: a country, region, city or point.
type Location struct {
	Common
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Region      string `json:"region,omitempty"`
	Country     string `json:"country,omitempty"`
	City        string `json:"city,omitempty"`
}

func (o *Location) parts() (*Common, any) { type own Location; return &o.Common, (*own)(o) }

// MarshalJSON writes the object as Marshal does.
func (o Location) MarshalJSON() ([]byte, error) { return Marshal(&o) }

// UnmarshalJSON reads the object as Unmarshal does.
func (o *Location) UnmarshalJSON(b []byte) error { return Unmarshal(b, o) }

// NewPlace returns the location of a country (kind "Country", code its
// ISO 3166-1 alpha-2 code, kept in country) or of a region (kind
// "Region", code its region-ov value, kept in region): id
// LocationID(name, kind), x_opencti_location_type kind, authored by
// createdBy at the time given. A country or a region is a reference
// object every source shares, so whoever builds it (the MISP adapter, an
// ingested report that names a place the knowledge lacks) builds it byte
// for byte alike, and importing the other later changes nothing.
func NewPlace(kind, name, code, createdBy, at string) *Location {
	o := &Location{Common: NewCommon("location", LocationID(name, kind), createdBy, at, at), Name: name}
	if kind == "Region" {
		o.Region = code
	} else {
		o.Country = code
	}
	o.Custom.Set("x_opencti_location_type", kind)
	return o
}

// IntrusionSet is an intrusion set: the activity and resources of one adversary.
type IntrusionSet struct {
	Common
	Name                 string   `json:"name"`
	Description          string   `json:"description,omitempty"`
	Aliases              []string `json:"aliases,omitempty"`
	FirstSeen            string   `json:"first_seen,omitempty"`
	LastSeen             string   `json:"last_seen,omitempty"`
	Goals                []string `json:"goals,omitempty"`
	ResourceLevel        string   `json:"resource_level,omitempty"`
	PrimaryMotivation    string   `json:"primary_motivation,omitempty"`
	SecondaryMotivations []string `json:"secondary_motivations,omitempty"`
}

func (o *IntrusionSet) parts() (*Common, any) { type own IntrusionSet; return &o.Common, (*own)(o) }

// MarshalJSON writes the object as Marshal does.
func (o IntrusionSet) MarshalJSON() ([]byte, error) { return Marshal(&o) }

// UnmarshalJSON reads the object as Unmarshal does.
func (o *IntrusionSet) UnmarshalJSON(b []byte) error { return Unmarshal(b, o) }

// Malware is a malware instance or family.
type Malware struct {
	Common
	Name         string   `json:"name,omitempty"`
	Description  string   `json:"description,omitempty"`
	MalwareTypes []string `json:"malware_types,omitempty"`
	IsFamily     *bool    `json:"is_family,omitempty"`
	Aliases      []string `json:"aliases,omitempty"`
	FirstSeen    string   `json:"first_seen,omitempty"`
	LastSeen     string   `json:"last_seen,omitempty"`
}

func (o *Malware) parts() (*Common, any) { type own Malware; return &o.Common, (*own)(o) }

// MarshalJSON writes the object as Marshal does.
func (o Malware) MarshalJSON() ([]byte, error) { return Marshal(&o) }

// UnmarshalJSON reads the object as Unmarshal does.
func (o *Malware) UnmarshalJSON(b []byte) error { return Unmarshal(b, o) }

// Relationship is a relationship between two objects.
type Relationship struct {
	Common
	RelationshipType string `json:"relationship_type"`
	Description      string `json:"description,omitempty"`
	SourceRef        string `json:"source_ref"`
	TargetRef        string `json:"target_ref"`
	StartTime        string `json:"start_time,omitempty"`
	StopTime         string `json:"stop_time,omitempty"`
}

func (o *Relationship) parts() (*Common, any) { type own Relationship; return &o.Common, (*own)(o) }

// MarshalJSON writes the object as Marshal does.
func (o Relationship) MarshalJSON() ([]byte, error) { return Marshal(&o) }

// UnmarshalJSON reads the object as Unmarshal does.
func (o *Relationship) UnmarshalJSON(b []byte) error { return Unmarshal(b, o) }

// Note is a note: text about other objects.
type Note struct {
	Common
	Abstract   string   `json:"abstract,omitempty"`
	Content    string   `json:"content"`
	Authors    []string `json:"authors,omitempty"`
	ObjectRefs []string `json:"object_refs"`
}

func (o *Note) parts() (*Common, any) { type own Note; return &o.Common, (*own)(o) }

// MarshalJSON writes the object as Marshal does.
func (o Note) MarshalJSON() ([]byte, error) { return Marshal(&o) }

// UnmarshalJSON reads the object as Unmarshal does.
func (o *Note) UnmarshalJSON(b []byte) error { return Unmarshal(b, o) }

// Indicator is an indicator: a pattern of suspicious activity.
type Indicator struct {
	Common
	Name           string   `json:"name,omitempty"`
	Description    string   `json:"description,omitempty"`
	IndicatorTypes []string `json:"indicator_types,omitempty"`
	Pattern        string   `json:"pattern"`
	PatternType    string   `json:"pattern_type"`
	PatternVersion string   `json:"pattern_version,omitempty"`
	ValidFrom      string   `json:"valid_from"`
	ValidUntil     string   `json:"valid_until,omitempty"`
}

func (o *Indicator) parts() (*Common, any) { type own Indicator; return &o.Common, (*own)(o) }

// MarshalJSON writes the object as Marshal does.
func (o Indicator) MarshalJSON() ([]byte, error) { return Marshal(&o) }

// UnmarshalJSON reads the object as Unmarshal does.
func (o *Indicator) UnmarshalJSON(b []byte) error { return Unmarshal(b, o) }

// Vulnerability is a vulnerability.
type Vulnerability struct {
	Common
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

func (o *Vulnerability) parts() (*Common, any) { type own Vulnerability; return &o.Common, (*own)(o) }

// MarshalJSON writes the object as Marshal does.
func (o Vulnerability) MarshalJSON() ([]byte, error) { return Marshal(&o) }

// UnmarshalJSON reads the object as Unmarshal does.
func (o *Vulnerability) UnmarshalJSON(b []byte) error { return Unmarshal(b, o) }

// Report is a report: threat intelligence about the objects it refers to.
type Report struct {
	Common
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	ReportTypes []string `json:"report_types,omitempty"`
	Published   string   `json:"published"`
	ObjectRefs  []string `json:"object_refs"`
}

func (o *Report) parts() (*Common, any) { type own Report; return &o.Common, (*own)(o) }

// MarshalJSON writes the object as Marshal does.
func (o Report) MarshalJSON() ([]byte, error) { return Marshal(&o) }

// UnmarshalJSON reads the object as Unmarshal does.
func (o *Report) UnmarshalJSON(b []byte) error { return Unmarshal(b, o) }
