package extract

// A hand-written Aho-Corasick automaton over ASCII-folded bytes. Patterns
// are stored lower-cased (ASCII only) with every whitespace byte folded to a
// space; the text is folded the same way on the fly, so one pass finds every
// occurrence of every pattern whatever its case. Case rules (acronyms,
// common words) are checked afterwards on the original bytes, per entry.
//
// The alphabet is compressed: only bytes that occur in some pattern get
// their own symbol, all others share symbol 0, which always leads back to
// the root. The shallow states, where a scan of prose spends most of its
// bytes, are a full DFA: one row per state with a transition for every
// symbol, one table load per byte. The deep states (hundreds of thousands
// with the whole dictionary, nearly all with one child) are stored
// sparsely: their trie edges and their failure link, packed together, so
// that the automaton is a few MB instead of tens (the benchmarks'
// dictionary of 174k patterns: 4 MB of dense rows and about 4 MB of
// records, where a full DFA took 62 MB) and more of what a scan touches
// stays in cache. A scan leaving a deep state on a byte it has no
// edge for follows failure links until a state that has one, or a dense
// state.

type acMatcher struct {
	alpha [256]uint8 // folded byte -> symbol
	nsym  int
	// A state is referred to by its ref: below denseEnd, the offset of its
	// row in dense (state*nsym); from denseEnd on, denseEnd plus the offset
	// of its record in sparse.
	dense    []int32 // row offset + symbol -> the target's ref, with outFlag when it has outputs
	denseEnd int32
	// sparse holds the deep states' records: a header (state id << 6 |
	// number of edges), the failure link's ref, then one word per edge:
	// symbol << 26 | sparseOut (when the target has outputs) | target ref.
	sparse  []uint32
	out     []int32 // state -> pattern id ending here, or -1
	dict    []int32 // state -> nearest proper suffix state with an output, or -1
	lengths []int32 // pattern id -> length in bytes
	// verify marks patterns with bytes of the shared symbol; their matches
	// are compared with the pattern before being reported.
	verify   []bool
	patterns []string
	// lost reports that some pattern shares its state with an earlier,
	// different one (they differ only in bytes of the shared symbol) and
	// is never reported.
	lost bool
	// anchor, when not 0, is the symbol of a virtual byte that every
	// pattern starts with and that the scan reads before each byte where a
	// word may start (see newAnchoredACMatcher).
	anchor uint8
}

const (
	// outFlag marks a transition into a state with outputs.
	outFlag = -1 << 31
	// sparseOut is outFlag in a sparse edge; refs fit in the bits below.
	sparseOut = 1 << 25
	refMask   = sparseOut - 1
	// denseBudget bounds the dense rows, in transitions (4 bytes each):
	// small automata are dense whole, big ones only in their shallow states
	// (4 MB: the dictionary's first 25,000 states; smaller budgets send
	// the scan to the sparse records more often, and measured slower).
	denseBudget = 1 << 20
)

// foldTable maps a byte to its lower-case ASCII form, whitespace to ' '.
var foldTable = func() (t [256]byte) {
	for i := range t {
		b := byte(i)
		switch {
		case b >= 'A' && b <= 'Z':
			b += 'a' - 'A'
		case b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v':
			b = ' '
		}
		t[i] = b
	}
	return t
}()

func foldString(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = foldTable[c]
	}
	return string(b)
}

// newACMatcher builds the automaton; pattern i of patterns gets id i. Empty
// patterns are ignored.
func newACMatcher(patterns []string) *acMatcher {
	return buildACMatcher(patterns, false, denseBudget)
}

// newAnchoredACMatcher builds an automaton that only reports occurrences
// that do not start between two word bytes (isWordByte), as a name does
// not. The scan reads a virtual anchor symbol before each word (a word
// byte after a non-word byte, or at the start), and the patterns hold it
// at the same places: before their first byte when it is a word byte, and
// before every word inside them. So the scan never follows a name's prefix
// from the middle of a word, as it would with newACMatcher ("structure" in
// "infrastructure"), which leaves the deep states of a large dictionary
// alone for most of a text.
func newAnchoredACMatcher(patterns []string) *acMatcher {
	return buildACMatcher(patterns, true, denseBudget)
}

