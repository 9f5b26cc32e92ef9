package prh

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/errs"
)

const apiPath = "/opendata-ytj-api/v3/companies"

// recorded maps business IDs to the recorded answers in testdata.
var recorded = map[string]string{
	"3067891-2": "restaurant_helsinki.json",
	"3023456-1": "farm_pirkanmaa.json",
	"3034567-5": "mining_lapland.json",
}

// fakePRH serves the recorded answers like the real API: a known ID gets its
// company, any other the empty result. It fails the test on a request the
// client should not send.
func fakePRH(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Method != http.MethodGet || r.URL.Path != apiPath {
			t.Errorf("request %s %s, want GET %s", r.Method, r.URL.Path, apiPath)
		}
		q := r.URL.Query()
		if len(q) != 1 || len(q["businessId"]) != 1 {
			t.Errorf("query %q, want only businessId", r.URL.RawQuery)
		}
		file, ok := recorded[q.Get("businessId")]
		if !ok {
			file = "not_found.json"
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(fixture(t, file))
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return b
}

func TestCompanyReadsRecordedAnswers(t *testing.T) {
	t.Parallel()
	srv, _ := fakePRH(t)
	c := New(srv.URL+"/opendata-ytj-api/v3", srv.Client())
	tests := []struct {
		name         string
		id           string
		wantName     string
		wantLine     string
		municipality string
	}{
		{"a restaurant in Helsinki has food-service line 56101 and municipality 091", "3067891-2", "Ravintola Satamakapteeni Oy", "56101", "091"},
		{"a farm in Pirkanmaa has crop-growing line 01110 and Tampere's code 837", "3023456-1", "Mäkelän Maatila Oy", "01110", "837"},
		{"a mine in Lapland takes Kittilä from its visiting address, not Rovaniemi from its postal one", "3034567-5", "Lapin Malmi Oy", "07290", "261"},
		{"an ID typed with space around it is trimmed before the call", " 3067891-2 ", "Ravintola Satamakapteeni Oy", "56101", "091"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := c.Company(context.Background(), tc.id)
			if err != nil {
				t.Fatalf("Company(%q) = %v", tc.id, err)
			}
			if got.Name != tc.wantName || got.LineOfBusiness != tc.wantLine || got.Municipality != tc.municipality {
				t.Errorf("got %q, TOL %q, municipality %q; want %q, %q, %q",
					got.Name, got.LineOfBusiness, got.Municipality, tc.wantName, tc.wantLine, tc.municipality)
			}
		})
	}
}

func TestCompanyMapsEveryFieldOfTheRestaurant(t *testing.T) {
	t.Parallel()
	srv, _ := fakePRH(t)
	got, err := New(srv.URL+"/opendata-ytj-api/v3/", srv.Client()).Company(context.Background(), "3067891-2")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"business ID", got.BusinessID, "3067891-2"},
		{"form in Finnish", got.Form["fi"], "Osakeyhtiö"},
		{"form in Swedish", got.Form["sv"], "Aktiebolag"},
		{"form code", got.FormCode, "16"},
		{"line of business in English", got.LineOfBusinessText["en"], "Restaurants"},
		{"code set", got.LineOfBusinessCodeSet, "TOIMI3"},
		{"visiting street", got.VisitingAddress.Street, "Eteläranta 14 A 3"},
		{"visiting post code", got.VisitingAddress.PostCode, "00130"},
		{"visiting city in Swedish", got.VisitingAddress.City["sv"], "HELSINGFORS"},
		{"postal municipality", got.PostalAddress.MunicipalityCode, "091"},
		{"website", got.Website, "www.satamakapteeni.example.fi"},
		{"status", got.Status, "2"},
		{"trade register status", got.TradeRegisterStatus, "1"},
		{"in the Trade Register", got.InTradeRegister(), true},
		{"register entries", len(got.RegisteredEntries), 3},
		{"VAT register entry", got.RegisteredEntries[1].Register, "6"},
		{"entry text", got.RegisteredEntries[0].Text["fi"], "Rekisterissä"},
		{"registration date", got.RegistrationDate, time.Date(2019, 9, 16, 0, 0, 0, 0, time.UTC)},
		// 09:21:47 Finnish winter time is 07:21:47 UTC.
		{"last modified", got.LastModified.UTC(), time.Date(2025, 3, 14, 7, 21, 47, 0, time.UTC)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
}

