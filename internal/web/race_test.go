//go:build race

package web_test

// raceEnabled is true when the tests run with -race, which slows imports
// about tenfold: timing tests and very large imports skip then.
const raceEnabled = true
