package securitypolicy

import (
	"errors"
	"slices"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Features are the features of one SecurityPolicy where it is applied, as
// Build resolved them.
type Features struct {
	f *resolved
}

// Build checks p where target says it is applied (build.go says which
// checks run in which order for each kind of target) and resolves its
// features. The
// error is nil when the policy is valid there; it joins every problem,
// each prefixed with its feature, and reads like Envoy Gateway's status
// message once condition-formatted. When only some features fail the
// others are still returned; when a policy-wide check fails, none are.
func Build(env Env, p *egv1a1.SecurityPolicy, target Target) (*Features, error) {
	f, err := (&builder{env: env}).buildFeatures(p, target)
	return wrap(f), err
}

// BuildMerged is Build for merged, the result of merging the route policy
// route into the parent (Gateway, listener or ListenerSet) policy parent:
// each feature's references resolve in the namespace of the policy that
// set it, and its IR names derive from that policy.
func BuildMerged(env Env, merged, route, parent *egv1a1.SecurityPolicy, target Target) (*Features, error) {
	f, err := (&builder{env: env}).buildMergedFeatures(merged, route, parent, target)
	return wrap(f), err
}

func wrap(f *resolved) *Features {
	if f == nil {
		return nil
	}
	return &Features{f: f}
}

// IR returns the IR of every feature that could be built; nil when there
// is none (or f is nil).
func (f *Features) IR() *ir.SecurityFeatures {
	if f == nil {
		return nil
	}
	return f.f.securityIR()
}

// Failed reports whether a problem concerns every route the policy covers
// (any problem but GeoIP's, which concerns one listener).
func (f *Features) Failed() bool { return f != nil && f.f.failed }

// ExtAuthOnly reports whether the problems of a failed policy are all its
// ext auth's, so that an ext auth that fails open lets requests through.
func (f *Features) ExtAuthOnly() bool { return f != nil && f.f.extAuthOnly }

// ListenerGeoIP is the GeoIP provider that the authorization of a policy
// needs on one HTTP listener.
type ListenerGeoIP struct {
	Listener *ir.HTTPListener
	Provider *ir.GeoIPProvider
}

// GeoIP lists, for each listener of the target where rules matching
// client IP geolocations have what they need, the provider it gets.
func (f *Features) GeoIP() []ListenerGeoIP {
	if f == nil {
		return nil
	}
	return slices.Clone(f.f.geoIP)
}

// GeoIPFailed lists the listeners of the target where those rules lack
// what they need: the routes there fail closed.
func (f *Features) GeoIPFailed() []*ir.HTTPListener {
	if f == nil {
		return nil
	}
	return f.f.geoIPFailed
}

// BuildTCPAuthorization builds the authorization of a policy owned by
// owner that applies to TCP routes (client CIDRs only; see Build for the
// checks of a TCPRoute target).
func BuildTCPAuthorization(a *egv1a1.Authorization, owner *egv1a1.SecurityPolicy) (*ir.Authorization, error) {
	if a == nil || owner == nil {
		return nil, errors.New("nil authorization")
	}
	built, err := buildAuthorization(a, owner)
	if err != nil {
		return nil, err
	}
	return built.ir(), nil
}
