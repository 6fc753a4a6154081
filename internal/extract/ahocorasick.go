package extract

// A hand-written Aho-Corasick automaton over ASCII-folded bytes. Patterns
// are stored lower-cased (ASCII only) with every whitespace byte folded to a
// space; the text is folded the same way on the fly, so one pass finds every
// occurrence of every pattern whatever its case. Case rules (acronyms,
// common words) are checked afterwards on the original bytes, per entry.
//
// The automaton is a full DFA (every state has a transition for every
// symbol) over a compressed alphabet: only bytes that occur in some pattern
// get their own symbol, all others share symbol 0, which always leads back
// to the root. The scan is then one table load per input byte.

type acMatcher struct {
	alpha   [256]uint8 // folded byte -> symbol
	nsym    int
	next    []int32 // state*nsym + symbol -> the target state*nsym, with outFlag when it has outputs
	out     []int32 // state -> pattern id ending here, or -1
	dict    []int32 // state -> nearest proper suffix state with an output, or -1
	lengths []int32 // pattern id -> length in bytes
	// verify marks patterns with bytes of the shared symbol; their matches
	// are compared with the pattern before being reported.
	verify   []bool
	patterns []string
}

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
	m := &acMatcher{}
	// Alphabet: symbol 0 for bytes absent from every pattern. Letters,
	// digits, space, hyphen and dot get their own symbols; all other bytes
	// that occur in patterns (punctuation, UTF-8 sequences) share one, and
	// matches of patterns holding them are verified byte by byte. A small
	// alphabet keeps the table small enough to stay in cache.
	sym := 1
	shared := uint8(0)
	m.verify = make([]bool, len(patterns))
	for id, p := range patterns {
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
	m.patterns = patterns
	m.nsym = sym
	ns := sym

	// Trie with sparse children first (maps would be slow; use the dense
	// table directly and grow it).
	m.next = make([]int32, ns)
	m.out = []int32{-1}
	m.lengths = make([]int32, len(patterns))
	for id, p := range patterns {
		m.lengths[id] = int32(len(p))
		if p == "" {
			continue
		}
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := int(m.alpha[p[i]])
			nx := m.next[int(s)*ns+c]
			if nx == 0 {
				nx = int32(len(m.out))
				m.out = append(m.out, -1)
				m.next = append(m.next, make([]int32, ns)...)
				m.next[int(s)*ns+c] = nx
			}
			s = nx
		}
		if m.out[s] == -1 {
			m.out[s] = int32(id)
		} else {
			// Duplicate folded pattern: callers dedupe, but keep the first.
			continue
		}
	}
	// BFS for failure links, turning the trie into a DFA.
	nstates := len(m.out)
	fail := make([]int32, nstates)
	m.dict = make([]int32, nstates)
	for i := range m.dict {
		m.dict[i] = -1
	}
	queue := make([]int32, 0, nstates)
	for c := 0; c < ns; c++ {
		if nx := m.next[c]; nx != 0 {
			fail[nx] = 0
			queue = append(queue, nx)
		}
	}
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		f := fail[s]
		if m.out[f] >= 0 {
			m.dict[s] = f
		} else {
			m.dict[s] = m.dict[f]
		}
		base := int(s) * ns
		fbase := int(f) * ns
		for c := 1; c < ns; c++ {
			nx := m.next[base+c]
			if nx != 0 {
				fail[nx] = m.next[fbase+c]
				queue = append(queue, nx)
			} else {
				m.next[base+c] = m.next[fbase+c]
			}
		}
	}
	m.renumber(queue)
	// Mark, in the transition table itself, the states that have an output
	// (their own or a suffix's), so the scan needs one load per byte; and
	// store each target as its row's offset (state*nsym), so the scan adds
	// the symbol to it instead of multiplying on every byte.
	for i, nx := range m.next {
		row := nx * int32(ns)
		if m.out[nx] >= 0 || m.dict[nx] >= 0 {
			row |= outFlag
		}
		m.next[i] = row
	}
	return m
}

// outFlag marks a transition into a state with outputs.
const outFlag = -1 << 31

// scan calls fn(id, end) for every occurrence of every pattern in text,
// where end is the byte offset just past the occurrence, in order of end.
func (m *acMatcher) scan(text string, fn func(id int32, end int)) {
	if len(m.out) <= 1 {
		return
	}
	ns := int32(m.nsym)
	next, out, dict, alpha := m.next, m.out, m.dict, &m.alpha
	row := int32(0) // the current state's row in next: state*ns
	for i := 0; i < len(text); i++ {
		v := next[row+int32(alpha[text[i]])]
		row = v &^ outFlag
		if v >= 0 {
			continue
		}
		o := row / ns
		if out[o] < 0 {
			o = dict[o]
		}
		for o > 0 {
			id := out[o]
			if !m.verify[id] || m.same(text, i+1, id) {
				fn(id, i+1)
			}
			o = dict[o]
		}
	}
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

// renumber gives states their breadth-first numbers (root, then depth 1,
// depth 2, ...), so that the shallow states a scan of prose keeps visiting
// sit together at the front of the table and stay in cache.
func (m *acMatcher) renumber(bfs []int32) {
	n := len(m.out)
	if len(bfs) != n-1 {
		return
	}
	newID := make([]int32, n)
	for i, s := range bfs {
		newID[s] = int32(i + 1)
	}
	ns := m.nsym
	next := make([]int32, len(m.next))
	out := make([]int32, n)
	dict := make([]int32, n)
	for old := 0; old < n; old++ {
		nw := int(newID[old])
		for c := 0; c < ns; c++ {
			next[nw*ns+c] = newID[m.next[old*ns+c]]
		}
		out[nw] = m.out[old]
		if d := m.dict[old]; d >= 0 {
			dict[nw] = newID[d]
		} else {
			dict[nw] = -1
		}
	}
	m.next, m.out, m.dict = next, out, dict
}
