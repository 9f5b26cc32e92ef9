package registers

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/registers/prh"
)

// byKey indexes values by key, failing the test on a key given twice.
func byKey(t *testing.T, vs []Value) map[string]Value {
	t.Helper()
	out := make(map[string]Value, len(vs))
	for _, v := range vs {
		if _, dup := out[v.Key]; dup {
			t.Errorf("key %s given twice", v.Key)
		}
		out[v.Key] = v
	}
	return out
}

// keys lists the values' keys in order.
func keys(vs []Value) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Key)
	}
	return out
}

func TestPRHFillerFillsTheRecordedRestaurant(t *testing.T) {
	t.Parallel()
	srv := recordedPRH(t)
	f := PRHFiller{Client: prh.New(srv.URL, srv.Client())}
	got, err := f.Fill(context.Background(), Subject{PersonID: "p1", BusinessID: "3067891-2"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"company.name":         "Ravintola Satamakapteeni Oy",
		"company.business_id":  "3067891-2",
		"company.address":      map[string]any{"street": "Eteläranta 14 A 3", "postcode": "00130", "city": "HELSINKI"},
		"company.municipality": "091",
		"company.line":         "Ravintolat",
		"company.form":         "Osakeyhtiö",
	}
	vs := byKey(t, got)
	if len(vs) != len(want) {
		t.Errorf("keys %v, want %d keys", keys(got), len(want))
	}
	for k, w := range want {
		v := vs[k]
		if !reflect.DeepEqual(v.Value, w) {
			t.Errorf("%s = %#v, want %#v", k, v.Value, w)
		}
		if v.Source != SourcePRH || v.SourceLabel["fi"] != "Kaupparekisteri" || v.SourceLabel["sv"] != "Handelsregistret" || v.SourceLabel["en"] != "Trade Register" {
			t.Errorf("%s comes from %q %v, want prh's Trade Register", k, v.Source, v.SourceLabel)
		}
	}
}

func TestPRHFillerTakesTheMunicipalityOfTheVisitingAddress(t *testing.T) {
	t.Parallel()
	srv := recordedPRH(t)
	got, err := PRHFiller{Client: prh.New(srv.URL, srv.Client())}.Fill(context.Background(), Subject{BusinessID: "3034567-5"})
	if err != nil {
		t.Fatal(err)
	}
	vs := byKey(t, got)
	if m := vs["company.municipality"].Value; m != "261" {
		t.Errorf("municipality = %v, want Kittilä's 261", m)
	}
	if a, _ := vs["company.address"].Value.(map[string]any); a["city"] != "KITTILÄ" || a["postcode"] != "99100" {
		t.Errorf("address = %v, want the visiting address in Kittilä", a)
	}
}

func TestPRHFillerGivesNothingWithoutACompany(t *testing.T) {
	t.Parallel()
	srv := recordedPRH(t)
	f := PRHFiller{Client: prh.New(srv.URL, srv.Client())}
	for name, s := range map[string]Subject{
		"a person acting for themself":   {PersonID: "p1"},
		"a company PRH does not know":    {PersonID: "p1", BusinessID: "2876543-5"},
		"a demo company PRH has no file": {PersonID: "p1", BusinessID: "3012345-8"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := f.Fill(context.Background(), s)
			if err != nil || len(got) != 0 {
				t.Errorf("Fill = %v, %v; want nothing and no error", keys(got), err)
			}
		})
	}
}

func TestPRHFillerReportsAFailingRegister(t *testing.T) {
	t.Parallel()
	outage, err := os.ReadFile(filepath.Join("prh", "testdata", "error_503.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write(outage)
	}))
	t.Cleanup(srv.Close)
	f := PRHFiller{Client: prh.New(srv.URL, srv.Client())}

	t.Run("an outage is an error wrapping prh.ErrUnavailable", func(t *testing.T) {
		got, err := f.Fill(context.Background(), Subject{BusinessID: "3067891-2"})
		if !errors.Is(err, prh.ErrUnavailable) || len(got) != 0 {
			t.Fatalf("Fill = %v, %v; want no values and unavailable", keys(got), err)
		}
		if !strings.Contains(err.Error(), "prefill from the business register") || !strings.Contains(err.Error(), "status 503") {
			t.Errorf("err = %q, want it to say what was being done and the status", err)
		}
	})
	t.Run("an invalid business ID is refused as invalid", func(t *testing.T) {
		_, err := f.Fill(context.Background(), Subject{BusinessID: "3067891-3"})
		if errs.KindOf(err) != errs.Invalid {
			t.Errorf("err = %v, want kind invalid", err)
		}
	})
}

