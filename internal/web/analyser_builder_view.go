package web

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/luva-fi/luva/internal/analyser"
	"github.com/luva-fi/luva/internal/catalog"
	"github.com/luva-fi/luva/internal/i18n"
)

// builderField is one field of the builder, ready to show.
type builderField struct {
	Name    string // the form name and the element id
	Label   string
	Hint    string
	Kind    string // "text", "textarea", "code", "select" or "checkbox"
	Value   string
	Checked bool
	Lang    string // the language of a translated text
	Options []builderOption
	Problem *analyser.Problem
}

type builderOption struct {
	Value, Label string
}

// builderGroup is a fieldset of the builder.
// Groups of areas, questions and rules fold into a <details> element, open
// when one of their fields has a problem, so that the builder stays short.
type builderGroup struct {
	Legend      string
	Fields      []builderField
	Collapsible bool
	Open        bool
}

// builderSection is a part of the builder: basics, areas, questions, rules.
type builderSection struct {
	ID, Title, Intro string
	Groups           []builderGroup
	Count            int // the number of fieldsets, for the *_count field
	CountName        string
}

// builderView lays the questionnaire out as the builder form in lang, with
// each problem next to its field.
type builderView struct {
	lang     string
	t        func(key string, pairs ...any) string
	problems map[string]analyser.Problem
}

func (v builderView) field(name, labelKey, kind, value string) builderField {
	f := builderField{Name: name, Label: v.t(labelKey), Kind: kind, Value: value}
	if p, ok := v.problems[name]; ok {
		f.Problem = &p
	}
	return f
}

// translated adds one field per language for the texts.
func (v builderView) translated(prefix, labelKey, kind string, texts analyser.Texts) []builderField {
	var out []builderField
	for _, lang := range i18n.Langs() {
		f := v.field(prefix+"_"+lang, labelKey, kind, texts[lang])
		f.Label += " (" + v.t("analyser.lang."+lang) + ")"
		f.Lang = lang
		out = append(out, f)
	}
	return out
}

