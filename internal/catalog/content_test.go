package catalog_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/access"
	"github.com/luva-fi/luva/internal/audit"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/clock"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/workdays"
)

var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

var req = access.Request{Route: "test", IP: "192.0.2.1"}

func seedService(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	err := d.InTx(ctx, func(tx *sql.Tx) error {
		if err := catalog.PutBundle(ctx, tx, "Ta", 1, map[string]catalog.BundleText{"fi": {Name: "Tapahtumat", Summary: "…"}}); err != nil {
			return err
		}
		s := catalog.Service{ID: "ta-noise-notification", Kind: "notification", Bundles: []string{"Ta"}, AuthorityType: "municipality",
			OwnerOrg: "hki", LeadTime: catalog.LeadTime{Days: 30}, State: "published"}
		if err := catalog.PutService(ctx, tx, t0, s); err != nil {
			return err
		}
		return catalog.InsertVersion(ctx, tx, catalog.Version{ServiceID: s.ID, Version: 1, State: catalog.VersionPublished, CreatedAt: t0, PublishedAt: &t0,
			Texts: catalog.Texts{"fi": {Name: "Meluilmoitus", Summary: "Ilmoitus melusta.", Guidance: "Tee ilmoitus ajoissa."}}})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestGuidanceReachesCustomersOnlyWhenPublished(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seedService(t, d)
		st := catalog.NewStore(d)
		c := catalog.NewContent(st, clock.NewSettable(t0))
		editor := access.Principal{PersonID: "siiri", Name: "Siiri Sisältö", Grants: []access.Grant{{OrganisationID: "hki", Role: access.ContentEditor}}}
		outsider := access.Principal{PersonID: "other", Name: "Other", Grants: []access.Grant{{OrganisationID: "tre", Role: access.ContentEditor}}}

		texts := catalog.Texts{"fi": {Name: "Meluilmoitus", Summary: "Ilmoitus meluavasta tilapäisestä toiminnasta.", Guidance: "Tee ilmoitus viimeistään 30 päivää ennen."}}
		if _, err := c.SaveDraft(ctx, outsider, req, "ta-noise-notification", texts, ""); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("an editor of another organisation: %v, want forbidden", err)
		}
		if _, err := c.SaveDraft(ctx, editor, req, "ta-noise-notification", catalog.Texts{"sv": {Summary: "x"}}, ""); errs.KindOf(err) != errs.Invalid {
			t.Errorf("a draft without names: %v, want invalid", err)
		}
		v, err := c.SaveDraft(ctx, editor, req, "ta-noise-notification", texts, "lead time in the guidance")
		if err != nil || v.Version != 2 {
			t.Fatalf("draft: %+v %v", v, err)
		}
		published, _ := st.Service(ctx, "ta-noise-notification")
		if published.Texts["fi"].Summary != "Ilmoitus melusta." {
			t.Fatalf("customers see the draft: %q", published.Texts["fi"].Summary)
		}
		if err := c.Publish(ctx, editor, req, "ta-noise-notification"); errs.KindOf(err) != errs.Conflict {
			t.Errorf("publishing a draft not reviewed: %v, want conflict", err)
		}
		if err := c.SubmitForReview(ctx, editor, req, "ta-noise-notification"); err != nil {
			t.Fatal(err)
		}
		if err := c.Publish(ctx, editor, req, "ta-noise-notification"); err != nil {
			t.Fatal(err)
		}
		published, _ = st.Service(ctx, "ta-noise-notification")
		if published.Version != 2 || !strings.Contains(published.Texts["fi"].Summary, "meluavasta") {
			t.Errorf("after publishing customers see %+v", published)
		}
		versions, _ := st.Versions(ctx, "ta-noise-notification")
		if len(versions) != 2 || versions[0].AuthorName != "Siiri Sisältö" || versions[0].Note != "lead time in the guidance" || versions[1].State != catalog.VersionSuperseded {
			t.Errorf("history: %+v", versions)
		}
		diff := catalog.Diff(versions[1].Texts, versions[0].Texts)
		if len(diff) != 2 || diff[0].Field != "summary" || diff[1].Field != "guidance" {
			t.Errorf("diff: %+v", diff)
		}
		entries, _ := audit.List(ctx, d, audit.Filter{ActorID: "siiri", Action: "content."})
		if len(entries) != 3 {
			t.Errorf("%d content entries audited, want draft, submit and publish", len(entries))
		}
	})
}

