package api

import "net/http"

// registerAnalyser adds the permit-need analyser's operations. (Being written.)
func (a *API) registerAnalyser(mux *http.ServeMux) {}
