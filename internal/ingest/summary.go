package ingest

import "github.com/telltale-cti/telltale"

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
	// The review queue's rows and a draft with its text (the drafts
	// package keeps and reviews them).
	DraftRow = telltale.DraftRow
	Draft    = telltale.Draft
)