func TestCompanyReportsWhatWentWrong(t *testing.T) {
	t.Parallel()
	serve := func(status int, contentType, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}
	}
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		id       string
		wantIs   error
		wantKind errs.Kind
		wantText string
	}{
		{"an empty result is not found", serve(200, "application/json", string(fixture(t, "not_found.json"))),
			"2876543-5", ErrNotFound, errs.NotFound, "2876543-5"},
		{"a result for another company is not found", serve(200, "application/json", string(fixture(t, "farm_pirkanmaa.json"))),
			"2876543-5", ErrNotFound, errs.NotFound, "no company"},
		{"a bad request names PRH's own message", serve(400, "application/json", string(fixture(t, "error_400.json"))),
			"2876543-5", ErrUnavailable, errs.Internal, "Virheellinen hakuehto: businessId (code 400)"},
		{"a service outage is unavailable", serve(503, "application/json", string(fixture(t, "error_503.json"))),
			"2876543-5", ErrUnavailable, errs.Internal, "status 503"},
		{"a rate limit in plain text is unavailable", serve(429, "text/plain", "Too many requests"),
			"2876543-5", ErrUnavailable, errs.Internal, "status 429: Too many requests"},
		{"an HTML page instead of JSON is unavailable", serve(200, "text/html", "<html><body>Huoltokatko</body></html>"),
			"2876543-5", ErrUnavailable, errs.Internal, "decode answer"},
		{"JSON of the wrong shape is unavailable", serve(200, "application/json", `{"companies": {"businessId": 1}}`),
			"2876543-5", ErrUnavailable, errs.Internal, "decode answer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(tc.handler)
			t.Cleanup(srv.Close)
			_, err := New(srv.URL, srv.Client()).Company(context.Background(), tc.id)
			if !errors.Is(err, tc.wantIs) {
				t.Fatalf("err = %v, want one wrapping %v", err, tc.wantIs)
			}
			if k := errs.KindOf(err); k != tc.wantKind {
				t.Errorf("kind = %v, want %v", k, tc.wantKind)
			}
			if !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("err = %q, want it to mention %q", err, tc.wantText)
			}
		})
	}
}

func TestCompanyRefusesAnInvalidIDWithoutCalling(t *testing.T) {
	t.Parallel()
	srv, calls := fakePRH(t)
	c := New(srv.URL+"/opendata-ytj-api/v3", srv.Client())
	for _, id := range []string{"", "3067891-3", "1000008-0", "FI30678912", "3067891-2; DROP TABLE"} {
		_, err := c.Company(context.Background(), id)
		e, ok := errs.As(err)
		if !ok || e.Kind != errs.Invalid || e.Fields["business_id"] == "" {
			t.Errorf("Company(%q) = %v, want an Invalid error naming the field", id, err)
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("the API was called %d times for invalid IDs, want none", n)
	}
}

func TestCompanySendsTheNormalisedID(t *testing.T) {
	t.Parallel()
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.Query().Get("businessId")
		_, _ = w.Write([]byte(`{"totalResults":0,"companies":[]}`))
	}))
	t.Cleanup(srv.Close)
	_, _ = New(srv.URL, srv.Client()).Company(context.Background(), "123456-2")
	if got != "0123456-2" {
		t.Errorf("businessId sent = %q, want the six-digit form padded to 0123456-2", got)
	}
}

func TestCompanyGivesUpAfterItsTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	c := New(srv.URL, srv.Client())
	c.Timeout = 50 * time.Millisecond

	start := time.Now()
	_, err := c.Company(context.Background(), "3067891-2")
	if !errors.Is(err, ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want unavailable by deadline", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to give up, want about the 50ms timeout", d)
	}
}

func TestNewDefaultsToTheRealAPI(t *testing.T) {
	t.Parallel()
	var gotURL string
	hc := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
		gotURL = r.URL.String()
		return nil, errors.New("offline")
	})}
	_, err := New("", hc).Company(context.Background(), "0112038-9")
	if want := DefaultBaseURL + "/companies?businessId=0112038-9"; gotURL != want {
		t.Errorf("URL = %q, want %q", gotURL, want)
	}
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("err = %v, want unavailable", err)
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
