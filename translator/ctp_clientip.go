package translator

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// ctpBuildClientIPDetection converts spec.clientIPDetection for an HTTP
// listener. Envoy Gateway copies it into its IR unchecked, relying on the
// CRD schema; what the schema would refuse and Envoy could not be given
// (two sources, X-Forwarded-For trusted both or neither way, a negative
// hop count, a range or header name that does not parse) is an error
// here instead, and the listener keeps the connection's peer address. An
// empty clientIPDetection, which the schema also refuses, is kept as
// Envoy Gateway keeps it: it changes nothing but reads as configured.
func ctpBuildClientIPDetection(c *egv1a1.ClientIPDetectionSettings) (*ir.ClientIPDetection, error) {
	if c == nil {
		return nil, nil
	}
	n := 0
	for _, set := range []bool{c.XForwardedFor != nil, c.CustomHeader != nil, c.DirectSourceIP != nil} {
		if set {
			n++
		}
	}
	if n > 1 {
		return nil, errors.New("exactly one of xForwardedFor, customHeader, or directSourceIP must be set")
	}
	out := &ir.ClientIPDetection{}
	switch {
	case c.XForwardedFor != nil:
		x := c.XForwardedFor
		if (x.NumTrustedHops != nil) == (len(x.TrustedCIDRs) > 0) {
			return nil, errors.New("only one of numTrustedHops or trustedCIDRs must be set")
		}
		xff := &ir.XForwardedForDetection{DisableXForwardedForAppend: x.DisableXForwardedForAppend}
		if h := x.NumTrustedHops; h != nil {
			if *h < 0 {
				return nil, fmt.Errorf("numTrustedHops must not be negative, got %d", *h)
			}
			xff.NumTrustedHops = ctpUint32(*h)
		}
		for _, cidr := range x.TrustedCIDRs {
			if _, err := netip.ParsePrefix(string(cidr)); err != nil {
				return nil, fmt.Errorf("invalid trustedCIDRs entry %q: not an address range in CIDR notation", string(cidr))
			}
			xff.TrustedCIDRs = append(xff.TrustedCIDRs, string(cidr))
		}
		out.XForwardedFor = xff
	case c.CustomHeader != nil:
		if !ir.IsHeaderToken(c.CustomHeader.Name) {
			return nil, fmt.Errorf("customHeader name %q is not a valid HTTP header name", c.CustomHeader.Name)
		}
		out.CustomHeader = &ir.CustomHeaderDetection{Name: c.CustomHeader.Name, FailClosed: c.CustomHeader.FailClosed}
	case c.DirectSourceIP != nil:
		out.DirectSourceIP = &ir.DirectSourceIPDetection{}
	}
	return out, nil
}
