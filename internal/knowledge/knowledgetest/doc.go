// Package knowledgetest gives tests a store holding the starter knowledge,
// built by internal/app's Open, the one construction path of the program:
// a migrated SQLite database in a temporary directory (Open), or any
// engine's database (OpenDSN, for the engine tests), the importer on it
// and the knowledge service reading it (the store's marks, texts read
// with the extractor), as a command builds it; or as a server builds it,
// the importer refreshing the knowledge after each commit and the
// knowledge tuned by the test (Serving: the API and web fixtures). Import
// it from tests only. Of the module it may import the root package, app,
// store, importer and knowledge; none of them may import it.
package knowledgetest
