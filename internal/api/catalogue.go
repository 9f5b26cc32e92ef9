package api

import "net/http"

// registerCatalogue adds the service catalogue's operations.
func (a *API) registerCatalogue(mux *http.ServeMux) {}
