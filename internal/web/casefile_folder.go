package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/luva-fi/luva/internal/auth"
	"github.com/luva-fi/luva/internal/cases"
)

// casefilePageSize is how many cases one page of the folder lists.
const casefilePageSize = 20

// casefileGroups are the folder's tabs, in order; "" is all.
var casefileGroups = []string{cases.GroupAll, cases.GroupDrafts, cases.GroupOngoing, cases.GroupDecided}

// casefileSorts are the orders the folder offers; the first is the default.
var casefileSorts = []string{"updated", "created", "title"}

// casefileFolder is what the transaction folder shows.
type casefileFolder struct {
	Group, Query, Sort string
	Tabs               []casefileTab
	Sorts              []string
	Rows               []casefileRow
	Total              int
	From, To           int
	Pages              []casefilePageLink
	PrevURL, NextURL   string
	Deadlines          []casefileObligation
	// Filtered says a search or tab narrowed the list, so that an empty one
	// says so rather than inviting the customer to apply for something.
	Filtered bool
}

// casefileTab is one tab of the folder.
type casefileTab struct {
	Group   string
	Href    string
	Current bool
}

// casefileRow is a case in the folder with its completion deadline as a date.
type casefileRow struct {
	cases.FolderEntry
	DeadlineDate time.Time
}

// casefilePageLink is one numbered link of a paged list.
type casefilePageLink struct {
	N       int
	Href    string
	Current bool
}

// casefileFolderURL is the folder's address with the filters, leaving defaults out.
func casefileFolderURL(lang, group, q, sort string, page int) string {
	v := url.Values{}
	if group != "" {
		v.Set("group", group)
	}
	if q != "" {
		v.Set("q", q)
	}
	if sort != "" && sort != casefileSorts[0] {
		v.Set("sort", sort)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	u := "/" + lang + "/folder"
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	return u
}

// casefileFolderPage lists the cases of the party the person acts for, a page at a time,
// with the obligations coming up.
func (h *Handler) casefileFolderPage(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := auth.PrincipalFrom(ctx)
	q := r.URL.Query()
	d := casefileFolder{Group: q.Get("group"), Query: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort"), Sorts: casefileSorts}
	if !slices.Contains(casefileGroups, d.Group) {
		d.Group = cases.GroupAll
	}
	if !slices.Contains(casefileSorts, d.Sort) {
		d.Sort = casefileSorts[0]
	}
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	f := cases.FolderFilter{Group: d.Group, Query: d.Query, Sort: d.Sort, Limit: casefilePageSize, Offset: (page - 1) * casefilePageSize}
	entries, total, err := h.Cases.Folder(ctx, p, f)
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	if len(entries) == 0 && total > 0 {
		// A page past the end (an old link, a hand-typed number): show the last.
		page = (total + casefilePageSize - 1) / casefilePageSize
		f.Offset = (page - 1) * casefilePageSize
		if entries, total, err = h.Cases.Folder(ctx, p, f); err != nil {
			h.Error(w, r, lang, err)
			return
		}
	}
	for _, e := range entries {
		d.Rows = append(d.Rows, casefileRow{FolderEntry: e, DeadlineDate: casefileDay(e.Deadline)})
	}
	d.Total, d.Filtered = total, d.Group != cases.GroupAll || d.Query != ""
	for _, g := range casefileGroups {
		d.Tabs = append(d.Tabs, casefileTab{Group: g, Href: casefileFolderURL(lang, g, d.Query, d.Sort, 1), Current: g == d.Group})
	}
	d.paginate(lang, page, len(entries))
	obligations, err := h.Cases.Deadlines(ctx, p, h.casefileNow())
	if err != nil {
		h.Error(w, r, lang, err)
		return
	}
	d.Deadlines = casefileObligations(obligations)
	h.page(w, r, "folder", Page{Lang: lang, Title: h.catalog.T(lang, "casefile.folder.title"), Nav: "folder", Data: d,
		Form: map[string]string{"q": d.Query, "sort": d.Sort}})
}

// paginate fills in the page links around page, which shows n rows.
func (d *casefileFolder) paginate(lang string, page, n int) {
	if n == 0 {
		return
	}
	d.From, d.To = (page-1)*casefilePageSize+1, (page-1)*casefilePageSize+n
	pages := (d.Total + casefilePageSize - 1) / casefilePageSize
	if pages <= 1 {
		return
	}
	// Links to the first and last page and to the pages near this one keep
	// the bar short however long the folder grows.
	for i := 1; i <= pages; i++ {
		if i == 1 || i == pages || (i >= page-2 && i <= page+2) {
			d.Pages = append(d.Pages, casefilePageLink{N: i, Href: casefileFolderURL(lang, d.Group, d.Query, d.Sort, i), Current: i == page})
		}
	}
	if page > 1 {
		d.PrevURL = casefileFolderURL(lang, d.Group, d.Query, d.Sort, page-1)
	}
	if page < pages {
		d.NextURL = casefileFolderURL(lang, d.Group, d.Query, d.Sort, page+1)
	}
}

// Gap reports whether pages were skipped before the link at i, for an
// ellipsis.
func (d casefileFolder) Gap(i int) bool { return i > 0 && d.Pages[i].N > d.Pages[i-1].N+1 }
