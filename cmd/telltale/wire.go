package main

import "github.com/telltale-cti/telltale/internal/app"

// The application is built by app.Open, the one construction path of
// every command and test fixture; here the flags and the environment
// become its Config.

// commandConfig is the Config of a command on the database dsn: an
// outdated schema is migrated, the starter knowledge loaded into an empty
// database, and the knowledge reads everything (a watch's check: as its
// owner sees).
func commandConfig(dsn string) app.Config {
	return app.Config{DSN: dsn, Migrate: true}
}

// serveConfig is the Config of serve: a new SQLite file is created and
// migrated, an existing database whose schema is behind is refused with
// the command that migrates it, and the knowledge shows each caller what
// their user may see (the accounts service is the server's).
func serveConfig(dsn string) app.Config {
	return app.Config{DSN: dsn, Accounts: true}
}
