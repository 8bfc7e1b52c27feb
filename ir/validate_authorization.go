package ir

import "net/netip"

// The values of Authorization.DefaultAction and AuthorizationRule.Action.
const (
	authorizationAllow = "Allow"
	authorizationDeny  = "Deny"
)

// tcpAuthorization checks the authorization a of the TCP route at p. A
// connection offers nothing but its client address to match, so each rule
// must name at least one client CIDR and nothing that only an HTTP request
// has; silently dropping such a condition would widen an Allow rule.
func (v *validator) tcpAuthorization(p string, a *Authorization) {
	v.authorizationAction(fieldPath(p, "defaultAction"), a.DefaultAction)
	for i, r := range a.Rules {
		rp := indexPath(fieldPath(p, "rules"), i)
		if r == nil {
			v.add(rp, "must not be null")
			continue
		}
		if r.Name == "" {
			v.add(fieldPath(rp, "name"), "must not be empty")
		}
		v.authorizationAction(fieldPath(rp, "action"), r.Action)
		const httpOnly = "matches HTTP requests only; a TCP route has none"
		if r.Operation != nil {
			v.add(fieldPath(rp, "operation"), httpOnly)
		}
		if r.CEL != nil {
			v.add(fieldPath(rp, "cel"), httpOnly)
		}
		pp := fieldPath(rp, "principal")
		if r.Principal.JWT != nil {
			v.add(fieldPath(pp, "jwt"), httpOnly)
		}
		if len(r.Principal.Headers) > 0 {
			v.add(fieldPath(pp, "headers"), httpOnly)
		}
		if len(r.Principal.ClientIPGeoLocations) > 0 {
			v.add(fieldPath(pp, "clientIPGeoLocations"), "is not supported on a TCP route")
		}
		cp := fieldPath(pp, "clientCIDRs")
		if len(r.Principal.ClientCIDRs) == 0 {
			v.add(cp, "a TCP route's rule needs at least one client CIDR, the only thing a connection is matched by")
		}
		for j, c := range r.Principal.ClientCIDRs {
			v.authorizationCIDR(indexPath(cp, j), c)
		}
	}
}

// authorizationAction checks that action is Allow or Deny.
func (v *validator) authorizationAction(p, action string) {
	if action != authorizationAllow && action != authorizationDeny {
		v.add(p, "%q is neither %s nor %s", action, authorizationAllow, authorizationDeny)
	}
}

// authorizationCIDR checks a client address range of an authorization rule:
// cidr parses, maskLen is its prefix length, and it is not inverted (a
// rate-limit feature that authorization does not have).
func (v *validator) authorizationCIDR(p string, c *CIDRMatch) {
	if c == nil {
		v.add(p, "must not be null")
		return
	}
	pfx, err := netip.ParsePrefix(c.CIDR)
	if err != nil {
		v.add(fieldPath(p, "cidr"), "%q is not an address range in CIDR notation", c.CIDR)
		return
	}
	if c.MaskLen != uint32(pfx.Bits()) {
		v.add(fieldPath(p, "maskLen"), "%d differs from the prefix length of cidr %q", c.MaskLen, c.CIDR)
	}
	if c.Invert {
		v.add(fieldPath(p, "invert"), "inverted ranges are not supported in authorization rules")
	}
}