// buildACMatcher builds an automaton with at most budget transitions in
// dense rows.
func buildACMatcher(patterns []string, anchored bool, budget int) *acMatcher {
	m := &acMatcher{patterns: patterns}
	m.buildAlphabet()
	if anchored {
		m.anchor = uint8(m.nsym)
		m.nsym++
	}
	t := newACTrie(m)
	t.link()
	m.out = make([]int32, len(t.order))
	m.dict = make([]int32, len(t.order))
	for i, s := range t.order {
		m.out[i] = t.out[s]
		m.dict[i] = -1
		if d := t.dict[s]; d >= 0 {
			m.dict[i] = t.newID[d]
		}
	}
	m.pack(t, budget)
	return m
}

// buildAlphabet gives symbol 0 to bytes absent from every pattern. Letters,
// digits, space, hyphen and dot get their own symbols; all other bytes that
// occur in patterns (punctuation, UTF-8 sequences) share one, and matches
// of patterns holding them are verified byte by byte. A small alphabet keeps
// the dense rows short.
func (m *acMatcher) buildAlphabet() {
	sym := 1
	shared := uint8(0)
	m.verify = make([]bool, len(m.patterns))
	for id, p := range m.patterns {
		for i := 0; i < len(p); i++ {
			c := foldTable[p[i]]
			if !isAlnum(c) && c != ' ' && c != '-' && c != '.' {
				m.verify[id] = true
				if shared == 0 {
					shared = uint8(sym)
					sym++
				}
				m.alpha[c] = shared
				continue
			}
			if m.alpha[c] == 0 {
				m.alpha[c] = uint8(sym)
				sym++
			}
		}
	}
	for b := 0; b < 256; b++ {
		m.alpha[b] = m.alpha[foldTable[b]]
	}
	m.nsym = sym
}

// acTrie is the automaton under construction: a trie whose children are
// linked lists, then its failure links and breadth-first order.
type acTrie struct {
	first, sibling []int32 // state -> first child, next sibling, or -1
	sym            []uint8 // state -> symbol of the edge into it
	out            []int32 // state -> pattern id ending here, or -1
	fail, dict     []int32
	order          []int32 // breadth-first order of the states, root first
	newID          []int32 // state -> its index in order
}

func newACTrie(m *acMatcher) *acTrie {
	t := &acTrie{first: []int32{-1}, sibling: []int32{-1}, sym: []uint8{0}, out: []int32{-1}}
	m.lengths = make([]int32, len(m.patterns))
	for id, p := range m.patterns {
		m.lengths[id] = int32(len(p))
		if p == "" {
			continue
		}
		s := int32(0)
		for i := 0; i < len(p); i++ {
			if m.anchor != 0 && wordBytes[p[i]] && (i == 0 || !wordBytes[p[i-1]]) {
				s = t.childOrNew(s, m.anchor)
			}
			s = t.childOrNew(s, m.alpha[p[i]])
		}
		switch {
		case t.out[s] == -1:
			t.out[s] = int32(id)
		case m.patterns[t.out[s]] != p:
			// Another pattern with the same symbols keeps the state.
			m.lost = true
		}
	}
	return t
}

func (t *acTrie) child(s int32, c uint8) int32 {
	for x := t.first[s]; x >= 0; x = t.sibling[x] {
		if t.sym[x] == c {
			return x
		}
	}
	return -1
}

func (t *acTrie) childOrNew(s int32, c uint8) int32 {
	if x := t.child(s, c); x >= 0 {
		return x
	}
	x := int32(len(t.out))
	t.first = append(t.first, -1)
	t.sibling = append(t.sibling, t.first[s])
	t.sym = append(t.sym, c)
	t.out = append(t.out, -1)
	t.first[s] = x
	return x
}

