// Package layering holds no code: its test reads the imports of every
// non-test Go file of the module and fails when a package imports another
// that the layout of DESIGN.md and the README ("Layout") forbids it, unless
// the import is in the test's allowlist of imports not removed yet, which
// may only shrink. It imports nothing.
package layering
