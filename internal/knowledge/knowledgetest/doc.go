// Package knowledgetest gives tests a store holding the starter knowledge:
// a migrated SQLite database in a temporary directory (Open), or any
// engine's database (OpenDSN, for the engine tests), the importer on it
// and the knowledge service reading it (texts read with the extractor, as
// the program wires it); or wired as a server wires it, the importer
// refreshing the knowledge after each commit (Serving: the API and web
// fixtures). Import it from tests only. Of the module it may
// import the root package, store, importer, knowledge and extract; none
// of them may import it.
package knowledgetest
