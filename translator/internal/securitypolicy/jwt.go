package securitypolicy

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// jwksConfigMapKey is the ConfigMap key a local JWKS is read from first.
const jwksConfigMapKey = "jwks"

// jwtAuth is JWT authentication with its providers' key sets resolved.
type jwtAuth struct {
	providers []jwtProvider
	spec      *egv1a1.JWT
}

// jwtProvider is one JWT provider: a remote JWKS (its destination nil
// when the URI's host is reached directly) or a local one.
type jwtProvider struct {
	spec *egv1a1.JWTProvider
	// remoteDestination is where the remote JWKS is fetched from when the
	// provider names backendRefs.
	remoteDestination *ir.RouteDestination
	// traffic holds the remote JWKS's backendSettings, which shape the
	// cluster the keys are fetched through (remoteDestination's, or the
	// one derived from the URI); nil when none.
	traffic *ir.TrafficFeatures
	// cacheDuration and failedRefetchDuration are the remote JWKS
	// durations, parsed.
	cacheDuration, failedRefetchDuration *time.Duration
	// localJWKS is the local key set.
	localJWKS string
}

// buildJWT checks the providers of JWT authentication, then resolves each
// one's key set: a remote JWKS (its backendRefs become the destination
// securitypolicy/<ns>/<name>/jwt/<i> of owner, the policy that set the
// providers) or a local one (inline, or a ConfigMap in owner's namespace).
func (t *builder) buildJWT(j *egv1a1.JWT, owner *egv1a1.SecurityPolicy) (*jwtAuth, error) {
	if err := checkJWTProviders(j.Providers); err != nil {
		return nil, err
	}
	out := &jwtAuth{spec: j}
	for i := range j.Providers {
		p := &j.Providers[i]
		pr := jwtProvider{spec: p}
		if r := p.RemoteJWKS; r != nil {
			u, err := url.Parse(r.URI)
			if err != nil {
				return nil, err
			}
			proto := ir.HTTP
			if u.Scheme == "https" {
				proto = ir.HTTPS
			}
			if len(r.BackendRefs) > 0 {
				name := fmt.Sprintf("%s/jwt/%d", configName(owner), i)
				if pr.remoteDestination, err = t.env.ExtServiceDestination(owner.Namespace, name, r.BackendRefs, proto); err != nil {
					return nil, err
				}
			}
			if pr.traffic, err = t.env.ClusterTraffic(r.BackendSettings); err != nil {
				return nil, err
			}
			for _, d := range []struct {
				in  *string
				out **time.Duration
			}{{(*string)(r.CacheDuration), &pr.cacheDuration}, {(*string)(r.FailedRefetchDuration), &pr.failedRefetchDuration}} {
				if d.in == nil {
					continue
				}
				v, err := time.ParseDuration(*d.in)
				if err != nil {
					return nil, err
				}
				*d.out = &v
			}
		} else {
			jwks, err := t.localJWKS(p.LocalJWKS, owner.Namespace)
			if err != nil {
				return nil, err
			}
			pr.localJWKS = jwks
		}
		out.providers = append(out.providers, pr)
	}
	return out, nil
}

