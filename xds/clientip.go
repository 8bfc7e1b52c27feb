package xds

import (
	"fmt"
	"net/netip"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	customheaderv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/original_ip_detection/custom_header/v3"
	xffv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/http/original_ip_detection/xff/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Client IP detection is the connection manager's business: without an
// ir.ClientIPDetection, or with DirectSourceIP, it uses the connection's
// peer address (use_remote_address); with X-Forwarded-For or a custom
// header it hands the job to Envoy's original IP detection extension of
// that name and stops trusting the peer address, as Envoy Gateway does.

// The original IP detection extensions.
const (
	originalIPDetectionXFF          = "envoy.extensions.http.original_ip_detection.xff"
	originalIPDetectionCustomHeader = "envoy.extensions.http.original_ip_detection.custom_header"
)

// validatedMessage is a message with generated validation.
type validatedMessage interface {
	proto.Message
	ValidateAll() error
}

// packValid wraps m in an Any after checking it with its generated
// validation, which a resource's ValidateAll does not reach through an Any.
func packValid(m validatedMessage) (*anypb.Any, error) {
	if err := m.ValidateAll(); err != nil {
		return nil, err
	}
	return packAny(m)
}

// xffNumTrustedHops is the xff_num_trusted_hops for n trusted proxies:
// Envoy counts the hops it skips, Envoy Gateway's users the proxies, so
// the value is one less (and 0 for 0).
func xffNumTrustedHops(n uint32) uint32 {
	if n == 0 {
		return 0
	}
	return n - 1
}

// originalIPDetection returns the original IP detection extensions for d
// (none when the connection's peer address is the client's); path is d's
// IR path.
func originalIPDetection(d *ir.ClientIPDetection, path string) ([]*corev3.TypedExtensionConfig, error) {
	if d == nil {
		return nil, nil
	}
	var name string
	var cfg validatedMessage
	switch {
	case d.CustomHeader != nil:
		h := d.CustomHeader
		c := &customheaderv3.CustomHeaderConfig{
			HeaderName:                          h.Name,
			AllowExtensionToSetAddressAsTrusted: true,
		}
		if h.FailClosed != nil && *h.FailClosed {
			c.RejectWithStatus = &typev3.HttpStatus{Code: typev3.StatusCode_Forbidden}
		}
		name, cfg, path = originalIPDetectionCustomHeader, c, path+".customHeader"
	case d.XForwardedFor != nil:
		x := d.XForwardedFor
		path += ".xForwardedFor"
		c := &xffv3.XffConfig{SkipXffAppend: wrapperspb.Bool(x.DisableXForwardedForAppend != nil && *x.DisableXForwardedForAppend)}
		switch {
		case len(x.TrustedCIDRs) > 0:
			c.XffTrustedCidrs = &xffv3.XffTrustedCidrs{}
			for i, s := range x.TrustedCIDRs {
				pfx, err := netip.ParsePrefix(s)
				if err != nil {
					return nil, fmt.Errorf("%s.trustedCIDRs[%d]: %q is not an address range in CIDR notation", path, i, s)
				}
				// The address as written, as Envoy Gateway passes it.
				c.XffTrustedCidrs.Cidrs = append(c.XffTrustedCidrs.Cidrs, &corev3.CidrRange{
					AddressPrefix: pfx.Addr().String(),
					PrefixLen:     wrapperspb.UInt32(uint32(pfx.Bits())),
				})
			}
		case x.NumTrustedHops != nil:
			c.XffNumTrustedHops = xffNumTrustedHops(*x.NumTrustedHops)
		default:
			return nil, fmt.Errorf("%s: sets neither numTrustedHops nor trustedCIDRs", path)
		}
		name, cfg = originalIPDetectionXFF, c
	default:
		return nil, nil
	}
	a, err := packValid(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return []*corev3.TypedExtensionConfig{{Name: name, TypedConfig: a}}, nil
}
