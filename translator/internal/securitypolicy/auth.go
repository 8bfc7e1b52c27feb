package securitypolicy

import (
	"bytes"
	"crypto/sha1" //nolint:gosec // htpasswd {SHA} entries are SHA-1 digests; nothing is hashed here
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/internal/cel"
	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Secret keys SecurityPolicy features read.
const (
	basicAuthUsersKey   = ".htpasswd"
	oidcClientIDKey     = "client-id"
	oidcClientSecretKey = "client-secret"
)

// secretRef resolves a Secret a SecurityPolicy in namespace fromNS refers
// to, as Envoy Gateway does: the reference names no group and a Secret (or
// ConfigMap) kind; a reference to another namespace needs crossNS and a
// ReferenceGrant from SecurityPolicies in fromNS; the Secret exists.
func (t *builder) secretRef(crossNS bool, fromNS string, ref *gwapiv1.SecretObjectReference) (*corev1.Secret, error) {
	if ref.Group != nil && *ref.Group != "" {
		return nil, errors.New("secret ref group must be unspecified/empty")
	}
	kind := kindSecret
	if ref.Kind != nil {
		switch string(*ref.Kind) {
		case kindSecret:
		case kindConfigMap:
			kind = kindConfigMap
		default:
			return nil, fmt.Errorf("secret ref kind must be %s", kindSecret)
		}
	}
	if ref.Namespace != nil && *ref.Namespace != "" && string(*ref.Namespace) != fromNS {
		if !crossNS {
			return nil, fmt.Errorf("secret ref namespace must be unspecified/empty or %s", fromNS)
		}
		if !t.env.RefGranted(fromNS, "", kind, string(*ref.Namespace), string(ref.Name)) {
			return nil, fmt.Errorf("ref to %s %s/%s not permitted by any ReferenceGrant", kind, *ref.Namespace, ref.Name)
		}
	}
	ns := fromNS
	if ref.Namespace != nil {
		ns = string(*ref.Namespace)
	}
	s := t.env.Secret(ns, string(ref.Name))
	if s == nil {
		return nil, fmt.Errorf("secret %s/%s does not exist", ns, ref.Name)
	}
	return s, nil
}

// basicAuth is basic authentication with its users file.
type basicAuth struct {
	// name is the IR name (the owning policy's).
	name string
	// users is the htpasswd file, with CRLF line ends turned into LF.
	users                 []byte
	forwardUsernameHeader *string
}

// buildBasicAuth resolves basic authentication: the users Secret (in owner's
// namespace unless the reference names one) holds a non-empty .htpasswd
// whose entries are all unsalted SHA-1 ({SHA}), the only format Envoy
// reads.
func (t *builder) buildBasicAuth(ba *egv1a1.BasicAuth, owner *egv1a1.SecurityPolicy) (*basicAuth, error) {
	s, err := t.secretRef(true, owner.Namespace, &ba.Users)
	if err != nil {
		return nil, err
	}
	users := s.Data[basicAuthUsersKey]
	if len(users) == 0 {
		return nil, fmt.Errorf("secret %s/%s must contain a non-empty %q key", s.Namespace, s.Name, basicAuthUsersKey)
	}
	users = bytes.ReplaceAll(users, []byte("\r\n"), []byte("\n"))
	if err := checkHtpasswd(users); err != nil {
		return nil, err
	}
	if h := ba.ForwardUsernameHeader; h != nil && *h != "" {
		if err := checkHeaderName("forwardUsernameHeader", *h); err != nil {
			return nil, err
		}
	}
	return &basicAuth{name: configName(owner), users: users, forwardUsernameHeader: ba.ForwardUsernameHeader}, nil
}

// checkHtpasswd checks that every non-blank line of an htpasswd file is
// user:{SHA}<base64 of a SHA-1 digest>.
func checkHtpasswd(data []byte) error {
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		_, pw, ok := strings.Cut(line, ":")
		if !ok {
			return errors.New("invalid htpasswd format: each line must be in the format 'username:password'")
		}
		digest, ok := strings.CutPrefix(pw, "{SHA}")
		if !ok {
			return errors.New("unsupported htpasswd format: please use {SHA}")
		}
		raw, err := base64.StdEncoding.DecodeString(digest)
		if err != nil {
			return errors.New("invalid htpasswd format: {SHA} must be base64-encoded SHA1")
		}
		if len(raw) != sha1.Size {
			return fmt.Errorf("invalid htpasswd format: {SHA} must be SHA1 (%d bytes)", sha1.Size)
		}
	}
	return nil
}

