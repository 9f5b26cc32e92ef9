package search

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkSearch measures search latency over an index holding the
// catalogue and LUVA_BENCH_CASES synthetic case documents (default 20,000),
// built the way luva builds it, with Rebuild into a directory on disk. It
// reports indexing speed and the 50th and 99th percentile of a fixed mix of
// queries, anonymous and signed in. See docs/BENCHMARKS.md.
//
//	LUVA_BENCH_CASES=1000000 go test -run '^$' -bench BenchmarkSearch -benchtime 2000x ./internal/search
func BenchmarkSearch(b *testing.B) {
	n := 20000
	if v := os.Getenv("LUVA_BENCH_CASES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 0 {
			b.Fatalf("LUVA_BENCH_CASES=%q: want a number of case documents", v)
		}
	}
	ctx := context.Background()
	dir := b.TempDir()
	ix, err := Open(Path(dir))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	src := benchSource{cases: n}
	start := time.Now()
	indexed, err := ix.Rebuild(ctx, src)
	if err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	rate := float64(indexed) / took.Seconds()
	size := dirSize(b, Path(dir))
	fmt.Printf("indexed %d documents (%d case documents) in %s: %.0f docs/s, %.0f MiB on disk\n",
		indexed, n, took.Round(time.Second), rate, float64(size)/(1<<20))

	queries := benchQueries(src.owners())
	var lat []time.Duration
	i := 0
	for b.Loop() {
		q := queries[i%len(queries)]
		i++
		t := time.Now()
		if _, err := ix.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
	}
	slices.Sort(lat)
	p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))] }
	b.ReportMetric(float64(p(0.50).Microseconds()), "p50-µs")
	b.ReportMetric(float64(p(0.99).Microseconds()), "p99-µs")
	b.ReportMetric(rate, "index-docs/s")
	fmt.Printf("%d searches: p50 %s, p99 %s, max %s\n", len(lat), p(0.50), p(0.99), lat[len(lat)-1])
}

// benchQueries is a fixed mix of what people type: service names in their
// forms, parts of compounds, typos, addresses and case numbers, with and
// without filters, by anonymous and by signed-in users.
func benchQueries(owners int) []Query {
	var qs []Query
	texts := []struct{ lang, text string }{
		{"fi", "meluilmoitus"}, {"fi", "melu"}, {"fi", "rakennusluvan"}, {"fi", "meluilmoitsu"},
		{"fi", "koiran rekisteröinti"}, {"fi", "jätevesi"}, {"fi", "ympäristölupa helsinki"},
		{"fi", "mannerheimintie"}, {"fi", "LUVA-2026-000042"}, {"fi", ""},
		{"fi", "miten haen lupaa ilotulitukseen uudenvuoden aattona"},
		{"sv", "bygglov"}, {"sv", "bulleranmälan"}, {"sv", "fyrverkerier"},
		{"en", "fireworks"}, {"en", "building permit"}, {"en", "noise"}, {"en", "demolitoin"},
	}
	for i, t := range texts {
		q := Query{Text: t.text, Lang: t.lang}
		if i%3 == 2 {
			q.Municipality = "091"
		}
		qs = append(qs, q)
		signedIn := q
		signedIn.Viewer = []string{"person-" + strconv.Itoa(i*7919%max(owners, 1))}
		qs = append(qs, signedIn)
	}
	return qs
}

// benchSource yields the catalogue and synthetic cases, each in three
// languages as a case Source should, owned by one person each; every fourth
// person also shares a case with an organisation.
type benchSource struct{ cases int }

func (s benchSource) owners() int { return max(s.cases/3/4, 1) }

func (benchSource) AggregateTypes() []string { return []string{"service", "guidance", "case"} }

func (benchSource) Documents(context.Context, string, string) ([]Document, error) { return nil, nil }

var streets = []string{"Mannerheimintie", "Hämeentie", "Aleksanterinkatu", "Tikkurilantie", "Leppävaarankatu", "Storgatan", "Kirkkokatu", "Rantatie", "Koulukatu", "Asematie"}

func (s benchSource) All(ctx context.Context, yield func(Document) error) error {
	for _, d := range documents() {
		if err := yield(d); err != nil {
			return err
		}
	}
	owners := s.owners()
	for c := 0; c*3 < s.cases; c++ {
		e := catalogue[c%10] // services only
		street := streets[c%len(streets)]
		number := fmt.Sprintf("LUVA-2026-%06d", c)
		owner := []string{"person-" + strconv.Itoa(c%owners)}
		if c%4 == 0 {
			owner = append(owner, "org-"+strconv.Itoa(c%(owners/10+1)))
		}
		for l, lang := range languages[:min(3, s.cases-c*3)] {
			err := yield(Document{
				Type: "case", ID: number, Lang: lang,
				Title:   fmt.Sprintf("%s, %s %d", e.t[l][0], street, c%200+1),
				Body:    fmt.Sprintf("%s %s. %s %d, %s.", number, e.t[l][1], street, c%200+1, strings.Join(e.municipalities, ", ")),
				URL:     "/" + lang + "/cases/" + number,
				Bundles: []string{e.bundle}, Authority: e.authority, Municipalities: e.municipalities,
				Owners:  owner,
				Updated: t0.Add(-time.Duration(c) * time.Minute),
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func dirSize(tb testing.TB, dir string) int64 {
	var size int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			size += info.Size()
		}
		return err
	})
	if err != nil {
		tb.Logf("size of %s: %v", dir, err)
	}
	return size
}
