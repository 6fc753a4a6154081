package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/taxii/client"
)

// dateServer is a TAXII server that pages by added_after only, as TAXII
// 2.0-style servers do: no next, and the last date in a header.
func dateServer(t *testing.T, objects int, pageSize int, sendNext bool) *httptest.Server {
	t.Helper()
	date := func(i int) string { return fmt.Sprintf("2024-01-01T00:00:%02d.000000Z", i) }
	mux := http.NewServeMux()
	mux.HandleFunc("GET /root/", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"title": "r", "versions": []string{client.MediaTAXII}})
	})
	mux.HandleFunc("GET /root/collections/c1/objects/", func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Accept"); got != client.MediaTAXII {
			t.Errorf("Accept %q", got)
		}
		start := 0
		if a := r.URL.Query().Get("added_after"); a != "" {
			for i := 0; i < objects; i++ {
				if date(i) == a {
					start = i + 1
				}
			}
		}
		if n := r.URL.Query().Get("next"); n != "" {
			fmt.Sscan(n, &start)
		}
		end := min(start+pageSize, objects)
		var objs []json.RawMessage
		for i := start; i < end; i++ {
			objs = append(objs, json.RawMessage(fmt.Sprintf(`{"type":"x-thing","id":"x-thing--%08d-0000-4000-8000-000000000000"}`, i)))
		}
		if end > start {
			w.Header().Set("X-TAXII-Date-Added-First", date(start))
			w.Header().Set("X-TAXII-Date-Added-Last", date(end-1))
		}
		resp := map[string]any{"more": end < objects, "objects": objs}
		if sendNext && end < objects {
			resp["next"] = fmt.Sprint(end)
		}
		json.NewEncoder(w).Encode(resp)
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

func TestPull(t *testing.T) {
	for _, sendNext := range []bool{true, false} {
		t.Run(fmt.Sprintf("Next%v", sendNext), func(t *testing.T) {
			ts := dateServer(t, 25, 10, sendNext)
			c := client.New(true)
			root, err := c.ResolveAPIRoot(context.Background(), ts.URL+"/root")
			if err != nil || root != ts.URL+"/root/" {
				t.Fatalf("root %q %v", root, err)
			}
			var got []string
			var resume string
			err = c.Pull(context.Background(), root, "c1", "", 10, func(p *client.Page, after string) error {
				for _, o := range p.Objects {
					var h struct{ ID string }
					json.Unmarshal(o, &h)
					got = append(got, h.ID)
				}
				resume = after
				return nil
			})
			if err != nil || len(got) != 25 || resume != "2024-01-01T00:00:24.000000Z" {
				t.Errorf("got %d objects, resume %q, %v", len(got), resume, err)
			}
			seen := map[string]bool{}
			for _, id := range got {
				if seen[id] {
					t.Errorf("%s twice", id)
				}
				seen[id] = true
			}
		})
	}
}

func TestPullRefusesLoopback(t *testing.T) {
	ts := dateServer(t, 1, 1, true)
	_, err := client.New(false).ResolveAPIRoot(context.Background(), ts.URL+"/root/")
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("got %v", err)
	}
}

func TestErrors(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", client.MediaTAXII)
		w.WriteHeader(403)
		w.Write([]byte(`{"title":"Forbidden","description":"not for you","http_status":"403"}`))
	}))
	defer ts.Close()
	_, err := client.New(true).Collections(context.Background(), ts.URL+"/root/")
	if telltale.ErrorCode(err) != telltale.EFORBIDDEN || !strings.Contains(err.Error(), "not for you") {
		t.Errorf("got %v", err)
	}
}
