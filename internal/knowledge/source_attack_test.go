package knowledge_test

import (
	"context"
	"testing"

	"github.com/telltale-cti/telltale"
)

// A starter relationship that cites only an ATT&CK page is sourced by
// that page, not by the publisher that packaged it; and a campaign whose
// references cite its group's ATT&CK page does not take the group's id.
func TestSourceNamesAttackPage(t *testing.T) {
	_, k := openStarter(t)
	ctx := context.Background()
	a, err := k.Actor(ctx, "GALLIUM")
	if err != nil {
		t.Fatal(err)
	}
	var soft *telltale.Ref
	for i := range a.Campaigns {
		if a.Campaigns[i].Name == "Operation Soft Cell" {
			soft = &a.Campaigns[i]
		}
	}
	if soft == nil {
		t.Fatalf("GALLIUM's campaigns: %+v", a.Campaigns)
	}
	if len(soft.Sources) == 0 || soft.Sources[0].Name != "MITRE ATT&CK G0093 (via Telltale)" || soft.Sources[0].URL != "https://attack.mitre.org/groups/G0093" {
		t.Errorf("Operation Soft Cell's attribution sources: %+v", soft.Sources)
	}
	rows, err := k.List(ctx, telltale.ListCampaigns)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Name == "Operation Soft Cell" && r.ExtID != "" {
			t.Errorf("Operation Soft Cell carries the ATT&CK id %s", r.ExtID)
		}
	}
}
