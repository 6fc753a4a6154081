package telltale

import (
	"encoding/json"
	"errors"
)

// A small scanner of stored JSON objects: it walks the top-level members
// without decoding the values it is not asked about, which is most of an
// object (descriptions, kill chains, external references). Visibility is
// decided for every object a caller is shown, so this is on every read
// path. Stored JSON was validated when it was imported; the values the
// callers use are decoded with encoding/json, which checks them again.

var errScan = errors.New("malformed JSON object")

// eachMember calls fn with the key (unescaped) and the raw value of every
// top-level member of the JSON object raw, in order, repeated keys
// included.
func eachMember(raw []byte, fn func(key string, val []byte) error) error {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return errScan
	}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return trailing(raw, i+1)
	}
	for {
		if i >= len(raw) || raw[i] != '"' {
			return errScan
		}
		end, err := skipString(raw, i)
		if err != nil {
			return err
		}
		key, err := unquote(raw[i:end])
		if err != nil {
			return err
		}
		i = skipSpace(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return errScan
		}
		i = skipSpace(raw, i+1)
		start := i
		if i, err = skipValue(raw, i); err != nil {
			return err
		}
		if err := fn(key, raw[start:i]); err != nil {
			return err
		}
		i = skipSpace(raw, i)
		if i >= len(raw) {
			return errScan
		}
		switch raw[i] {
		case ',':
			i = skipSpace(raw, i+1)
		case '}':
			return trailing(raw, i+1)
		default:
			return errScan
		}
	}
}

func trailing(raw []byte, i int) error {
	if skipSpace(raw, i) != len(raw) {
		return errScan
	}
	return nil
}

func skipSpace(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just after the string starting at raw[i].
func skipString(raw []byte, i int) (int, error) {
	for j := i + 1; j < len(raw); j++ {
		switch raw[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, errScan
}

// skipValue returns the index just after the value starting at raw[i].
func skipValue(raw []byte, i int) (int, error) {
	if i >= len(raw) {
		return 0, errScan
	}
	switch raw[i] {
	case '"':
		return skipString(raw, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(raw); j++ {
			switch raw[j] {
			case '"':
				end, err := skipString(raw, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errScan
	}
	j := i
	for j < len(raw) && raw[j] != ',' && raw[j] != '}' && raw[j] != ']' && raw[j] != ' ' && raw[j] != '\t' && raw[j] != '\n' && raw[j] != '\r' {
		j++
	}
	if j == i {
		return 0, errScan
	}
	return j, nil
}

// unquote returns the text of a JSON string (with its quotes).
func unquote(q []byte) (string, error) {
	for _, c := range q[1 : len(q)-1] {
		if c == '\\' {
			var s string
			if err := json.Unmarshal(q, &s); err != nil {
				return "", errScan
			}
			return s, nil
		}
	}
	return string(q[1 : len(q)-1]), nil
}
