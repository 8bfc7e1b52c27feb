package xds

import "github.com/gatewaykit/gatewaykit/ir"

// buildClusters builds a cluster and a cluster load assignment for every
// destination that x refers to.
func (b *builder) buildClusters(x *ir.Xds) error {
	return nil
}
