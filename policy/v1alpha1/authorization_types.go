package v1alpha1

import (
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Authorization holds access-control rules checked against each request after
// authentication. Rules are tried in order and the first match decides; if none
// matches, DefaultAction applies. With neither rules nor a default action, every
// request is denied.
type Authorization struct {
	// Rules is the ordered rule list. Only the first matching rule takes effect,
	// so an earlier Allow wins over a later Deny for the same request.
	// +optional
	Rules []AuthorizationRule `json:"rules,omitempty"`

	// DefaultAction is applied when no rule matches. It defaults to Deny.
	// +optional
	DefaultAction *AuthorizationAction `json:"defaultAction,omitempty"`
}

// AuthorizationRule is one access rule: when the request matches all of the
// criteria that are set, Action is applied. At least one of Principal and Cel
// must be given.
type AuthorizationRule struct {
	// Name is a human-readable label for the rule. When unset, a unique name is
	// generated.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +optional
	Name *string `json:"name,omitempty"`

	// Action is taken when the rule matches: Allow or Deny.
	// +required
	Action AuthorizationAction `json:"action"`

	// Operation restricts the rule to certain methods and paths. When unset, the
	// rule applies to any request.
	// +optional
	Operation *Operation `json:"operation,omitempty"`

	// Principal describes who is making the request (client IP, JWT claims,
	// headers, location). When several kinds of identity are set, all of them must
	// match.
	// +optional
	Principal *Principal `json:"principal,omitempty"`

	// Cel is a Common Expression Language expression evaluated against Envoy's
	// request and connection attributes, e.g. request.method or source.address. The
	// rule only matches when it returns boolean true; false, other types, null and
	// evaluation errors count as no match. Response attributes are not available.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=4096
	// +optional
	Cel *CELExpression `json:"cel,omitempty"`
}

// AuthorizationAction is the verdict of an authorization rule: Allow or Deny.
// +kubebuilder:validation:Enum=Allow;Deny
type AuthorizationAction string

const (
	// AuthorizationActionAllow lets the request through.
	AuthorizationActionAllow AuthorizationAction = "Allow"
	// AuthorizationActionDeny rejects the request with 403.
	AuthorizationActionDeny AuthorizationAction = "Deny"
)

// Operation matches what the request does, by HTTP method and path. At least
// one of Methods and Path must be set, and both must match when both are set.
type Operation struct {
	// Methods lists HTTP methods; the request matches if it uses any of them (1 to 16 entries).
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Methods []gwapiv1.HTTPMethod `json:"methods,omitempty"`

	// Path matches the request path; the Exact, PathPrefix and RegularExpression
	// match types are supported.
	// +optional
	Path *PathMatch `json:"path,omitempty"`
}

// Principal identifies the client of a request by address, token, headers or
// location. At least one field must be set, and all fields that are set must
// match.
type Principal struct {
	// ClientCIDRs lists IPv4 or IPv6 ranges; the client matches if its address
	// falls in any of them. For HTTP the address comes from the client IP detection
	// or PROXY protocol configured in ClientTrafficPolicy; for TCPRoute targets it is
	// the connection's peer address, so intermediaries must preserve the source IP.
	// +kubebuilder:validation:MinItems=1
	// +optional
	ClientCIDRs []CIDR `json:"clientCIDRs,omitempty"`

	// JWT matches on claims and scopes of the verified token. The referenced
	// provider must be configured in the JWT section of the same SecurityPolicy.
	// +optional
	JWT *JWTPrincipal `json:"jwt,omitempty"`

	// Headers matches identity carried in request headers; every listed header
	// must match (1 to 256 entries).
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=256
	// +optional
	Headers []AuthorizationHeaderMatch `json:"headers,omitempty"`

	// ClientIPGeoLocations matches the location and network data derived from the
	// client IP by the GeoIP provider configured on the EnvoyProxy; any entry may
	// match. Not supported for TCPRoute targets.
	// +kubebuilder:validation:MinItems=1
	// +optional
	ClientIPGeoLocations []ClientIPGeoLocation `json:"clientIPGeoLocations,omitempty"`
}

// JWTPrincipal identifies a client by the content of its verified JWT. At least
// one of Claims and Scopes must be set; when both are, both must match.
type JWTPrincipal struct {
	// Provider is the name of the JWT provider, defined in the same
	// SecurityPolicy, that verified the token.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +required
	Provider string `json:"provider"`

	// Claims lists claim conditions, all of which must hold (1 to 16 entries).
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Claims []JWTClaim `json:"claims,omitempty"`

	// Scopes lists permissions that must all be present in the token's
	// space-separated scope (or scp) claim (1 to 16 entries).
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=16
	// +optional
	Scopes []JWTScope `json:"scopes,omitempty"`
}

// JWTClaim is a condition on one claim of a JWT.
type JWTClaim struct {
	// Name is the claim name; nested claims use a dot-separated path such as
	// "organization.department".
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +required
	Name string `json:"name"`

	// ValueType is the claim's JSON type, String or StringArray. It defaults to
	// String.
	// +kubebuilder:default=String
	// +optional
	ValueType *JWTClaimValueType `json:"valueType,omitempty"`

	// Values lists accepted values; the condition holds if any of them equals the
	// claim (for String) or is contained in it (for StringArray).
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=128
	// +required
	Values []string `json:"values"`
}

// JWTClaimValueType is the JSON type of a JWT claim used for authorization.
// +kubebuilder:validation:Enum=String;StringArray
type JWTClaimValueType string

const (
	// JWTClaimValueTypeString is a single string claim.
	JWTClaimValueTypeString JWTClaimValueType = "String"
	// JWTClaimValueTypeStringArray is a claim holding an array of strings.
	JWTClaimValueTypeStringArray JWTClaimValueType = "StringArray"
)

// JWTScope is one OAuth2 scope expected in a token's scope claim.
type JWTScope string

// AuthorizationHeaderMatch compares a request header against a set of values.
type AuthorizationHeaderMatch struct {
	// Name is the header name, compared case-insensitively.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +required
	Name string `json:"name"`

	// Values lists accepted header values; any one of them matches.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:MaxItems=256
	// +required
	Values []string `json:"values"`
}

// ClientIPGeoLocation is a set of GeoIP criteria for the client address. At
// least one field must be set.
type ClientIPGeoLocation struct {
	// Country is a two-letter ISO 3166 country code.
	// +kubebuilder:validation:MinLength=2
	// +kubebuilder:validation:MaxLength=2
	// +kubebuilder:validation:Pattern=`^[A-Za-z]{2}$`
	// +optional
	Country *string `json:"country,omitempty"`

	// Region is an ISO subdivision code of the client location.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=16
	// +kubebuilder:validation:Pattern=`^[A-Za-z0-9-]+$`
	// +optional
	Region *string `json:"region,omitempty"`

	// City is the city name reported for the client IP.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	// +optional
	City *string `json:"city,omitempty"`

	// Asn is the autonomous system number the client IP belongs to.
	// +kubebuilder:validation:Minimum=1
	// +optional
	Asn *int32 `json:"asn,omitempty"`

	// Isp is the name of the client's internet service provider.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=256
	// +optional
	Isp *string `json:"isp,omitempty"`

	// Anonymous matches anonymizing-network signals (VPN, Tor, proxy and so on).
	// +optional
	Anonymous *GeoIPAnonymousMatch `json:"anonymous,omitempty"`
}

// GeoIPAnonymousMatch matches the anonymous-network flags reported by the GeoIP
// provider. At least one field must be set, and all set fields must match; one IP
// can carry several flags at once.
type GeoIPAnonymousMatch struct {
	// IsAnonymous matches the provider's general anonymous-IP flag.
	// +optional
	IsAnonymous *bool `json:"isAnonymous,omitempty"`

	// IsVPN matches IPs detected as VPN endpoints.
	// +optional
	IsVPN *bool `json:"isVPN,omitempty"`

	// IsHosting matches IPs owned by hosting or cloud providers.
	// +optional
	IsHosting *bool `json:"isHosting,omitempty"`

	// IsTor matches Tor exit nodes.
	// +optional
	IsTor *bool `json:"isTor,omitempty"`

	// IsProxy matches public proxies.
	// +optional
	IsProxy *bool `json:"isProxy,omitempty"`
}

// CELExpression is a Common Expression Language expression used in authorization rules.
type CELExpression string
