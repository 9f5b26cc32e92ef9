package web

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
)

// markdown renders guidance written by editors: Markdown to HTML, then through
// a sanitiser that keeps only text formatting, lists, tables and links, so
// that no script or style can ride in on content. A top-level heading becomes a
// second-level one, because the page's own h1 is the service's name.
type markdown struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

func newMarkdown() *markdown {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("href").OnElements("a")
	p.RequireNoFollowOnLinks(true)
	return &markdown{md: goldmark.New(), policy: p}
}

func (m *markdown) render(src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := m.md.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	out := strings.NewReplacer("<h1", "<h2", "</h1>", "</h2>").Replace(buf.String())
	return template.HTML(m.policy.Sanitize(out)), nil // sanitised just above
}
