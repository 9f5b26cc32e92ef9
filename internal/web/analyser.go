package web

import "net/http"

// registerAnalyser adds the permit-need analyser's pages. (Being written.)
func (h *Handler) registerAnalyser(mux *http.ServeMux) {}
