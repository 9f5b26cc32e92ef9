package web

import "net/http"

// registerCatalogue adds the service catalogue's pages.
func (h *Handler) registerCatalogue(mux *http.ServeMux) {}
