package catalog

import (
	"context"
	"regexp"
	"slices"

	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/i18n"
	"github.com/luva-fi/luva/internal/search"
)

// SearchSource makes the search index's documents of published services: one
// per language, with the municipalities where an authority in luva handles
// the service.
type SearchSource struct {
	Store *Store
}

// AggregateTypes says which outbox events concern the catalogue.
func (SearchSource) AggregateTypes() []string { return []string{"service"} }

// Documents returns the current documents of one service; none when it is not
// published.
func (s SearchSource) Documents(ctx context.Context, _, id string) ([]search.Document, error) {
	svc, err := s.Store.Service(ctx, id)
	if errs.KindOf(err) == errs.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	providers, err := s.Store.Providers(ctx)
	if err != nil {
		return nil, err
	}
	return serviceDocuments(svc, providers), nil
}

// All yields the documents of every published service.
func (s SearchSource) All(ctx context.Context, yield func(search.Document) error) error {
	all, err := s.Store.Published(ctx)
	if err != nil {
		return err
	}
	providers, err := s.Store.Providers(ctx)
	if err != nil {
		return err
	}
	for _, svc := range all {
		for _, d := range serviceDocuments(svc, providers) {
			if err := yield(d); err != nil {
				return err
			}
		}
	}
	return nil
}

func serviceDocuments(svc Service, providers []Provider) []search.Document {
	authority := svc.AuthorityType
	var municipalities []string
	if svc.NationalAgency != "" {
		authority = svc.NationalAgency
	} else {
		for _, p := range providers {
			if p.AuthorityType == svc.AuthorityType {
				municipalities = append(municipalities, p.Municipalities...)
			}
		}
		slices.Sort(municipalities)
		municipalities = slices.Compact(municipalities)
		if len(municipalities) == 0 {
			// Nobody in luva handles it yet: findable, but in no municipality.
			municipalities = []string{"none"}
		}
	}
	var out []search.Document
	for _, lang := range i18n.Langs() {
		t, ok := svc.Texts[lang]
		if !ok || t.Name == "" {
			continue
		}
		out = append(out, search.Document{Type: "service", ID: svc.ID, Lang: lang, Title: t.Name, Body: t.Summary + "\n\n" + plainText(t.Guidance),
			URL: "/" + lang + "/services/" + svc.ID, Bundles: svc.Bundles, Authority: authority, Municipalities: municipalities, Updated: svc.UpdatedAt})
	}
	return out
}

var (
	markdownLink   = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	markdownMarkup = regexp.MustCompile("(?m)^#{1,6}[ \\t]*|^[ \\t]*[-*+][ \\t]+|[*_`>]")
)

// plainText strips Markdown markup from guidance, so that search snippets
// read as text: links keep their words, headings and emphasis lose their marks.
func plainText(md string) string {
	return markdownMarkup.ReplaceAllString(markdownLink.ReplaceAllString(md, "$1"), "")
}
