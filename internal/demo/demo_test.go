package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/db"
	"github.com/luva-fi/luva/internal/db/dbtest"
	"github.com/luva-fi/luva/internal/demo"
	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/i18n"
)

func TestDemoLoadsOnceInEveryLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
		res, err := demo.Load(ctx, d, now)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Loaded || res.Bundles != 5 {
			t.Fatalf("first load: %+v, want 5 bundles loaded", res)
		}
		again, err := demo.Load(ctx, d, now)
		if err != nil {
			t.Fatal(err)
		}
		if again.Loaded {
			t.Errorf("second load changed something: %+v", again)
		}
		store := catalog.NewStore(d)
		for _, lang := range i18n.Langs() {
			bs, err := store.Bundles(ctx, lang)
			if err != nil {
				t.Fatal(err)
			}
			if len(bs) != 5 || bs[0].Code != "Ta" {
				t.Fatalf("%s: %d bundles starting with %+v; want 5 starting with Ta", lang, len(bs), bs)
			}
			for _, b := range bs {
				if b.Name == "" || b.Summary == "" {
					t.Errorf("%s bundle %s lacks a text", lang, b.Code)
				}
			}
		}
		if _, err := store.Bundle(ctx, "X", "fi"); errs.KindOf(err) != errs.NotFound {
			t.Errorf("unknown bundle: %v, want not found", err)
		}
	})
}
