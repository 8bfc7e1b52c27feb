package translator

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// This file turns a BackendTrafficPolicy into the features it sets and
// validates it the way Envoy Gateway does when it builds a policy's traffic
// features. An invalid policy is not accepted (reason Invalid) and the routes
// it would apply to answer 500; the error text is Envoy Gateway's, so that
// statuses match. The checks that belong to each feature live in the
// btp_*.go files beside this one; this file holds the order and the prefixes.
//
// Only the accepted HTTP upgrades and the timeouts end up in btpFeatures
// today; every other feature is validated so that the policy's status is
// right. The IR now carries the cluster settings (ir.TrafficFeatures) and
// clusterTraffic translates them for external services; wiring it here,
// with route-level consistent hashing and retries, is the next step.

// btpFeatures is what one BackendTrafficPolicy (or one merged policy) sets,
// built once by buildBTPFeatures and applied to every route it covers. It is
// never modified after it is built.
type btpFeatures struct {
	// httpUpgrade lists the upgrade types the policy accepts, in spec order;
	// nil when the policy lists none (websocket stays the default then).
	httpUpgrade []ir.HTTPUpgradeConfig
	// timeout holds the policy's timeouts that parsed; nil when the policy
	// has no spec.timeout.
	timeout *ir.Timeout
	// cluster holds the cluster settings (load balancing, circuit
	// breaker, health checks, retry, keepalive, connection, DNS, HTTP/2,
	// PROXY protocol) as clusterTraffic builds them; nil when the policy
	// sets none.
	cluster *ir.TrafficFeatures
	// routeLevel holds the route-level features (compression, rate
	// limits, fault injection, response override, request buffer) as
	// btp_route_features.go builds them; only those fields are set.
	routeLevel ir.TrafficFeatures
	// routingType is spec.routingType: where the covered routes send
	// traffic for Service backends (backend_routing.go); nil keeps the
	// EnvoyProxy's choice.
	routingType *egv1a1.RoutingType
	// useClientProtocol is spec.useClientProtocol.
	useClientProtocol *bool
	// meta names the policy in the metadata of the routes it applies to.
	meta ir.PolicyMetadata
	// unenforced lists the spec fields the policy sets that the IR cannot
	// carry; the routes of an accepted policy with any fail closed.
	unenforced []string
}

// buildBTPFeatures validates p and builds its features. On error it still
// returns non-nil features for what was valid. Several problems are joined
// with errors.Join in Envoy Gateway's order, each prefixed with the feature
// it concerns ("RateLimit: ...", "Timeout: ..."); conditionMessage turns the
// error into Envoy Gateway's status message.
//
// References in the policy (the ConfigMap of a response override body) are
// looked up in p's own namespace; buildMergedBTPFeatures resolves them for a
// merged policy.
func (t *translation) buildBTPFeatures(p *egv1a1.BackendTrafficPolicy) (*btpFeatures, error) {
	if p == nil {
		return &btpFeatures{}, nil
	}
	return t.btpBuild(p, p.Namespace)
}

// buildMergedBTPFeatures validates and builds merged, the result of merging
// the route-level policy route into the policy parent of its Gateway or
// listener (mergeType). It differs from buildBTPFeatures in where references
// resolve: a response override's ConfigMap is looked up in the namespace of
// the policy that contributed spec.responseOverride (route when it sets one,
// else parent), as Envoy Gateway does, rather than in merged's namespace.
// route and parent may be nil, in which case merged's namespace is used.
func (t *translation) buildMergedBTPFeatures(merged, route, parent *egv1a1.BackendTrafficPolicy) (*btpFeatures, error) {
	if merged == nil {
		return &btpFeatures{}, nil
	}
	ns := merged.Namespace
	switch {
	case route != nil && len(route.Spec.ResponseOverride) > 0:
		ns = route.Namespace
	case parent != nil:
		ns = parent.Namespace
	}
	return t.btpBuild(merged, ns)
}

