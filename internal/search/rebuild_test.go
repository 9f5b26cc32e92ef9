package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestRebuildSwapsInANewIndexWhileSearchesGoOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := Path(t.TempDir())
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { ix.Close() }()
	if !ix.NeedsRebuild() {
		t.Error("a new index does not ask for a rebuild")
	}
	if err := ix.Put(ctx, service("gone", "Poistunut palvelu")...); err != nil {
		t.Fatal(err)
	}

	src := newFakeSource("service")
	for i := range 10 {
		id := fmt.Sprintf("s%d", i)
		src.set(id, service(id, "Palvelu "+id)...)
	}
	src.block, src.asked = make(chan struct{}), make(chan struct{})
	type outcome struct {
		n   int
		err error
	}
	done := make(chan outcome)
	go func() {
		n, err := ix.Rebuild(ctx, src)
		done <- outcome{n, err}
	}()

	<-src.asked // the rebuild is half way
	found := func(text string) []string {
		t.Helper()
		res, err := ix.Search(ctx, Query{Text: text, Lang: "fi", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return ids(res)
	}
	if got := found("poistunut"); fmt.Sprint(got) != "[gone]" {
		t.Errorf("during the rebuild: found %v, want the current index's [gone]", got)
	}
	// The outbox goes on writing during the rebuild.
	if err := ix.Put(ctx, service("live", "Uusi palvelu")...); err != nil {
		t.Fatal(err)
	}
	close(src.block)
	res := <-done
	if res.err != nil || res.n != 20 {
		t.Fatalf("rebuild indexed %d (err %v), want 20", res.n, res.err)
	}

	check := func(when string) {
		t.Helper()
		if got := found("poistunut"); len(got) != 0 {
			t.Errorf("%s: found %v; a document missing from the sources must go", when, got)
		}
		if got := found("palvelu"); len(got) != 11 || !slices.Contains(got, "live") || !slices.Contains(got, "s7") {
			t.Errorf("%s: found %v, want s0…s9 and live, written during the rebuild", when, got)
		}
		if ix.NeedsRebuild() {
			t.Errorf("%s: still asks for a rebuild", when)
		}
	}
	check("after the rebuild")
	for _, leftover := range []string{path + ".old", path + ".rebuild"} {
		if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left behind (stat: %v)", filepath.Base(leftover), err)
		}
	}

	if _, err := Open(path); !errors.Is(err, ErrInUse) {
		t.Errorf("opening an index in use: error %v, want ErrInUse", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if ix, err = Open(path); err != nil {
		t.Fatal(err)
	}
	check("after reopening")
}

func TestOpenRecoversFromARebuildThatDiedMidSwap(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := Path(t.TempDir())
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(ctx, service("kept", "Säilynyt palvelu")...); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if err := os.Rename(path, path+".old"); err != nil {
		t.Fatal(err)
	}
	if ix, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(ctx, Query{Text: "säilynyt"})
	if err != nil || fmt.Sprint(ids(res)) != "[kept]" || ix.NeedsRebuild() {
		t.Errorf("found %v (err %v, needs rebuild %v), want the previous index back", ids(res), err, ix.NeedsRebuild())
	}
}

func TestRebuildInMemoryKeepsTheOldIndexWhenASourceFails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ix := catalogueIndex(t)
	if _, err := ix.Rebuild(ctx, failingSource{}); !errors.Is(err, errDatabaseDown) {
		t.Fatalf("error %v, want the source's", err)
	}
	if n, err := ix.Count(); err != nil || n != 3*len(catalogue) {
		t.Errorf("count %d (err %v), want the catalogue untouched", n, err)
	}
	src := newFakeSource("service")
	src.set("only", service("only", "Ainoa palvelu")...)
	if n, err := ix.Rebuild(ctx, src); err != nil || n != 2 {
		t.Fatalf("rebuild indexed %d (err %v), want 2", n, err)
	}
	if n, err := ix.Count(); err != nil || n != 2 {
		t.Errorf("count %d (err %v), want 2", n, err)
	}
}

func TestRebuildOnDiskFromNothingLeavesAnEmptyIndex(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ix, err := Open(Path(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(ctx, service("gone", "Poistunut palvelu")...); err != nil {
		t.Fatal(err)
	}
	if n, err := ix.Rebuild(ctx, newFakeSource("service")); err != nil || n != 0 {
		t.Fatalf("rebuild indexed %d (err %v), want 0", n, err)
	}
	if n, err := ix.Count(); err != nil || n != 0 {
		t.Errorf("count %d (err %v), want 0", n, err)
	}
}