// delta is the automaton's transition: the trie edge, else the failure
// link's transition (fail must be set for s and the states it leads to).
func (t *acTrie) delta(s int32, c uint8) int32 {
	for {
		if x := t.child(s, c); x >= 0 {
			return x
		}
		if s == 0 {
			return 0
		}
		s = t.fail[s]
	}
}

// link sets the failure and output links breadth-first, and numbers the
// states in that order (root, then depth 1, depth 2, ...).
func (t *acTrie) link() {
	n := len(t.out)
	t.fail = make([]int32, n)
	t.dict = make([]int32, n)
	t.order = make([]int32, 1, n)
	t.dict[0] = -1
	for qi := 0; qi < len(t.order); qi++ {
		s := t.order[qi]
		for x := t.first[s]; x >= 0; x = t.sibling[x] {
			f := int32(0)
			if s != 0 {
				f = t.delta(t.fail[s], t.sym[x])
			}
			t.fail[x] = f
			t.dict[x] = t.dict[f]
			if t.out[f] >= 0 {
				t.dict[x] = f
			}
			t.order = append(t.order, x)
		}
	}
	t.newID = make([]int32, n)
	for i, s := range t.order {
		t.newID[s] = int32(i)
	}
}

// pack lays the automaton out for the scan: the first states in
// breadth-first order, as many as budget allows, as dense rows; the
// rest as sparse records.
func (m *acMatcher) pack(t *acTrie, budget int) {
	ns := m.nsym
	nd := min(len(t.order), max(1, budget/ns))
	m.denseEnd = int32(nd * ns)
	refs := make([]int32, len(t.order)) // by new id
	off := int32(0)
	for i, s := range t.order {
		if i < nd {
			refs[i] = int32(i * ns)
			continue
		}
		refs[i] = m.denseEnd + off
		off += 2
		for x := t.first[s]; x >= 0; x = t.sibling[x] {
			off++
		}
	}
	if m.denseEnd+off > refMask {
		panic("extract: Aho-Corasick automaton too large")
	}
	target := func(s int32) int32 {
		id := t.newID[s]
		r := refs[id]
		if m.out[id] >= 0 || m.dict[id] >= 0 {
			r |= outFlag
		}
		return r
	}
	m.dense = make([]int32, nd*ns)
	for i, s := range t.order[:nd] {
		row := m.dense[i*ns : (i+1)*ns]
		for c := 1; c < ns; c++ {
			x := t.child(s, uint8(c))
			switch {
			case x >= 0:
				row[c] = target(x)
			case s != 0:
				// The failure link is shallower, so its row is done.
				row[c] = m.dense[int(t.newID[t.fail[s]])*ns+c]
			}
		}
	}
	m.sparse = make([]uint32, 0, off)
	for i, s := range t.order[nd:] {
		start := len(m.sparse)
		m.sparse = append(m.sparse, uint32(nd+i)<<6, uint32(refs[t.newID[t.fail[s]]]))
		for x := t.first[s]; x >= 0; x = t.sibling[x] {
			r := target(x)
			e := uint32(t.sym[x])<<26 | uint32(r&refMask)
			if r < 0 {
				e |= sparseOut
			}
			m.sparse = append(m.sparse, e)
		}
		m.sparse[start] |= uint32(len(m.sparse) - start - 2)
	}
}

// scan calls fn(id, end) for every occurrence of every pattern in text,
// where end is the byte offset just past the occurrence, in order of end.
func (m *acMatcher) scan(text string, fn func(id int32, end int)) {
	m.walk(text, func(id int32, end int) bool {
		fn(id, end)
		return true
	})
}

// containsExact reports whether text holds one of the patterns byte for
// byte, as strings.Contains would, provided that exactPatterns holds.
func (m *acMatcher) containsExact(text string) (found bool) {
	m.walk(text, func(id int32, end int) bool {
		found = text[end-int(m.lengths[id]):end] == m.patterns[id]
		return !found
	})
	return found
}