// btpBuild runs every check of a BackendTrafficPolicy in Envoy Gateway's
// order and builds the features. responseOverrideNS is the namespace in
// which response override ConfigMaps are looked up.
func (t *translation) btpBuild(p *egv1a1.BackendTrafficPolicy, responseOverrideNS string) (*btpFeatures, error) {
	s := &p.Spec
	cs := &s.ClusterSettings
	f := &btpFeatures{}
	var errs []error
	add := func(feature string, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", feature, err))
		}
	}

	if s.RateLimit != nil {
		add("RateLimit", btpCheckRateLimit(s.RateLimit))
	}
	if s.BandwidthLimit != nil {
		add("BandwidthLimit", btpCheckBandwidthLimit(s.BandwidthLimit))
	}
	add("LoadBalancer", btpCheckLoadBalancer(cs.LoadBalancer))
	add("CircuitBreaker", btpCheckCircuitBreaker(cs.CircuitBreaker))
	add("TCPKeepalive", btpCheckTCPKeepalive(cs.TCPKeepalive))
	add("Retry", btpCheckRetry(cs.Retry))
	timeout, err := btpTimeout(cs.Timeout)
	f.timeout = timeout
	add("Timeout", err)
	add("BackendConnection", btpCheckBackendConnection(cs.Connection))
	add("HTTP2", btpCheckHTTP2(cs.HTTP2))
	add("ResponseOverride", t.btpCheckResponseOverrides(s.ResponseOverride, responseOverrideNS))
	bufferErr := btpCheckRequestBuffer(s.RequestBuffer)
	add("RequestBuffer", bufferErr)
	add("Telemetry", btpCheckTelemetry(s.Telemetry))
	if rt := s.RoutingType; rt != nil && *rt != egv1a1.RoutingTypeService && *rt != egv1a1.RoutingTypeEndpoint {
		add("RoutingType", fmt.Errorf("spec.routingType: unsupported value %q, must be Service or Endpoint", *rt))
	}

	f.httpUpgrade = btpHTTPUpgrades(s.HTTPUpgrade)
	f.meta = ir.PolicyMetadata{Kind: egv1a1.KindBackendTrafficPolicy, Name: p.Name, Namespace: p.Namespace}
	f.useClientProtocol = s.UseClientProtocol
	if s.RoutingType != nil {
		rt := *s.RoutingType
		f.routingType = &rt
	}
	if len(errs) == 0 {
		// The checks above are Envoy Gateway's; what they let through
		// and the IR cannot carry yet is unenforced, not dropped.
		cluster, err := clusterTraffic(cs)
		if err != nil {
			f.unenforced = append(f.unenforced, btpUnenforcedClusterField(cs))
		}
		f.cluster = cluster
		f.routeLevel.Compression = btpCompression(s.Compression, s.Compressor)
		f.routeLevel.RequestBuffer = btpRequestBuffer(s.RequestBuffer)
		f.routeLevel.BandwidthLimit = btpBandwidthLimit(s.BandwidthLimit)
		f.routeLevel.FaultInjection = btpFaultInjection(s.FaultInjection, func(field string) { f.unenforced = append(f.unenforced, field) })
		f.routeLevel.ResponseOverride = t.btpResponseOverride(s.ResponseOverride, p.Namespace, p.Name, responseOverrideNS)
		f.routeLevel.RateLimit = btpRateLimit(s.RateLimit, p.Namespace, p.Name, func(field string) { f.unenforced = append(f.unenforced, field) })
		if rl := f.routeLevel.RateLimit; rl != nil && rl.Global != nil {
			// Not carried into xDS yet.
			f.unenforced = append(f.unenforced, "spec.rateLimit.global")
		}
		// Features this version does not carry into the IR yet: the
		// policy stays accepted as Envoy Gateway accepts it, and its
		// routes fail closed rather than ignore it.
		for _, u := range []struct {
			set   bool
			field string
		}{
			{s.AdmissionControl != nil, "spec.admissionControl"},
			{s.Telemetry != nil && s.Telemetry.Tracing != nil, "spec.telemetry.tracing"},
			{s.Telemetry != nil && s.Telemetry.Metrics != nil && s.Telemetry.Metrics.RouteStatName != nil, "spec.telemetry.metrics.routeStatName"},
		} {
			if u.set {
				f.unenforced = append(f.unenforced, u.field)
			}
		}
	}
	// A request buffer that is itself valid cannot be combined with
	// upgrades, which stream.
	if s.RequestBuffer != nil && bufferErr == nil && len(s.HTTPUpgrade) > 0 {
		add("RequestBuffer", errors.New("requestBuffer cannot be used together with httpUpgrade"))
	}
	return f, errors.Join(errs...)
}

// backendLoadReportHeaders are the response headers in which endpoints
// report their load (ORCA) to a backend utilization load balancer.
var backendLoadReportHeaders = []string{"endpoint-load-metrics", "endpoint-load-metrics-bin"}

