package api

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/luva-fi/luva/internal/errs"
	"github.com/luva-fi/luva/internal/i18n"
)

// ErrorBody is the one error format of the API.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong: a stable code, a message in the caller's
// language and, for invalid input, what is wrong with which field.
type ErrorDetail struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Fields  []FieldError `json:"fields,omitempty"`
}

// FieldError is the problem with one input field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// writeError answers with err's kind as status and code. Internal errors are
// logged and their detail is never shown.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	kind := errs.KindOf(err)
	lang := messageLang(r)
	detail := ErrorDetail{Code: kind.String(), Message: a.catalog.T(lang, "api.error."+kind.String())}
	if e, ok := errs.As(err); ok && kind != errs.Internal {
		for _, f := range slices.Sorted(maps.Keys(e.Fields)) {
			detail.Fields = append(detail.Fields, FieldError{Field: f, Message: e.Fields[f]})
		}
	}
	status := errs.HTTPStatus(kind)
	if status >= 500 {
		a.log.ErrorContext(r.Context(), "api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, status, ErrorBody{Error: detail})
}

// notFound answers requests that no API route took: 405 with the allowed
// methods when the path exists, 404 otherwise.
func (a *API) notFound(w http.ResponseWriter, r *http.Request) {
	if _, pattern := a.paths.Handler(r); pattern != "" {
		var allow []string
		for _, rt := range a.routes {
			if rt.Path == pattern {
				allow = append(allow, rt.Method)
			}
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeJSON(w, http.StatusMethodNotAllowed, ErrorBody{Error: ErrorDetail{
			Code: "method_not_allowed", Message: a.catalog.T(messageLang(r), "api.error.method_not_allowed"),
		}})
		return
	}
	a.writeError(w, r, errs.E(errs.NotFound, "no such API route"))
}

// messageLang is the language of error messages: ?lang= when given, else the
// first supported language of Accept-Language, else Finnish.
func messageLang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); i18n.Supported(l) {
		return l
	}
	return i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"))
}