// apiKeyAuth is API key authentication with its credentials.
type apiKeyAuth struct {
	// credentials are the client IDs and keys, client IDs sorted within
	// each Secret, Secrets in reference order; a client ID seen before is
	// skipped.
	credentials []apiKey
	spec        *egv1a1.APIKeyAuth
}

// apiKey is one client's API key.
type apiKey struct {
	client string
	key    []byte
}

// buildAPIKeyAuth resolves the credential Secrets of API key authentication
// (in owner's namespace unless a reference names one). Two clients may not
// share a key.
func (t *builder) buildAPIKeyAuth(a *egv1a1.APIKeyAuth, owner *egv1a1.SecurityPolicy) (*apiKeyAuth, error) {
	out := &apiKeyAuth{spec: a}
	seenClients, seenKeys := map[string]bool{}, map[string]bool{}
	for i := range a.CredentialRefs {
		s, err := t.secretRef(true, owner.Namespace, &a.CredentialRefs[i])
		if err != nil {
			return nil, err
		}
		clients := make([]string, 0, len(s.Data))
		for c := range s.Data {
			clients = append(clients, c)
		}
		slices.Sort(clients)
		for _, c := range clients {
			if seenClients[c] {
				continue
			}
			key := s.Data[c]
			if seenKeys[string(key)] {
				return nil, errors.New("duplicated API key")
			}
			seenKeys[string(key)] = true
			seenClients[c] = true
			out.credentials = append(out.credentials, apiKey{client: c, key: key})
		}
	}
	return out, nil
}

// extAuth is external authorization with its service resolved.
type extAuth struct {
	// name is the IR name (the owning policy's).
	name string
	// grpc is set for a gRPC service, else it is an HTTP one.
	grpc        bool
	destination *ir.RouteDestination
	// authority is the :authority sent to the service, from its first
	// backendRef.
	authority         string
	contextExtensions []contextExtension
	// timeout is spec.timeout parsed; nil when unset or unparsable (Envoy
	// Gateway ignores a bad value).
	timeout *time.Duration
	// traffic holds the service's backendSettings; nil when none.
	traffic *ir.TrafficFeatures
	spec    *egv1a1.ExtAuth
}

// contextExtension is one context extension with its value resolved.
type contextExtension struct {
	name  string
	value []byte
}

// buildExtAuth resolves external authorization: exactly one of grpc and http,
// its backendRefs (deprecated backendRef when there are none) into the
// destination securitypolicy/<ns>/<name>/extauth/0 of the policy that set
// them, its backend settings, then context extensions read from ConfigMaps
// or Secrets.
func (t *builder) buildExtAuth(ea *egv1a1.ExtAuth, o *ownership) (*extAuth, error) {
	var (
		cluster *egv1a1.BackendCluster
		proto   ir.AppProtocol
		which   string
	)
	switch {
	case ea.HTTP == nil && ea.GRPC == nil:
		return nil, errors.New("one of grpc or http must be specified")
	case ea.HTTP != nil && ea.GRPC != nil:
		return nil, errors.New("only one of grpc or http can be specified")
	case ea.HTTP != nil:
		cluster, proto, which = &ea.HTTP.BackendCluster, ir.HTTP, "http"
	default:
		cluster, proto, which = &ea.GRPC.BackendCluster, ir.GRPC, "grpc"
	}
	refs := extClusterRefs(cluster)
	if len(refs) == 0 {
		return nil, fmt.Errorf("%s backend refs must be specified", which)
	}
	owner := o.extAuthBackendRefs
	dest, err := t.env.ExtServiceDestination(owner.Namespace, configName(owner)+"/extauth/0", refs, proto)
	if err != nil {
		return nil, err
	}
	out := &extAuth{
		name:        configName(o.extAuth),
		grpc:        ea.GRPC != nil,
		destination: dest,
		authority:   t.extAuthAuthority(&refs[0], owner.Namespace),
		spec:        ea,
	}
	if out.traffic, err = t.env.ClusterTraffic(cluster.BackendSettings); err != nil {
		return nil, err
	}
	for i := range ea.ContextExtensions {
		ext := &ea.ContextExtensions[i]
		var value []byte
		if ext.Type == egv1a1.ContextExtensionValueTypeValueRef {
			value, err = t.contextExtensionValue(ext.ValueRef, o.contextExtensionOwner(ext.Name).Namespace)
			if err != nil {
				return nil, err
			}
		} else if ext.Value != nil {
			value = []byte(*ext.Value)
		}
		out.contextExtensions = append(out.contextExtensions, contextExtension{name: ext.Name, value: value})
	}
	if ea.Timeout != nil {
		if d, err := time.ParseDuration(string(*ea.Timeout)); err == nil {
			if err := checkNonNegative("timeout", d); err != nil {
				return nil, err
			}
			out.timeout = &d
		}
	}
	return out, nil
}

