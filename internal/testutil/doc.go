// Package testutil finds the shared test data (../shared beside the
// checkout) for tests and benchmarks, and the module's own Go files for
// the tests that check its shape (internal/codeshape, internal/layering).
// It must only be imported from tests, and imports nothing of the module.
package testutil
