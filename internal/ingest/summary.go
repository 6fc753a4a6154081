package ingest

import (
	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
)

// What ingesting one text found and made, as the root package names it
// for the API and the pages (see telltale.ReportSummary).
type (
	Summary      = telltale.ReportSummary
	SectorRow    = telltale.SectorRow
	VictimCount  = telltale.VictimCount
	ActorRow     = telltale.ActorRow
	Link         = telltale.ReportLink
	CountryRow   = telltale.CountryRow
	IndicatorRow = telltale.IndicatorRow
	ClaimRow     = telltale.ClaimRow
	RelRow       = telltale.RelRow
)

// claimOf is the extractor's claim as a summary keeps it.
func claimOf(c extract.Claim) telltale.ExtractedClaim {
	return telltale.ExtractedClaim{Subject: c.Subject, SubjectRef: c.SubjectRef, Mention: c.Mention, Relation: c.Relation,
		Object: c.Object, ObjectRef: c.ObjectRef, ObjectKind: c.ObjectKind, Polarity: c.Polarity, Cue: c.Cue, By: c.By,
		Evidence: c.Evidence, Start: c.Start, End: c.End}
}
