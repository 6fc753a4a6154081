// Package codeshape holds no code: its test walks the module and fails on a
// function over MaxLines lines or cyclomatic complexity MaxCyclomatic that
// is not in the test's allowlist. It imports nothing.
package codeshape
