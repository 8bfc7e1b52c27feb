package translator

// processGatewayClasses picks the GatewayClasses this controller handles and
// sets their status.
func (t *translation) processGatewayClasses() {}

// processGateways validates every Gateway of a handled class and its
// listeners, creates their IR listeners and fills t.gatewayList.
func (t *translation) processGateways() {}

// finishGateways sets what depends on routes: attachedRoutes and the final
// listener and Gateway conditions, and records Gateway statuses.
func (t *translation) finishGateways() {}
