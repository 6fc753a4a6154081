// Package drafts keeps the drafts of ingested reports and their review.
// It owns the drafts table of the Store it declares (*store.DB satisfies
// it): a new draft kept (Put), the review queue and a draft with its text
// (Queue, Draft, Show, Drafts), what an analyst changes in one (remove or
// edit an item, link a group to a known actor, fix the metadata), and the
// decision: accept (the bundle imported through the importer in one
// transaction, and what an earlier accepted version made and this one
// dropped revoked), reject and reopen. What a reviewer does (the edits,
// AcceptAs, RejectAs, Reopen) is checked against the reviewer's role and
// written to the audit log; Accept, Reject and AcceptDraft, without a
// reviewer, are for the program itself (ingest --accept) and tests.
//
// A draft is built from its text by the ingest pipeline (internal/ingest),
// which this package reaches only through the Builder it declares: a
// changed draft is its text built again with the review applied, so what
// the page shows, what the bundle holds and what accepting imports always
// agree. Of the module it may import the root package, internal/stix,
// knowledge (the default publisher's identity) and importer; never ingest
// (which imports it and builds what it keeps), extract, the store, the
// web, API or TAXII packages. Only ingest and the commands import it: the
// API and the pages review drafts through the root types and the
// DraftService interface they declare.
//
// Drafts. Ingest builds the whole bundle (the report, the objects it
// creates, references to what the store already has) and this package
// keeps it in the store's drafts table, not among the objects: a draft
// changes no landscape, no TAXII collection serves it, and rejecting it
// leaves nothing behind. Accept imports the bundle through the importer
// in one transaction (the report's x_telltale_status becomes
// "accepted"); a later accepted correction revokes what the earlier
// version made itself (the objects carrying x_telltale_report_ref) and
// the correction dropped. Only a draft waiting for review can be changed:
// an accepted report is corrected by ingesting a corrected text.
package drafts
