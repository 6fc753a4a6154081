package web

import (
	"net/http"
	"sort"
	"strings"

	"github.com/telltale-cti/telltale"
)

// sectorNode is a sector of the index tree.
type sectorNode struct {
	telltale.SectorSummary
	Children []*sectorNode
}

func (h *Handler) sectors(w http.ResponseWriter, r *http.Request) {
	all, err := h.views.Sectors(r.Context())
	if err != nil {
		h.Error(w, r, err)
		return
	}
	by := r.URL.Query().Get("sort")
	if by != "name" {
		by = "attackers"
	}
	nodes := map[string]*sectorNode{}
	var roots []*sectorNode
	for _, s := range all {
		nodes[s.Key] = &sectorNode{SectorSummary: s}
	}
	for _, s := range all {
		n := nodes[s.Key]
		if p, ok := nodes[s.Parent]; ok {
			p.Children = append(p.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	var sortTree func([]*sectorNode)
	sortTree = func(ns []*sectorNode) {
		sort.SliceStable(ns, func(i, j int) bool {
			if by == "attackers" && ns[i].AttackerCount != ns[j].AttackerCount {
				return ns[i].AttackerCount > ns[j].AttackerCount
			}
			return strings.ToLower(ns[i].Name) < strings.ToLower(ns[j].Name)
		})
		for _, n := range ns {
			sortTree(n.Children)
		}
	}
	sortTree(roots)
	h.render(w, r, http.StatusOK, "sectors", view{Title: "Sectors", Nav: "sectors", Data: struct {
		Tree []*sectorNode
		Sort string
	}{roots, by}})
}
