package registers

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/luva-fi/luva/internal/registers/prh"
)

// recordedPRH serves the prh package's recorded answers by business ID.
func recordedPRH(t *testing.T) *httptest.Server {
	t.Helper()
	files := map[string]string{
		"3067891-2": "restaurant_helsinki.json",
		"3023456-1": "farm_pirkanmaa.json",
		"3034567-5": "mining_lapland.json",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := files[r.URL.Query().Get("businessId")]
		if r.URL.Path != "/companies" {
			http.Error(w, `{"timestamp":"2025-06-02 10:15:00","message":"not found","errorcode":404}`, http.StatusNotFound)
			return
		}
		if !ok {
			name = "not_found.json"
		}
		b, err := os.ReadFile(filepath.Join("prh", "testdata", name))
		if err != nil {
			t.Errorf("read fixture: %v", err)
		}
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestPRHGivesFactsForRecordedCompanies(t *testing.T) {
	t.Parallel()
	srv := recordedPRH(t)
	var src Source = NewPRH(prh.New(srv.URL, srv.Client()))
	tests := []struct {
		name string
		id   string
		want map[string]any
	}{
		{"a Helsinki restaurant is in 091 and sells food", "3067891-2",
			map[string]any{"municipality": "091", "activities": []string{"food"}}},
		{"a Pirkanmaa grain farm is in 837 and is a farm", "3023456-1",
			map[string]any{"municipality": "837", "farm": true}},
		{"a Lapland mine is in Kittilä and is mining", "3034567-5",
			map[string]any{"municipality": "261", "mining": true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			facts, err := src.Facts(context.Background(), tc.id)
			if err != nil {
				t.Fatalf("Facts(%s) = %v", tc.id, err)
			}
			if got := answers(facts); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("answers = %v, want %v", got, tc.want)
			}
			for _, f := range facts {
				if f.Source != SourcePRH || f.SourceLabel["en"] != "Trade Register" {
					t.Errorf("fact %s from %q %v, want PRH's Trade Register", f.Question, f.Source, f.SourceLabel)
				}
			}
		})
	}
}

func TestPRHPassesNotFoundThrough(t *testing.T) {
	t.Parallel()
	srv := recordedPRH(t)
	facts, err := NewPRH(prh.New(srv.URL, srv.Client())).Facts(context.Background(), "2876543-5")
	if !errors.Is(err, prh.ErrNotFound) || facts != nil {
		t.Errorf("Facts = %v, %v; want no facts and prh.ErrNotFound", facts, err)
	}
}

func TestPRHPassesAnOutageThrough(t *testing.T) {
	t.Parallel()
	srv := recordedPRH(t)
	facts, err := NewPRH(prh.New(srv.URL+"/wrong", srv.Client())).Facts(context.Background(), "3067891-2")
	if !errors.Is(err, prh.ErrUnavailable) || facts != nil {
		t.Errorf("Facts = %v, %v; want no facts and prh.ErrUnavailable", facts, err)
	}
}
