package extract

import "github.com/telltale-cti/telltale"

// Reader is the extractor as the root package's TextReader: what the
// wiring gives the knowledge service to read texts with.
type Reader struct{}

// Compile builds a Dictionary (NewDictionary) of entries.
func (Reader) Compile(entries []telltale.NameEntry) telltale.Dictionary {
	return NewDictionary(entries)
}

// Read is Extract(text, d) as the knowledge layer reads it.
func (d *Dictionary) Read(text string) *telltale.Reading {
	return Extract(text, d).Reading()
}

// DictionaryOf returns the Dictionary that Reader compiled, given back
// as the root package's interface (by the knowledge service, which builds
// it once per state of the knowledge); nil for another implementation.
func DictionaryOf(d telltale.Dictionary) *Dictionary {
	dict, _ := d.(*Dictionary)
	return dict
}

// Reading is r as the root package's Reading: the same lists, and the
// claims without what the extractor keeps of them for itself.
func (r *Result) Reading() *telltale.Reading {
	claims := make([]telltale.ExtractedClaim, len(r.Claims))
	for i, c := range r.Claims {
		claims[i] = c.Exported()
	}
	return &telltale.Reading{
		Indicators: r.Indicators, Actors: r.Actors, Malware: r.Malware, Tools: r.Tools,
		Campaigns: r.Campaigns, Sectors: r.Sectors, Countries: r.Countries, Organizations: r.Organizations,
		Techniques: r.Techniques, CVEs: r.CVEs, Counts: r.Counts, Claims: claims,
	}
}

// Exported is the claim without what the extractor keeps of it for itself.
func (c Claim) Exported() telltale.ExtractedClaim {
	return telltale.ExtractedClaim{Subject: c.Subject, SubjectRef: c.SubjectRef, Mention: c.Mention,
		Relation: c.Relation, Object: c.Object, ObjectRef: c.ObjectRef, ObjectKind: c.ObjectKind,
		Polarity: c.Polarity, Cue: c.Cue, By: c.By, Evidence: c.Evidence, Start: c.Start, End: c.End}
}
