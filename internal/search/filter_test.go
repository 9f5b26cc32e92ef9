package search

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

func TestSearchFiltersByTypeBundleAuthorityAndMunicipality(t *testing.T) {
	t.Parallel()
	ix := catalogueIndex(t)
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"a bundle keeps its services and guidance", Query{Lang: "en", Bundles: []string{"S"}}, []string{"s-fireworks", "s-outdoor-event"}},
		{"several bundles keep either", Query{Lang: "en", Text: "permit", Bundles: []string{"Ta", "S"}}, []string{"ta-environmental-permit"}},
		{"an authority keeps its own services", Query{Lang: "en", Authority: "vantaa-building"}, []string{"m-building-permit", "m-demolition-permit"}},
		{"a municipality keeps its services and national ones", Query{Lang: "en", Municipality: "049"}, []string{
			"guidance:noise-guide", "guidance:permit-need", "m-land-extraction", "s-fireworks", "s-outdoor-event", "ta-waste-water"}},
		{"a type keeps that type", Query{Lang: "fi", Types: []string{"guidance"}}, []string{"guidance:noise-guide", "guidance:permit-need"}},
		{"filters combine with text", Query{Lang: "fi", Text: "lupa", Municipality: "091"}, []string{"ta-environmental-permit"}},
		{"a municipality no one serves keeps the national ones", Query{Lang: "sv", Municipality: "999", Types: []string{"service"}}, []string{"s-fireworks", "s-outdoor-event"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				if h.Type == "guidance" {
					got = append(got, "guidance:"+h.ID)
				} else {
					got = append(got, h.ID)
				}
			}
			slices.Sort(got)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || res.Total != len(tt.want) {
				t.Errorf("found %v (total %d), want %v", got, res.Total, tt.want)
			}
		})
	}
}

func TestPrivateDocumentsAreSeenOnlyByTheirOwners(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ix := catalogueIndex(t)
	err := ix.Put(ctx,
		Document{Type: "case", ID: "LUVA-1", Lang: "fi", Title: "Meluilmoitus, Mannerheimintie 5", Owners: []string{"person-1"}, Updated: t0},
		Document{Type: "case", ID: "LUVA-2", Lang: "fi", Title: "Meluilmoitus, Hämeentie 3", Owners: []string{"person-2", "org-9"}, Updated: t0},
	)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		viewer []string
		text   string
		want   []string
	}{
		{"no one signed in sees no case", nil, "meluilmoitus", nil},
		{"no one signed in sees no case when browsing", nil, "", nil},
		{"the owner sees their case", []string{"person-1"}, "meluilmoitus", []string{"LUVA-1"}},
		{"the owner sees their case when browsing", []string{"person-1"}, "", []string{"LUVA-1"}},
		{"the owner finds their case by the start of a compound", []string{"person-1"}, "melu", []string{"LUVA-1"}},
		{"a member of the owning organisation sees its case", []string{"person-3", "org-9"}, "hämeentie", []string{"LUVA-2"}},
		{"another person sees nothing, even searching the address", []string{"person-3"}, "mannerheimintie", nil},
		{"an empty viewer id sees nothing", []string{""}, "meluilmoitus", nil},
		{"the id public is just an id", []string{"public"}, "meluilmoitus", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(ctx, Query{Text: tt.text, Lang: "fi", Types: []string{"case"}, Viewer: tt.viewer})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(ids(res)) != fmt.Sprint(tt.want) || res.Total != len(tt.want) {
				t.Errorf("found %v (total %d), want %v", ids(res), res.Total, tt.want)
			}
		})
	}
	t.Run("an empty owner id is refused rather than made public", func(t *testing.T) {
		err := ix.Put(ctx, Document{Type: "case", ID: "LUVA-3", Lang: "fi", Title: "Meluilmoitus", Owners: []string{""}})
		if err == nil {
			t.Fatal("want an error")
		}
		res, err := ix.Search(ctx, Query{Text: "meluilmoitus", Types: []string{"case"}})
		if err != nil || res.Total != 0 {
			t.Errorf("found %v (err %v), want nothing", ids(res), err)
		}
	})
}

func TestEmptyTextListsNewestFirstAndPages(t *testing.T) {
	t.Parallel()
	ix := catalogueIndex(t)
	ctx := context.Background()
	first, err := ix.Search(ctx, Query{Lang: "fi", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids(first)) != "[permit-need noise-guide m-land-extraction]" || first.Total != len(catalogue) {
		t.Errorf("first page %v of %d, want the three newest of %d", ids(first), first.Total, len(catalogue))
	}
	second, err := ix.Search(ctx, Query{Lang: "fi", Limit: 3, Offset: 3})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids(second)) != "[s-outdoor-event te-food-premises m-demolition-permit]" {
		t.Errorf("second page %v", ids(second))
	}
}

func TestDeleteRemovesEveryLanguageAndReplaceDropsMissingOnes(t *testing.T) {
	t.Parallel()
	ix := catalogueIndex(t)
	ctx := context.Background()
	count := func(id string) int {
		t.Helper()
		res, err := ix.Search(ctx, Query{Types: []string{"service"}, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, h := range res.Hits {
			if h.ID == id {
				n++
			}
		}
		return n
	}
	if n := count("s-fireworks"); n != 3 {
		t.Fatalf("before: %d languages of s-fireworks, want 3", n)
	}
	if err := ix.Delete(ctx, "service", "s-fireworks"); err != nil {
		t.Fatal(err)
	}
	if n := count("s-fireworks"); n != 0 {
		t.Errorf("after delete: %d languages of s-fireworks, want 0", n)
	}
	err := ix.Replace(ctx, "service", "k-dog-registration", Document{Type: "service", ID: "k-dog-registration", Lang: "fi", Title: "Koiran rekisteröinti"})
	if err != nil {
		t.Fatal(err)
	}
	if n := count("k-dog-registration"); n != 1 {
		t.Errorf("after replace with Finnish only: %d languages, want 1", n)
	}
}

func TestPutRefusesDocumentsItCannotKeyOrFilter(t *testing.T) {
	t.Parallel()
	ix := catalogueIndex(t)
	tests := []struct {
		name string
		doc  Document
	}{
		{"a document without a type", Document{ID: "x", Lang: "fi"}},
		{"a type with a slash", Document{Type: "a/b", ID: "x", Lang: "fi"}},
		{"a document without an id", Document{Type: "service", Lang: "fi"}},
		{"an unknown language", Document{Type: "service", ID: "x", Lang: "de"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ix.Put(context.Background(), tt.doc); err == nil {
				t.Error("want an error")
			}
		})
	}
}

func TestIDsWithSlashesSurviveTheRoundTrip(t *testing.T) {
	t.Parallel()
	ix := catalogueIndex(t)
	ctx := context.Background()
	if err := ix.Put(ctx, Document{Type: "guidance", ID: "rakentaminen/piha/aidat", Lang: "fi", Title: "Aidan rakentaminen"}); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, Query{Text: "aidat", Lang: "fi"})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("found %v (err %v)", ids(res), err)
	}
	if h := res.Hits[0]; h.Type != "guidance" || h.ID != "rakentaminen/piha/aidat" || h.Lang != "fi" {
		t.Errorf("hit %+v", h)
	}
}