// exactPatterns reports whether every occurrence of a pattern is reported:
// no pattern is empty, lost to another, or changed by folding.
func (m *acMatcher) exactPatterns() bool {
	if m.lost {
		return false
	}
	for _, p := range m.patterns {
		if p == "" || foldString(p) != p {
			return false
		}
	}
	return true
}

// walk calls fn(id, end) for every occurrence of every pattern in text,
// in order of end, until fn returns false. An anchored automaton reads
// its anchor before each word.
func (m *acMatcher) walk(text string, fn func(id int32, end int) bool) {
	if len(m.out) <= 1 {
		return
	}
	if m.anchor == 0 && len(m.sparse) == 0 {
		m.walkDense(text, fn)
		return
	}
	alpha, anchor := &m.alpha, m.anchor
	ref := int32(0) // the current state
	prevWord := false
	for i := 0; i < len(text); i++ {
		b := text[i]
		if anchor != 0 {
			if w := wordBytes[b]; w && !prevWord {
				// No pattern ends with the anchor: no outputs here.
				ref = m.step(ref, anchor) &^ outFlag
				prevWord = true
			} else {
				prevWord = w
			}
		}
		v := m.step(ref, alpha[b])
		ref = v &^ outFlag
		if v < 0 && !m.report(text, ref, i+1, fn) {
			return
		}
	}
}

// walkDense is walk for an automaton that is dense whole and not anchored
// (the small ones of the claim rules): one table load per byte.
func (m *acMatcher) walkDense(text string, fn func(id int32, end int) bool) {
	dense, alpha := m.dense, &m.alpha
	ref := int32(0)
	for i := 0; i < len(text); i++ {
		if v := dense[ref+int32(alpha[text[i]])]; v >= 0 {
			ref = v
		} else if ref = v &^ outFlag; !m.report(text, ref, i+1, fn) {
			return
		}
	}
}

// step is the transition from the state ref on symbol c.
func (m *acMatcher) step(ref int32, c uint8) int32 {
	if ref < m.denseEnd {
		return m.dense[ref+int32(c)]
	}
	return m.sparseStep(ref, c)
}

// wordBytes is isWordByte as a table.
var wordBytes = func() (t [256]bool) {
	for i := range t {
		t[i] = isWordByte(byte(i))
	}
	return t
}()

// sparseStep is the transition from a deep state on symbol c. It is kept
// out of line so that step, on the scan's every byte, is inlined.
//
//go:noinline
func (m *acMatcher) sparseStep(ref int32, c uint8) int32 {
	if c == 0 {
		return 0
	}
	for ref >= m.denseEnd {
		rec := m.sparse[ref-m.denseEnd:]
		for _, e := range rec[2 : 2+rec[0]&63] {
			if uint8(e>>26) == c {
				v := int32(e & refMask)
				if e&sparseOut != 0 {
					v |= outFlag
				}
				return v
			}
		}
		ref = int32(rec[1])
	}
	return m.dense[ref+int32(c)]
}

// report calls fn for the outputs of the state ref, reached at end, and
// returns false as soon as fn does.
func (m *acMatcher) report(text string, ref int32, end int, fn func(id int32, end int) bool) bool {
	var o int32
	if ref < m.denseEnd {
		o = ref / int32(m.nsym)
	} else {
		o = int32(m.sparse[ref-m.denseEnd] >> 6)
	}
	if m.out[o] < 0 {
		o = m.dict[o]
	}
	for o > 0 {
		id := m.out[o]
		if (!m.verify[id] || m.same(text, end, id)) && !fn(id, end) {
			return false
		}
		o = m.dict[o]
	}
	return true
}

// same reports whether the folded text ending at end equals pattern id.
func (m *acMatcher) same(text string, end int, id int32) bool {
	p := m.patterns[id]
	start := end - len(p)
	if start < 0 {
		return false
	}
	for i := 0; i < len(p); i++ {
		if foldTable[text[start+i]] != p[i] {
			return false
		}
	}
	return true
}