// fakeFiller answers with its values and error after a delay.
type fakeFiller struct {
	values []Value
	err    error
	delay  time.Duration
}

func (f fakeFiller) Fill(ctx context.Context, _ Subject) ([]Value, error) {
	select {
	case <-time.After(f.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return f.values, f.err
}

func TestMultiKeepsTheOrderOfItsFillers(t *testing.T) {
	t.Parallel()
	slow := fakeFiller{values: []Value{{Key: "a.1"}, {Key: "a.2"}}, delay: 30 * time.Millisecond}
	fast := fakeFiller{values: []Value{{Key: "b.1"}}}
	got, err := Multi(slow, nil, fast).Fill(context.Background(), Subject{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.1", "a.2", "b.1"}; !reflect.DeepEqual(keys(got), want) {
		t.Errorf("keys = %v, want %v: the slow filler's first though it answered last", keys(got), want)
	}
}

func TestMultiGivesWhatItHasWhenARegisterFails(t *testing.T) {
	t.Parallel()
	down := errors.New("population register down")
	refused := errors.New("real-estate register refused")
	got, err := Multi(
		fakeFiller{values: []Value{{Key: "company.name"}}},
		fakeFiller{err: down, delay: 10 * time.Millisecond},
		fakeFiller{values: []Value{{Key: "property.id"}}},
		fakeFiller{err: refused},
	).Fill(context.Background(), Subject{})
	if want := []string{"company.name", "property.id"}; !reflect.DeepEqual(keys(got), want) {
		t.Errorf("keys = %v, want %v", keys(got), want)
	}
	if !errors.Is(err, down) || !errors.Is(err, refused) {
		t.Errorf("err = %v, want both registers' errors", err)
	}
	if want := "population register down\nreal-estate register refused"; err.Error() != want {
		t.Errorf("err = %q, want the errors in filler order %q", err, want)
	}
}

func TestMultiOfNothingFillsNothing(t *testing.T) {
	t.Parallel()
	got, err := Multi().Fill(context.Background(), Subject{PersonID: "p1"})
	if err != nil || len(got) != 0 {
		t.Errorf("Fill = %v, %v; want nothing", got, err)
	}
}

func TestMultiFillsFromEveryRegister(t *testing.T) {
	t.Parallel()
	srv := recordedPRH(t)
	ids := PersonalIDFunc(func(context.Context, string) (string, error) { return "110478-936M", nil })
	f := Multi(
		PRHFiller{Client: prh.New(srv.URL, srv.Client())},
		PopulationFiller{IDs: ids, Lookup: DemoPopulation{}},
		RealEstateFiller{Lookup: DemoRealEstate{}},
	)
	got, err := f.Fill(context.Background(), Subject{PersonID: "anna", BusinessID: "3023456-1", PropertyID: "837-417-2-31"})
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]int{}
	for _, v := range got {
		sources[v.Source]++
	}
	if sources[SourcePRH] == 0 || sources[SourcePopulation] == 0 || sources[SourceRealEstate] == 0 {
		t.Errorf("values by source %v, want some from each register", sources)
	}
	vs := byKey(t, got)
	if vs["company.name"].Value != "Mäkelän Maatila Oy" || vs["person.last_name"].Value != "Mäkelä" || vs["property.name"].Value != "Mäkelä" {
		t.Errorf("got company %v, person %v, property %v", vs["company.name"].Value, vs["person.last_name"].Value, vs["property.name"].Value)
	}
}