// applyToHTTPRoute sets the features on an IR route. A route whose traffic
// features are already set was claimed by a more specific policy and is left
// alone, as Envoy Gateway leaves it; otherwise the route gets traffic
// features even when the policy sets none of those the IR carries (Envoy
// Gateway's IR then shows "traffic: {}").
//
// Upgrade entries without a type are left out, and a CONNECT configuration
// on another upgrade type is dropped, so that the route stays valid IR; the
// published schema rejects both.
func (f *btpFeatures) applyToHTTPRoute(r *ir.HTTPRoute) {
	if f == nil || r == nil || r.Traffic != nil || r.UseClientProtocol != nil {
		return
	}
	tf := f.cluster.DeepCopy()
	if tf == nil {
		tf = &ir.TrafficFeatures{}
	}
	tf.HTTPUpgrade = nil
	tf.Timeout = f.timeout.DeepCopy()
	rl := f.routeLevel.DeepCopy()
	tf.RateLimit = rl.RateLimit
	tf.FaultInjection = rl.FaultInjection
	tf.ResponseOverride = rl.ResponseOverride
	tf.Compression = rl.Compression
	tf.RequestBuffer = rl.RequestBuffer
	tf.BandwidthLimit = rl.BandwidthLimit
	for _, u := range f.httpUpgrade {
		if u.Type == "" {
			continue
		}
		c := *u.DeepCopy()
		if !strings.EqualFold(c.Type, "CONNECT") {
			c.Connect = nil
		}
		tf.HTTPUpgrade = append(tf.HTTPUpgrade, c)
	}
	r.Traffic = tf
	if lb := tf.LoadBalancer; lb != nil && lb.BackendUtilization != nil && !lb.BackendUtilization.KeepResponseHeaders {
		// The endpoints' load reports are for Envoy, not the client.
		for _, h := range backendLoadReportHeaders {
			if !slices.Contains(r.RemoveResponseHeaders, h) {
				r.RemoveResponseHeaders = append(r.RemoveResponseHeaders, h)
			}
		}
	}
	if f.useClientProtocol != nil {
		v := *f.useClientProtocol
		r.UseClientProtocol = &v
	}
	if r.Metadata != nil {
		r.Metadata.Policies = append(r.Metadata.Policies, f.meta)
	}
	if len(f.unenforced) > 0 {
		failClosedRoute(r)
	}
}

// btpUnenforcedClusterField names the cluster setting that clusterTraffic
// could not carry into the IR (after the policy's own checks passed): load
// balancing is the only part with variants the IR does not model.
func btpUnenforcedClusterField(cs *egv1a1.ClusterSettings) string {
	if cs.LoadBalancer != nil {
		return "spec.loadBalancer"
	}
	return "spec"
}

// btpDeprecatedFields returns the deprecated fields the spec uses, as a map
// from field path to the field that replaces it (spec.compression ->
// spec.compressor). spec.targetRef is not included: the attachment engine
// reports it for every policy kind. The map is never nil, so the caller may
// add to it.
func btpDeprecatedFields(spec *egv1a1.BackendTrafficPolicySpec) map[string]string {
	out := map[string]string{}
	if spec == nil {
		return out
	}
	if len(spec.Compression) > 0 {
		out["spec.compression"] = "spec.compressor"
	}
	return out
}

// btpHTTPUpgrades converts the upgrade types a policy accepts, in spec
// order; nil when there are none.
func btpHTTPUpgrades(cfgs []egv1a1.ProtocolUpgradeConfig) []ir.HTTPUpgradeConfig {
	if len(cfgs) == 0 {
		return nil
	}
	out := make([]ir.HTTPUpgradeConfig, 0, len(cfgs))
	for _, c := range cfgs {
		u := ir.HTTPUpgradeConfig{Type: c.Type}
		if c.Connect != nil {
			u.Connect = &ir.ConnectConfig{Terminate: c.Connect.Terminate != nil && *c.Connect.Terminate}
		}
		out = append(out, u)
	}
	return out
}

// btpTimeout parses a policy's timeouts. Every value that does not parse
// is reported (Envoy Gateway reports them all, in field order), and the
// timeouts that parsed are still returned. maxStreamDuration and
// streamIdleTimeout are checked but have no place in the IR yet. A negative
// duration (which the published schema does not allow) is left out of the
// IR, which does not accept one.
func btpTimeout(to *egv1a1.Timeout) (*ir.Timeout, error) {
	if to == nil {
		return nil, nil
	}
	out := &ir.Timeout{}
	var errs []error
	parse := func(name string, v *string) *ir.Duration {
		if v == nil {
			return nil
		}
		d, err := time.ParseDuration(*v)
		if err != nil {
			errs = append(errs, fmt.Errorf("invalid %s value %s", name, *v))
			return nil
		}
		if d < 0 {
			return nil
		}
		id := ir.Duration(d)
		return &id
	}
	if to.TCP != nil && to.TCP.ConnectTimeout != nil {
		if d := parse("ConnectTimeout", (*string)(to.TCP.ConnectTimeout)); d != nil {
			out.TCP = &ir.TCPTimeout{ConnectTimeout: d}
		}
	}
	if h := to.HTTP; h != nil {
		// In Envoy Gateway's order, which is the order of the messages.
		idle := parse("ConnectionIdleTimeout", (*string)(h.ConnectionIdleTimeout))
		maxConn := parse("MaxConnectionDuration", (*string)(h.MaxConnectionDuration))
		request := parse("RequestTimeout", (*string)(h.RequestTimeout))
		parse("MaxStreamDuration", (*string)(h.MaxStreamDuration))
		parse("StreamIdleTimeout", (*string)(h.StreamIdleTimeout))
		out.HTTP = &ir.HTTPTimeout{
			ConnectionIdleTimeout: idle,
			MaxConnectionDuration: maxConn,
			RequestTimeout:        request,
		}
	}
	return out, errors.Join(errs...)
}
