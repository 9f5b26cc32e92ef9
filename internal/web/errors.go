package web

import (
	"fmt"
	"net/http"

	"github.com/luva-fi/luva/internal/errs"
)

type errorData struct {
	Status  int
	BodyKey string
}

// Error writes the error page for err in lang: its kind decides the status, and
// internal errors are logged while the user sees a plain message.
func (h *Handler) Error(w http.ResponseWriter, r *http.Request, lang string, err error) {
	status := errs.HTTPStatus(errs.KindOf(err))
	if status >= 500 {
		h.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	h.ErrorPage(w, r, lang, status)
}

// ErrorPage writes the page for an HTTP error status in lang. Statuses without
// a page of their own get the nearest one: 4xx the 404 page, 5xx the 500 page.
func (h *Handler) ErrorPage(w http.ResponseWriter, r *http.Request, lang string, status int) {
	page := status
	switch {
	case status == http.StatusForbidden, status == http.StatusNotFound:
	case status >= 500:
		page = http.StatusInternalServerError
	default:
		page = http.StatusNotFound
	}
	p := Page{
		Lang:  lang,
		Title: h.catalog.T(lang, fmt.Sprintf("error.%d.title", page)),
		Path:  subPath(r.URL.Path),
		Data:  errorData{Status: status, BodyKey: fmt.Sprintf("error.%d.body", page)},
	}
	if err := h.render.Render(w, status, "error", p); err != nil {
		h.log.ErrorContext(r.Context(), "render error page", "status", status, "err", err)
		http.Error(w, http.StatusText(status), status)
	}
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.ErrorPage(w, r, pathLang(r.URL.Path), http.StatusNotFound)
}

// Recover turns a panic in next into the 500 page in the language of the URL.
func (h *Handler) Recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				h.Error(w, r, pathLang(r.URL.Path), fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
