package web

import (
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
)

func (h *Handler) funcs(assets map[string]asset) template.FuncMap {
	return template.FuncMap{
		"asset": func(name string) (string, error) {
			a, ok := assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q", name)
			}
			return a.path, nil
		},
		"markdown":  markdown,
		"flag":      flag,
		"date":      date,
		"plural":    plural,
		"join":      strings.Join,
		"words":     func(s string) string { return strings.ReplaceAll(s, "-", " ") },
		"typeLabel": api.TypeLabel,
		"actorURL":  func(id string) string { return "/actors/" + url.PathEscape(id) },
		"objectURL": func(id string) string { return api.ObjectURL(typeOf(id), id) },
		"sectorURL": func(key string) string { return "/sectors/" + url.PathEscape(key) },
		"isID":      isID,
		"setParam":  setParam,
		"add":       func(a, b int) int { return a + b },
		"first": func(n int, list []string) []string {
			if len(list) > n {
				return list[:n]
			}
			return list
		},
		"dict": dict,
		"sourceNames": func(ss []telltale.Source) string {
			var names []string
			seen := map[string]bool{}
			for _, s := range ss {
				if !seen[s.Name] {
					seen[s.Name] = true
					names = append(names, s.Name)
				}
			}
			return strings.Join(names, ", ")
		},
		"safeURL":     safeURL,
		"originTitle": originTitle,
		"originAll": func(o telltale.Origin) []telltale.Source {
			return append(append([]telltale.Source{}, o.Sources...), o.Against...)
		},
		"sourceNote": sourceNote,
		"tacticName": api.TacticName,
		"sourceKind": func(k string) string { return sourceKindLabels[k] },
		"navLists":   navLists,
		"rowURL":     rowURL,
	}
}

// originTitle is the tooltip of an origin: the country and who says what
// about it, "China — hedged by: Telecom records theft (CrowdStrike);
// negated by: Telecom records theft (CrowdStrike)".
func originTitle(name string, sources []telltale.Source) string {
	var order []string
	by := map[string][]string{}
	for _, s := range sources {
		pol := s.Polarity
		if pol == "" {
			pol = "asserted"
		}
		n := s.Name
		if s.By != "" && s.By != s.Name {
			n += " (" + s.By + ")"
		}
		if _, ok := by[pol]; !ok {
			order = append(order, pol)
		}
		if !slices.Contains(by[pol], n) {
			by[pol] = append(by[pol], n)
		}
	}
	parts := make([]string, 0, len(order))
	for _, pol := range order {
		parts = append(parts, pol+" by: "+strings.Join(by[pol], ", "))
	}
	if len(parts) == 0 {
		return name
	}
	return name + " — " + strings.Join(parts, "; ")
}

// sourceNote says who, in a source, said what, when a source carries it
// (origins): "CrowdStrike, hedged"; "" otherwise.
func sourceNote(s telltale.Source) string {
	var parts []string
	if s.By != "" && s.By != s.Name {
		parts = append(parts, s.By)
	}
	if s.Polarity != "" && s.Polarity != "asserted" {
		parts = append(parts, s.Polarity)
	}
	return strings.Join(parts, ", ")
}

func typeOf(id string) string {
	t, _, _ := strings.Cut(id, "--")
	return t
}

// isID says whether s looks like a STIX identifier.
func isID(s string) bool {
	t, rest, ok := strings.Cut(s, "--")
	return ok && t != "" && len(rest) == 36 && !strings.ContainsAny(s, " /<>\"'")
}

// flag turns an ISO 3166 alpha-2 code into its flag emoji; "" otherwise.
func flag(code string) string {
	if len(code) != 2 {
		return ""
	}
	code = strings.ToUpper(code)
	if code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		return ""
	}
	return string([]rune{rune(code[0]) - 'A' + 0x1F1E6, rune(code[1]) - 'A' + 0x1F1E6})
}

// date shortens a STIX timestamp to its day.
func date(ts string) string {
	if t, err := time.Parse(time.RFC3339Nano, ts); err == nil {
		return t.UTC().Format("2006-01-02")
	}
	if len(ts) >= 10 {
		return ts[:10]
	}
	return ts
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	if strings.HasSuffix(word, "y") && !strings.HasSuffix(word, "ey") {
		return fmt.Sprintf("%d %sies", n, word[:len(word)-1])
	}
	if strings.HasSuffix(word, "s") {
		return fmt.Sprintf("%d %ses", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// setParam returns the request's address with one query parameter set.
func setParam(u *url.URL, key string, val any) string {
	q := u.Query()
	q.Set(key, fmt.Sprint(val))
	return (&url.URL{Path: u.Path, RawQuery: q.Encode()}).String()
}

// safeURL lets only http and https addresses become links.
func safeURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return u.String()
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
