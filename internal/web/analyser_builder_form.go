package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/i18n"
)

// The builder is one form without JavaScript: every area, question and rule
// is a fieldset of numbered fields (area0_id, question2_options, rule5_expr),
// each list ends in an empty fieldset that adds one more, and a ticked
// "remove" leaves its fieldset out. The field names are the ones
// analyser.Problem.Field gives, so that a problem shows next to its field.

// parseBuilder reads the posted builder into a questionnaire based on cur.
func parseBuilder(form url.Values, cur analyser.Questionnaire) analyser.Questionnaire {
	get := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	texts := func(prefix string) analyser.Texts {
		t := analyser.Texts{}
		for _, lang := range i18n.Langs() {
			if v := get(prefix + "_" + lang); v != "" {
				t[lang] = v
			}
		}
		return t
	}
	count := func(name string) int {
		n, _ := strconv.Atoi(form.Get(name))
		return max(0, min(n, 500))
	}
	q := cur
	q.Titles, q.Intros = texts("title"), texts("intro")
	q.Areas, q.Questions, q.Rules = nil, nil, nil
	for i := range count("area_count") {
		p := fmt.Sprintf("area%d", i)
		a := analyser.Area{ID: get(p + "_id"), Titles: texts(p + "_title")}
		if form.Get(p+"_remove") == "on" || (a.ID == "" && len(a.Titles) == 0) {
			continue
		}
		if a.ID == "" {
			a.ID = freeID("area", len(q.Areas)+1, func(id string) bool {
				return slices.ContainsFunc(q.Areas, func(x analyser.Area) bool { return x.ID == id })
			})
		}
		q.Areas = append(q.Areas, a)
	}
	for i := range count("question_count") {
		p := fmt.Sprintf("question%d", i)
		x := analyser.Question{ID: get(p + "_id"), Area: get(p + "_area"), Type: get(p + "_type"), Required: form.Get(p+"_required") == "on",
			Labels: texts(p + "_label"), Helps: texts(p + "_help"), Options: parseOptions(form.Get(p + "_options"))}
		if form.Get(p+"_remove") == "on" || (x.ID == "" && len(x.Labels) == 0 && len(x.Options) == 0) {
			continue
		}
		q.Questions = append(q.Questions, x)
	}
	for i := range count("rule_count") {
		p := fmt.Sprintf("rule%d", i)
		r := analyser.Rule{ID: get(p + "_id"), Expr: strings.TrimSpace(strings.ReplaceAll(form.Get(p+"_expr"), "\r\n", "\n")),
			Service: get(p + "_service"), Certainty: get(p + "_certainty"), Reasons: texts(p + "_reason")}
		if form.Get(p+"_remove") == "on" || (r.ID == "" && r.Expr == "" && r.Service == "" && len(r.Reasons) == 0) {
			continue
		}
		if r.ID == "" {
			r.ID = freeID("rule", len(q.Rules)+1, func(id string) bool {
				return slices.ContainsFunc(q.Rules, func(x analyser.Rule) bool { return x.ID == id })
			})
		}
		q.Rules = append(q.Rules, r)
	}
	return q
}

// freeID returns prefix followed by the first number from n that is not taken.
func freeID(prefix string, n int, taken func(string) bool) string {
	for ; ; n++ {
		if id := prefix + strconv.Itoa(n); !taken(id) {
			return id
		}
	}
}

// parseOptions reads options written one a line as
// "value | Finnish label | Swedish label | English label".
func parseOptions(text string) []analyser.Option {
	var out []analyser.Option
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, "|")
		o := analyser.Option{Value: strings.TrimSpace(parts[0]), Labels: analyser.Texts{}}
		for i, lang := range i18n.Langs() {
			if i+1 < len(parts) {
				if v := strings.TrimSpace(parts[i+1]); v != "" {
					o.Labels[lang] = v
				}
			}
		}
		out = append(out, o)
	}
	return out
}

// formatOptions writes options the way parseOptions reads them.
func formatOptions(opts []analyser.Option) string {
	var b strings.Builder
	for _, o := range opts {
		b.WriteString(o.Value)
		for _, lang := range i18n.Langs() {
			b.WriteString(" | " + o.Labels[lang])
		}
		b.WriteString("\n")
	}
	return b.String()
}
