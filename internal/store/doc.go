// Package store keeps STIX objects, all their versions and the indexes
// Telltale reads them by (current versions, relationships, names and
// aliases, full text; a name's key is the root package's Fold, which no
// caller sets, and the database records the FoldVersion the keys were
// written with: opening it with migrations rebuilds them when the
// program's differs, refold.go) in a SQL database: embedded SQLite by default,
// PostgreSQL (through pgx) when several Telltale nodes share one database.
//
// SQL is written once with $N placeholders; what differs between dialects
// lives in dialect.go. Schema changes are embedded .sql migrations, one
// folder per dialect with the same file names. One contract suite (this
// package's tests, on storetest's databases) runs on both engines: objects
// and their indexes, and the tables of users, tokens, sessions, the audit
// log, TAXII metadata and the knowledge cache (meta_test.go).
//
// Several nodes: writes to objects take one database-wide write lock (an
// advisory lock on PostgreSQL), so imports from any node run one after the
// other and sequence numbers become visible in order; WithLeaderLock lets
// work that must run once per installation run on one node only. Errors
// meaning the database is busy or unreachable become EUNAVAILABLE (503),
// and reads are retried a few times first.
//
// Read replicas: UseReplica sends the heavy reads of a PostgreSQL store to
// a hot standby, each reader seeing at least its own writes (replica.go).
//
// The store knows the STIX wire format (internal/stix) but none of the
// domain views (actors, sectors, landscapes), which internal/knowledge
// computes from what the store returns: of the module it imports only the
// root package and internal/stix.
package store
