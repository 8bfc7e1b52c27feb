package translator

// processHTTPRoutes attaches every HTTPRoute to its parents, translates its
// rules into IR routes and records its status.
func (t *translation) processHTTPRoutes() {}

// processGRPCRoutes does the same for GRPCRoutes.
func (t *translation) processGRPCRoutes() {}