func (v builderView) sections(q analyser.Questionnaire, services []catalog.Service) []builderSection {
	basics := builderSection{ID: "basics", Title: v.t("analyser.builder.basics")}
	basics.Groups = []builderGroup{{Legend: v.t("analyser.builder.basics"),
		Fields: append(v.translated("title", "analyser.builder.title_field", "text", q.Titles), v.translated("intro", "analyser.builder.intro_field", "textarea", q.Intros)...)}}

	areas := builderSection{ID: "areas", Title: v.t("analyser.builder.areas"), Intro: v.t("analyser.builder.areas_intro"), CountName: "area_count"}
	var areaOptions []builderOption
	for i, a := range append(q.Areas, analyser.Area{}) {
		p := "area" + strconv.Itoa(i)
		g := builderGroup{Legend: v.t("analyser.builder.area_n", "n", i+1) + legendName(a.Titles.In(v.lang))}
		if a.ID == "" && len(a.Titles) == 0 {
			g.Legend = v.t("analyser.builder.area_new")
		} else {
			areaOptions = append(areaOptions, builderOption{Value: a.ID, Label: a.Titles.In(v.lang)})
		}
		g.Fields = append(g.Fields, v.field(p+"_id", "analyser.builder.id", "text", a.ID))
		g.Fields = append(g.Fields, v.translated(p+"_title", "analyser.builder.title_field", "text", a.Titles)...)
		g.Fields = append(g.Fields, v.remove(p, a.ID != ""))
		areas.Groups = append(areas.Groups, g)
	}
	areas.Count = len(areas.Groups)

	questions := builderSection{ID: "questions", Title: v.t("analyser.builder.questions"), Intro: v.t("analyser.builder.questions_intro"), CountName: "question_count"}
	var typeOptions []builderOption
	for _, typ := range analyser.QuestionTypes() {
		typeOptions = append(typeOptions, builderOption{Value: typ, Label: v.t("analyser.type." + typ)})
	}
	for i, x := range append(q.Questions, analyser.Question{}) {
		p := "question" + strconv.Itoa(i)
		g := builderGroup{Legend: v.t("analyser.builder.question_n", "n", i+1) + legendName(x.ID)}
		if x.ID == "" && len(x.Labels) == 0 {
			g.Legend = v.t("analyser.builder.question_new")
		}
		id := v.field(p+"_id", "analyser.builder.question_id", "text", x.ID)
		id.Hint = v.t("analyser.builder.question_id_hint")
		area := v.field(p+"_area", "analyser.builder.area", "select", x.Area)
		area.Options = withCurrent(areaOptions, x.Area)
		typ := v.field(p+"_type", "analyser.builder.type", "select", x.Type)
		typ.Options = withCurrent(typeOptions, x.Type)
		required := v.field(p+"_required", "analyser.builder.required", "checkbox", "")
		required.Checked = x.Required
		options := v.field(p+"_options", "analyser.builder.options", "code", formatOptions(x.Options))
		options.Hint = v.t("analyser.builder.options_hint")
		g.Fields = append(g.Fields, id, area, typ, required)
		g.Fields = append(g.Fields, v.translated(p+"_label", "analyser.builder.label", "text", x.Labels)...)
		g.Fields = append(g.Fields, v.translated(p+"_help", "analyser.builder.help", "text", x.Helps)...)
		g.Fields = append(g.Fields, options, v.remove(p, x.ID != ""))
		questions.Groups = append(questions.Groups, g)
	}
	questions.Count = len(questions.Groups)

	rules := builderSection{ID: "rules", Title: v.t("analyser.builder.rules"), Intro: v.t("analyser.builder.rules_intro"), CountName: "rule_count"}
	serviceOptions := []builderOption{{Value: "", Label: v.t("analyser.builder.choose_service")}}
	for _, s := range services {
		serviceOptions = append(serviceOptions, builderOption{Value: s.ID, Label: s.Name(v.lang) + " (" + s.ID + ")"})
	}
	certaintyOptions := []builderOption{{Value: analyser.Certain, Label: v.t("analyser.certainty.certain")}, {Value: analyser.Possible, Label: v.t("analyser.certainty.possible")}}
	for i, r := range append(q.Rules, analyser.Rule{}) {
		p := "rule" + strconv.Itoa(i)
		g := builderGroup{Legend: v.t("analyser.builder.rule_n", "n", i+1) + legendName(r.ID)}
		if r.ID == "" && r.Expr == "" {
			g.Legend = v.t("analyser.builder.rule_new")
		}
		service := v.field(p+"_service", "analyser.builder.service", "select", r.Service)
		service.Options = withCurrent(serviceOptions, r.Service)
		certainty := v.field(p+"_certainty", "analyser.builder.certainty", "select", r.Certainty)
		certainty.Options = withCurrent(certaintyOptions, r.Certainty)
		expr := v.field(p+"_expr", "analyser.builder.expr", "code", r.Expr)
		expr.Hint = v.t("analyser.builder.expr_hint")
		g.Fields = append(g.Fields, v.field(p+"_id", "analyser.builder.id", "text", r.ID), expr, service, certainty)
		g.Fields = append(g.Fields, v.translated(p+"_reason", "analyser.builder.reason", "textarea", r.Reasons)...)
		g.Fields = append(g.Fields, v.remove(p, r.ID != ""))
		rules.Groups = append(rules.Groups, g)
	}
	rules.Count = len(rules.Groups)
	for _, sec := range []*builderSection{&areas, &questions, &rules} {
		for i := range sec.Groups {
			g := &sec.Groups[i]
			g.Collapsible = true
			g.Open = slices.ContainsFunc(g.Fields, func(f builderField) bool { return f.Problem != nil })
		}
	}
	return []builderSection{basics, areas, questions, rules}
}

// remove is the "remove" checkbox of an existing fieldset; new ones have none.
func (v builderView) remove(prefix string, exists bool) builderField {
	if !exists {
		return builderField{}
	}
	return builderField{Name: prefix + "_remove", Label: v.t("analyser.builder.remove"), Kind: "checkbox"}
}

func legendName(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}

// withCurrent keeps a value that is not among the options selectable, so
// that a form never loses what was stored.
func withCurrent(opts []builderOption, cur string) []builderOption {
	for _, o := range opts {
		if o.Value == cur {
			return opts
		}
	}
	return append(append([]builderOption{}, opts...), builderOption{Value: cur, Label: fmt.Sprintf("%s (?)", cur)})
}
