package store

// dialect holds what differs between the SQL engines. Everything else is
// written once.
type dialect struct {
	name string
	// searchDelete and searchInsert maintain the full-text index of a
	// current object (by its rid).
	searchDelete string
	searchInsert string
	// searchQuery finds current, non-revoked objects by full-text query
	// ($1) with a limit ($2), best first, returning id, type, name and a
	// snippet of the description.
	searchQuery string
}

var sqliteDialect = &dialect{
	name:         "sqlite",
	searchDelete: `-- search delete
		DELETE FROM search WHERE rowid = $1`,
	searchInsert: `-- search insert
		INSERT INTO search (rowid, name, aliases, description) VALUES ($1, $2, $3, $4)`,
	searchQuery: `-- search query
		SELECT c.id, c.type, c.name, snippet(search, 2, '', '', '…', 16)
		FROM search JOIN current c ON c.rid = search.rowid
		WHERE search MATCH $1 AND c.revoked = 0 AND c.deprecated = 0
		ORDER BY bm25(search, 10.0, 5.0, 1.0) LIMIT $2`,
}
