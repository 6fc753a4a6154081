// Package storetest gives tests fresh, empty databases on every engine the
// machine offers: SQLite in a temporary directory always, PostgreSQL when
// TELLTALE_TEST_POSTGRES holds a connection URL to a server where the user
// may create databases. Each PostgreSQL database is created for one test
// and dropped after it. Under CI (CI=true) a missing TELLTALE_TEST_POSTGRES
// fails the test instead of skipping PostgreSQL. Import it from tests only.
// It opens no store itself (the tests do, with their options) and imports
// nothing of the module.
package storetest
