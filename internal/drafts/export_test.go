package drafts

// FindItem is findItem, for the tests of the review (package drafts_test,
// which wire the ingest service as the program does).
var FindItem = findItem