// localJWKS reads a local key set: inline, or from a ConfigMap in ns (key
// "jwks", else its first key in sorted order).
func (t *builder) localJWKS(l *egv1a1.LocalJWKS, ns string) (string, error) {
	if l == nil {
		return "", nil
	}
	if l.Type != egv1a1.LocalJWKSTypeValueRef {
		if l.Inline == nil {
			return "", nil
		}
		return *l.Inline, nil
	}
	if l.ValueRef == nil {
		return "", nil
	}
	cm := t.env.ConfigMap(ns, string(l.ValueRef.Name))
	if cm == nil {
		return "", fmt.Errorf("local JWKS ConfigMap %s/%s not found", ns, l.ValueRef.Name)
	}
	if v, ok := cm.Data[jwksConfigMapKey]; ok {
		return v, nil
	}
	if len(cm.Data) > 0 {
		keys := make([]string, 0, len(cm.Data))
		for k := range cm.Data {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return cm.Data[keys[0]], nil
	}
	// Envoy Gateway's message puts its arguments in this order.
	return "", fmt.Errorf("JWKS data not found in ConfigMap %s/%s, no %q key and no other data found", jwksConfigMapKey, cm.Namespace, cm.Name)
}

// checkJWTProviders checks JWT providers as Envoy Gateway does and returns
// every problem found, joined: a name; an issuer that is a URI when it
// holds ':' and an e-mail address when it holds '@'; exactly one of remote
// and local JWKS, with a URI, or inline keys or a ConfigMap reference; for
// a provider without other problems, a qualified, unique name; claim to
// header mappings with a header and a claim.
func checkJWTProviders(providers []egv1a1.JWTProvider) error {
	var (
		errs  []error
		names []string
	)
	for i := range providers {
		p := &providers[i]
		if p.Name == "" {
			errs = append(errs, errors.New("jwt provider cannot be an empty string"))
		}
		if p.Issuer != nil && *p.Issuer != "" {
			iss := *p.Issuer
			switch {
			case strings.Contains(iss, ":"):
				if _, err := url.ParseRequestURI(iss); err != nil {
					errs = append(errs, errors.New("invalid issuer; when issuer contains ':' character, it MUST be a valid URI"))
				}
			case strings.Contains(iss, "@"):
				if _, err := mail.ParseAddress(iss); err != nil {
					errs = append(errs, fmt.Errorf("invalid issuer; when issuer contains '@' character, it MUST be a valid Email Address format: %w", err))
				}
			}
		}
		if (p.RemoteJWKS == nil) == (p.LocalJWKS == nil) {
			errs = append(errs, fmt.Errorf("either remoteJWKS or localJWKS must be specified for jwt provider: %s", p.Name))
		}
		if r := p.RemoteJWKS; r != nil {
			if r.URI == "" {
				errs = append(errs, fmt.Errorf("uri must be set for remote JWKS provider: %s", p.Name))
			} else if _, err := url.ParseRequestURI(r.URI); err != nil {
				errs = append(errs, fmt.Errorf("invalid remote JWKS URI: %w", err))
			} else if err := checkRemoteJWKSURI(r.URI); err != nil {
				errs = append(errs, err)
			}
		}
		if l := p.LocalJWKS; l != nil {
			if l.Type == "" || l.Type == egv1a1.LocalJWKSTypeInline {
				if l.Inline == nil {
					errs = append(errs, fmt.Errorf("inline JWKS must be set for local JWKS provider: %s if type is Inline", p.Name))
				}
			} else if l.ValueRef == nil {
				errs = append(errs, fmt.Errorf("valueRef must be set for local JWKS provider: %s if type is ValueRef", p.Name))
			}
		}
		if len(errs) == 0 {
			for _, msg := range validation.IsQualifiedName(p.Name) {
				errs = append(errs, errors.New(msg))
			}
			// Envoy Gateway compares the name with each name seen so far
			// and records it again after each one that differs; the
			// messages follow from that.
			if names == nil {
				names = append(names, p.Name)
			} else {
				for _, n := range slices.Clone(names) {
					if n == p.Name {
						errs = append(errs, fmt.Errorf("provider name %s must be unique", p.Name))
					} else {
						names = append(names, p.Name)
					}
				}
			}
		}
		for _, c := range p.ClaimToHeaders {
			switch {
			case c.Header == "":
				errs = append(errs, fmt.Errorf("header must be set for claimToHeader provider: %s", c.Header))
			case c.Claim == "":
				errs = append(errs, fmt.Errorf("claim must be set for claimToHeader provider: %s", c.Claim))
			}
		}
	}
	return errors.Join(errs...)
}
