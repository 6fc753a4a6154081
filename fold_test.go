package telltale

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"unicode/utf8"
)

// foldDigests holds, for each FoldVersion, the digest of what Fold
// returns for every rune alone and for the spellings below: a change of
// Fold (or of the Unicode tables it reads) changes the digest, and the
// stored name keys are stale until FoldVersion says so.
var foldDigests = map[int]string{
	1: "b1402a232f65e6da7094ba04443e4c8c65ccc6c4f0c13577e430926d3b03888d",
}

func TestFoldVersion(t *testing.T) {
	h := sha256.New()
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		h.Write([]byte(Fold(string(r))))
		h.Write([]byte{0})
	}
	for _, s := range []string{"ATK 51", "TEMP.Zagros", "Te\u0301le\u0301coms", "Straße", "ＡＴＫ５１", "ATK٥١", "ﬁnance", "Фэнси Беар", " - . _ "} {
		h.Write([]byte(Fold(s)))
		h.Write([]byte{0})
	}
	got := hex.EncodeToString(h.Sum(nil))
	want, ok := foldDigests[FoldVersion]
	if !ok || got != want {
		t.Fatalf("Fold's output digest is %s, recorded %q for FoldVersion %d: when Fold changed, raise FoldVersion (stored name keys are rebuilt) and record the new digest", got, want, FoldVersion)
	}
}
