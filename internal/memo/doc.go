// Package memo keeps values computed from one state of the store, named by
// its sequence number (which moves on every change), for as long as that
// state lasts: the views the handlers serve (landscapes and object views by
// viewer, TAXII's sector collections). Each value is computed once however
// many callers ask for it at once (golang.org/x/sync/singleflight), and so
// is the sequence number itself.
//
// It owns no data of its own and imports nothing of the module: the
// callers say what a key names (the view and the viewer), what the version
// is and what a value costs.
package memo