// extClusterRefs returns the backendRefs of an external service, or its
// deprecated single backendRef when it has none.
func extClusterRefs(c *egv1a1.BackendCluster) []egv1a1.BackendRef {
	if len(c.BackendRefs) > 0 {
		return c.BackendRefs
	}
	if r := c.BackendRef; r != nil {
		return []egv1a1.BackendRef{{Group: r.Group, Kind: r.Kind, Name: r.Name, Namespace: r.Namespace, Port: r.Port}}
	}
	return nil
}

// extAuthAuthority is the :authority Envoy Gateway sends to an ext auth
// service: host:port of a Backend's first FQDN endpoint, or
// <name>.<namespace>:<port> of a Service or ServiceImport, else
// <name>.<namespace>.
func (t *builder) extAuthAuthority(ref *egv1a1.BackendRef, policyNS string) string {
	ns := policyNS
	if ref.Namespace != nil && *ref.Namespace != "" {
		ns = string(*ref.Namespace)
	}
	kind := kindService
	if ref.Kind != nil {
		kind = string(*ref.Kind)
	}
	if kind == kindBackend {
		if be := t.env.Backend(ns, string(ref.Name)); be != nil {
			for _, ep := range be.Spec.Endpoints {
				if ep.FQDN != nil {
					return net.JoinHostPort(ep.FQDN.Hostname, strconv.Itoa(int(ep.FQDN.Port)))
				}
			}
		}
	}
	if (kind == kindService || kind == kindServiceImport) && ref.Port != nil {
		return net.JoinHostPort(string(ref.Name)+"."+ns, strconv.Itoa(int(*ref.Port)))
	}
	return string(ref.Name) + "." + ns
}

// contextExtensionValue reads the value of a context extension from the
// ConfigMap or Secret key it names in namespace ns. Secret values are
// base64 text, decoded once more, as Envoy Gateway does.
func (t *builder) contextExtensionValue(ref *egv1a1.LocalObjectKeyReference, ns string) ([]byte, error) {
	if ref == nil {
		return nil, errors.New("unexpected nil reference")
	}
	switch string(ref.Kind) {
	case kindConfigMap:
		cm := t.env.ConfigMap(ns, string(ref.Name))
		if cm == nil {
			return nil, fmt.Errorf("can't find the referenced configmap %q in namespace %q", ref.Name, ns)
		}
		v, ok := cm.Data[ref.Key]
		if !ok {
			return nil, fmt.Errorf("can't find the key %q in the referenced configmap %q", ref.Key, ref.Name)
		}
		return []byte(v), nil
	case kindSecret:
		s := t.env.Secret(ns, string(ref.Name))
		if s == nil {
			return nil, fmt.Errorf("can't find the referenced secret %q in namespace %q", ref.Name, ns)
		}
		b, ok := s.Data[ref.Key]
		if !ok {
			return nil, fmt.Errorf("can't find the key %q in the referenced secret %q", ref.Key, ref.Name)
		}
		out := make([]byte, base64.StdEncoding.DecodedLen(len(b)))
		n, err := base64.StdEncoding.Decode(out, b)
		if err != nil {
			return nil, fmt.Errorf("error decoding the base64 value of the key %q in the referenced secret %q: %w", ref.Key, ref.Name, err)
		}
		return out[:n], nil
	}
	return nil, fmt.Errorf("unexpected reference to kind %q", ref.Kind)
}

// authorization is authorization with its rules named and their client
// CIDRs parsed.
type authorization struct {
	defaultAction egv1a1.AuthorizationAction
	rules         []authorizationRule
}

// authorizationRule is one rule of an authorization.
type authorizationRule struct {
	// name is the rule's name, or <policy config name>/authorization/rule/<i>.
	name        string
	clientCIDRs []*net.IPNet
	spec        *egv1a1.AuthorizationRule
}

