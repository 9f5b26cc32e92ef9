package forms

// SummaryError is one entry of the error summary at the top of a page: the
// input to link to, the field's label, and for a cell of a group or table
// the row number and column label; for a part of a field (a date range's
// "to") PartKey names the part. Key is the message key, Text a rule's
// message, Limit the {limit} of the message.
type SummaryError struct {
	Field   string
	Label   string
	Row     int
	Column  string
	PartKey string
	Key     string
	Text    string
	Limit   string
}

// ErrorSummary lists the errors for the summary at the top of the page, in
// the order of the fields.
func (c *Compiled) ErrorSummary(errs Errors, lang string) []SummaryError {
	var out []SummaryError
	for _, e := range errs {
		s := SummaryError{Field: e.Field, Key: "form.error." + e.Code, Limit: localNumber(e.Limit, lang)}
		if e.Code == CodeRule {
			s.Text = e.Message.In(lang)
		}
		id, rest := cutName(e.Field)
		fi := c.byID[id]
		if fi == nil {
			s.Label = e.Field
			out = append(out, s)
			continue
		}
		s.Label = fi.Label.In(lang)
		if fi.hasRows() && rest != "" {
			k, col := cutName(rest)
			col, part := cutName(col)
			if ci := c.byID[col]; ci != nil {
				s.Column = ci.Label.In(lang)
			}
			s.Row = atoiOr(k, -1) + 1
			rest = part
		}
		if rest != "" {
			s.PartKey = partKey(rest)
		}
		out = append(out, s)
	}
	return out
}

// partKey is the message key of a part's label: "form.part.postcode".
func partKey(part string) string { return "form.part." + part }
