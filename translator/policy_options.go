package translator

import (
	"context"
	"fmt"
	"slices"
	"time"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/policy"
)

// WasmResolver turns the download URL of a Wasm module into the URL Envoy
// fetches it from and the module's sha256 checksum. Translation does no
// I/O: fetching and caching are the resolver's business. The method set is
// that of wasm.Resolver, so a resolver from package wasm can be passed
// directly.
type WasmResolver interface {
	Resolve(ctx context.Context, downloadURL, sha256 string, pullSecret []byte) (servingURL, checksum string, err error)
}

// WithWasmResolver sets the resolver for EnvoyExtensionPolicy Wasm modules
// given by HTTP URL or OCI image.
func WithWasmResolver(r WasmResolver) Option { return func(c *config) { c.wasmResolver = r } }

// OIDCProviderMetadata is the part of an OpenID provider's discovery
// document that translation uses.
type OIDCProviderMetadata struct {
	AuthorizationEndpoint string
	TokenEndpoint         string
	EndSessionEndpoint    string
}

// OIDCDiscovery answers an OpenID provider's discovery document for an
// issuer URL, so that translation itself does no I/O.
type OIDCDiscovery interface {
	Discover(ctx context.Context, issuer string) (*OIDCProviderMetadata, error)
}

// WithOIDCDiscovery sets how SecurityPolicy OIDC providers that name
// neither an authorization nor a token endpoint are discovered.
func WithOIDCDiscovery(d OIDCDiscovery) Option { return func(c *config) { c.oidcDiscovery = d } }

// WithLuaDisabled turns EnvoyExtensionPolicy Lua extensions off: policies
// that use them are not accepted.
func WithLuaDisabled(on bool) Option { return func(c *config) { c.luaDisabled = on } }

// WithExtensionFailureIsolation changes what an EnvoyExtensionPolicy with
// a failing extension (a Wasm module that cannot be resolved, an external
// processor whose backend is missing, a Lua script that fails validation)
// does to its routes. By default, as in Envoy Gateway, when a failing
// extension does not fail open the routes answer 500 and get none of the
// policy's extensions. With isolation on, every extension that could be
// built is still installed on the routes, so that only the failing one is
// missing from the configuration (and Envoy's filter chains do not change
// when one module comes and goes); the routes still answer 500 when the
// failing extension does not fail open, and keep serving when it does.
// Either way the policy's status names the failing extension and why.
func WithExtensionFailureIsolation(on bool) Option {
	return func(c *config) { c.extensionIsolation = on }
}

// WithClock sets the time against which certificate and CRL expiry is
// checked (time.Now when not set). Tests and golden files pin it.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// PolicyKind plugs a policy kind of the caller's own into translation, on
// the same footing as Envoy Gateway's route policy kinds: package policy
// resolves its targets (over the topology translated), precedence,
// conflicts and mergeType; Build validates each effective policy where it
// applies and says how it changes the IR routes it covers. The kind's
// policies are processed after Envoy Gateway's kinds, and their statuses
// are in Result.Policies.
type PolicyKind struct {
	// Kind describes the kind to package policy.
	Kind policy.Kind
	// Policies are the kind's objects, in any order (they are processed
	// oldest first, as the other kinds).
	Policies []policy.Policy
	// Merge merges a route policy into its parent's when the route
	// policy asks for it (policy.Mergeable); nil uses policy.Merge with
	// the route policy's mergeType.
	Merge func(child, parent policy.Policy) (policy.Policy, error)
	// Build validates p, the effective (possibly merged) policy, and
	// returns what it does to an IR route. An error makes the attachment
	// Accepted=False (Invalid) with the error as message, and the routes
	// it covers answer 500: an accepted vendor policy is never silently
	// dropped.
	Build func(p policy.Policy) (func(*ir.HTTPRoute), error)
}

// PolicyStatus is the status of a policy of a kind plugged in with
// WithPolicyKind.
type PolicyStatus struct {
	// Kind is the policy's kind name.
	Kind string
	// Policy is the policy object, unmodified.
	Policy policy.Policy
	// Status is its status.
	Status gwapiv1.PolicyStatus
}

// WithPolicyKind adds a policy kind of the caller's own to translation
// (see PolicyKind). Kinds are processed in the order of the options.
func WithPolicyKind(k PolicyKind) Option {
	return func(c *config) { c.policyKinds = append(c.policyKinds, k) }
}

// policyKindOps describes a plugged-in policy kind to the policy pass.
func policyKindOps(t *translation, k PolicyKind) routePolicyOps {
	merge := k.Merge
	if merge == nil {
		merge = mergeByType
	}
	build := func(p policy.Policy, _ policyTarget) (func(*ir.HTTPRoute), error) {
		if k.Build == nil {
			return nil, nil
		}
		return k.Build(p)
	}
	kind := k.Kind
	policies := slices.DeleteFunc(slices.Clone(k.Policies), func(p policy.Policy) bool { return p == nil })
	if !t.cfg.inputOrder {
		policy.SortPolicies(policies)
	}
	return routePolicyOps{
		kind:       kind,
		policies:   policies,
		merge:      merge,
		build:      build,
		failClosed: true,
		emit: func(p policy.Policy, st gwapiv1.PolicyStatus) {
			t.out.Policies = append(t.out.Policies, PolicyStatus{Kind: kind.Name, Policy: p, Status: st})
		},
	}
}

// mergeByType merges child into parent with the child's mergeType.
func mergeByType(child, parent policy.Policy) (policy.Policy, error) {
	m, ok := child.(policy.Mergeable)
	if !ok || m.PolicyMergeType() == nil {
		return nil, fmt.Errorf("merging policies: %s/%s sets no mergeType", child.GetNamespace(), child.GetName())
	}
	return policy.Merge(child, parent, *m.PolicyMergeType())
}