// buildAuthorization checks and names the rules of a (the default action
// is Deny): client CIDRs parse, a path match is of a known type and a
// regular expression compiles. Default rule names derive from owner.
func buildAuthorization(a *egv1a1.Authorization, owner *egv1a1.SecurityPolicy) (*authorization, error) {
	out := &authorization{defaultAction: egv1a1.AuthorizationActionDeny}
	if a.DefaultAction != nil {
		out.defaultAction = *a.DefaultAction
	}
	for i := range a.Rules {
		r := &a.Rules[i]
		rule := authorizationRule{spec: r}
		if r.Principal != nil {
			for _, c := range r.Principal.ClientCIDRs {
				_, n, err := net.ParseCIDR(string(c))
				if err != nil {
					return nil, fmt.Errorf("unable to translate authorization rule: %w", err)
				}
				rule.clientCIDRs = append(rule.clientCIDRs, n)
			}
			if err := checkGeoLocations(r.Principal.ClientIPGeoLocations); err != nil {
				return nil, fmt.Errorf("unable to translate authorization rule: %w", err)
			}
		}
		if err := checkAuthorizationPath(r.Operation); err != nil {
			return nil, fmt.Errorf("unable to translate authorization rule: %w", err)
		}
		if r.Cel != nil {
			if _, err := cel.Parse(string(*r.Cel)); err != nil {
				return nil, fmt.Errorf("invalid CEL expression: %s", *r.Cel)
			}
		}
		if op := r.Operation; op != nil {
			for j, m := range op.Methods {
				if m == "" {
					return nil, fmt.Errorf("unable to translate authorization rule: operation.methods[%d] must not be empty", j)
				}
			}
		}
		if r.Name != nil && *r.Name != "" {
			rule.name = *r.Name
		} else {
			rule.name = configName(owner) + "/authorization/rule/" + strconv.Itoa(i)
		}
		out.rules = append(out.rules, rule)
	}
	return out, nil
}

// checkGeoLocations checks what the CRD schema would have refused and
// Envoy cannot match (Envoy Gateway does not look): a geolocation that
// sets no criterion, which would match every client, and a negative ASN.
func checkGeoLocations(locs []egv1a1.ClientIPGeoLocation) error {
	for i, g := range locs {
		an := g.Anonymous
		anySet := g.Country != nil || g.Region != nil || g.City != nil || g.Asn != nil || g.Isp != nil ||
			(an != nil && (an.IsAnonymous != nil || an.IsVPN != nil || an.IsHosting != nil || an.IsTor != nil || an.IsProxy != nil))
		if !anySet {
			return fmt.Errorf("clientIPGeoLocations[%d] must set at least one criterion", i)
		}
		if g.Asn != nil && *g.Asn < 0 {
			return fmt.Errorf("clientIPGeoLocations[%d].asn must not be negative, got %d", i, *g.Asn)
		}
	}
	return nil
}

// checkAuthorizationPath checks the path match of an operation: prefix and
// exact matches are fine, a regular expression must compile.
func checkAuthorizationPath(op *egv1a1.Operation) error {
	if op == nil || op.Path == nil {
		return nil
	}
	typ := gwapiv1.PathMatchPathPrefix
	if op.Path.Type != nil {
		typ = *op.Path.Type
	}
	switch typ {
	case gwapiv1.PathMatchPathPrefix, gwapiv1.PathMatchExact:
		return nil
	case gwapiv1.PathMatchRegularExpression:
		if _, err := regexp.Compile(op.Path.Value); err != nil {
			return fmt.Errorf("regex %q is invalid: %v", op.Path.Value, err)
		}
		return nil
	}
	return errors.New("invalid path type")
}

// geoIPNeeds says which GeoIP databases the rules of an authorization use.
type geoIPNeeds struct {
	country, region, city, asn, isp, anonymous bool
}

// usesGeoIP reports whether a rule matches client IP geolocations.
func (a *authorization) usesGeoIP() bool {
	for _, r := range a.rules {
		if r.spec.Principal != nil && len(r.spec.Principal.ClientIPGeoLocations) > 0 {
			return true
		}
	}
	return false
}

// geoIPNeeds collects the GeoIP fields the rules match on.
func (a *authorization) geoIPNeeds() geoIPNeeds {
	var n geoIPNeeds
	for _, r := range a.rules {
		if r.spec.Principal == nil {
			continue
		}
		for _, g := range r.spec.Principal.ClientIPGeoLocations {
			n.country = n.country || g.Country != nil
			n.region = n.region || g.Region != nil
			n.city = n.city || g.City != nil
			n.asn = n.asn || g.Asn != nil
			n.isp = n.isp || g.Isp != nil
			n.anonymous = n.anonymous || g.Anonymous != nil
		}
	}
	return n
}