func TestSummaryCountsDeadlinesBackFromTheStart(t *testing.T) {
	start := time.Date(2026, 6, 19, 0, 0, 0, 0, time.UTC) // Midsummer Eve, a Friday
	services := []catalog.Service{
		{ID: "noise", Bundles: []string{"Ta"}, AuthorityType: "municipality", LeadTime: catalog.LeadTime{Days: 30}},
		{ID: "food", Bundles: []string{"Ta"}, AuthorityType: "municipality", LeadTime: catalog.LeadTime{Days: 4, WorkingDays: true}},
		{ID: "police", Bundles: []string{"Ta"}, AuthorityType: "police_department", LeadTime: catalog.LeadTime{Days: 5}},
		{ID: "laser", Bundles: []string{"Ta"}, AuthorityType: "national_agency", NationalAgency: "stuk"},
		{ID: "mine", Bundles: []string{"K"}, AuthorityType: "national_agency", NationalAgency: "tukes"},
	}
	providers := []catalog.Provider{
		{ID: "hki", Name: "Helsingin kaupunki", AuthorityType: "municipality", Municipalities: []string{"091"}},
		{ID: "tre", Name: "Tampereen kaupunki", AuthorityType: "municipality", Municipalities: []string{"837"}},
		{ID: "stuk", Name: "STUK", AuthorityType: "national_agency", Code: "stuk"},
	}
	items := catalog.Summarise(services, "Ta", "837", start, providers, workdays.New())
	got := map[string]catalog.SummaryItem{}
	var order []string
	for _, it := range items {
		got[it.Service.ID] = it
		order = append(order, it.Service.ID)
	}
	if strings.Join(order, ",") != "noise,police,food,laser" {
		t.Errorf("order %v, want the earliest deadline first and no lead time last", order)
	}
	if d := got["noise"].Deadline; !d.Equal(time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("noise notification by %v, want 20 May", d)
	}
	if d := got["food"].Deadline; d.Format("2006-01-02") != "2026-06-15" {
		t.Errorf("food sales notice by %v, want Monday 15 June (four working days before Midsummer Eve)", d)
	}
	if h := got["noise"].Handler; h.ID != "tre" {
		t.Errorf("noise notification in Tampere handled by %q", h.ID)
	}
	if got["police"].Handled {
		t.Error("a police department was found where none serves")
	}
	if h := got["laser"].Handler; h.ID != "stuk" {
		t.Errorf("laser show handled by %q, want the national agency", h.ID)
	}
}

func TestADiscardedDraftLeavesThePublishedTextsToEdit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seedService(t, d)
		c := catalog.NewContent(catalog.NewStore(d), clock.NewSettable(t0))
		editor := access.Principal{PersonID: "siiri", Name: "Siiri", Grants: []access.Grant{{OrganisationID: "hki", Role: access.ContentEditor}}}
		if _, err := c.SaveDraft(ctx, editor, req, "ta-noise-notification", catalog.Texts{"fi": {Name: "HYLÄTTY"}}, ""); err != nil {
			t.Fatal(err)
		}
		if err := c.Discard(ctx, editor, req, "ta-noise-notification"); err != nil {
			t.Fatal(err)
		}
		v, open, err := c.Draft(ctx, editor, "ta-noise-notification")
		if err != nil || open || v.Texts["fi"].Name != "Meluilmoitus" {
			t.Errorf("after discarding: %+v open=%v %v; want the published texts, no open draft", v.Texts["fi"], open, err)
		}
		entries, _ := audit.List(ctx, d, audit.Filter{ActingFor: "hki", Action: "content."})
		if len(entries) != 2 {
			t.Errorf("%d content entries recorded for the owning organisation, want 2", len(entries))
		}
	})
}

func TestEditorsCannotStoreTextsOverTheLimitsOrInOtherLanguages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seedService(t, d)
		c := catalog.NewContent(catalog.NewStore(d), clock.NewSettable(t0))
		editor := access.Principal{PersonID: "siiri", Name: "Siiri", Grants: []access.Grant{{OrganisationID: "hki", Role: access.ContentEditor}}}
		tests := map[string]catalog.Texts{
			"summary_fi": {"fi": {Name: "Meluilmoitus", Summary: strings.Repeat("x", 1001)}},
			"lang":       {"fi": {Name: "Meluilmoitus"}, "de": {Name: "Lärmanzeige"}},
		}
		for field, texts := range tests {
			_, err := c.SaveDraft(ctx, editor, req, "ta-noise-notification", texts, "")
			if e, ok := errs.As(err); !ok || e.Fields[field] == "" {
				t.Errorf("field %s: %v, want it named", field, err)
			}
		}
	})
}
