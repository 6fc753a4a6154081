package store

// dialect holds what differs between the SQL engines. Everything else is
// written once.
type dialect struct {
	name string
	// searchDeletePending and searchInsertPending move the rows of the
	// search_pending table (rid, name, aliases, description) into the
	// full-text index, replacing older entries of the same objects.
	searchDeletePending string
	searchInsertPending string
	// searchQuery finds current, non-revoked objects by full-text query
	// ($1) with a limit ($2), best first, returning id, type, name and a
	// snippet of the description.
	searchQuery string
}

var sqliteDialect = &dialect{
	name: "sqlite",
	searchDeletePending: `-- search delete pending
		DELETE FROM search WHERE rowid IN (SELECT rid FROM search_pending)`,
	searchInsertPending: `-- search insert pending
		INSERT INTO search (rowid, name, aliases, description) SELECT rid, name, aliases, description FROM search_pending`,
	searchQuery: `-- search query
		SELECT c.id, c.type, c.name, snippet(search, 2, '', '', '…', 16)
		FROM search JOIN current c ON c.rid = search.rowid
		WHERE search MATCH $1 AND c.revoked = 0 AND c.deprecated = 0
		ORDER BY bm25(search, 10.0, 5.0, 1.0) LIMIT $2`,
}
