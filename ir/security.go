package ir

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
)

// SecurityFeatures are the access-control features of one route: what a
// SecurityPolicy in effect on the route asks for, resolved (secrets read,
// backends turned into destinations, endpoints discovered). Each member is
// nil when the route does not use the feature. Package xds turns each
// member into its Envoy HTTP filter, shared by the routes of a listener
// and enabled per route.
type SecurityFeatures struct {
	// CORS answers cross-origin requests and preflights.
	CORS *CORS `json:"cors,omitempty"`
	// CSRF rejects state-changing requests whose origin is not the
	// destination's.
	CSRF *CSRF `json:"csrf,omitempty"`
	// JWT authenticates requests by JSON Web Token.
	JWT *JWT `json:"jwt,omitempty"`
	// OIDC logs users in with OpenID Connect (Envoy's OAuth2 filter).
	OIDC *OIDC `json:"oidc,omitempty"`
	// APIKeyAuth authenticates requests by API key.
	APIKeyAuth *APIKeyAuth `json:"apiKeyAuth,omitempty"`
	// BasicAuth authenticates requests by HTTP basic authentication.
	BasicAuth *BasicAuth `json:"basicAuth,omitempty"`
	// ExtAuth asks an external service to authorise each request.
	ExtAuth *ExtAuth `json:"extAuth,omitempty"`
	// Authorization allows or denies requests by rules (Envoy's RBAC).
	Authorization *Authorization `json:"authorization,omitempty"`
}

// PrivateBytes is secret material: a client secret, an HMAC key, password
// hashes, API keys. It is rendered as "[redacted]" by String, by fmt's
// verbs and in JSON, so that it never reaches a log line, an error or a
// golden file; only package xds reads the bytes, into Envoy secrets and
// filter configuration. JSON input is base64; "[redacted]" reads as those
// ten bytes, so that a redacted rendering reads back and renders the same
// (it does not hold the secret, of course).
type PrivateBytes []byte

// redacted is how PrivateBytes render.
const redacted = "[redacted]"

// String returns "[redacted]".
func (PrivateBytes) String() string { return redacted }

// GoString returns "[redacted]", for %#v.
func (PrivateBytes) GoString() string { return redacted }

// MarshalJSON writes "[redacted]".
func (PrivateBytes) MarshalJSON() ([]byte, error) { return json.Marshal(redacted) }

// UnmarshalJSON reads base64, or "[redacted]" as its own bytes.
func (p *PrivateBytes) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("private bytes must be a base64 string")
	}
	if s == redacted {
		*p = PrivateBytes(redacted)
		return nil
	}
	v, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return errors.New("private bytes must be a base64 string")
	}
	*p = v
	return nil
}

// CSRF checks the origin of state-changing requests.
type CSRF struct {
	// ShadowFraction is the share of requests only checked, not enforced;
	// nil means every request is enforced.
	ShadowFraction *Fraction `json:"shadowFraction,omitempty"`
	// AdditionalOrigins are origins allowed besides the destination's own.
	AdditionalOrigins []*StringMatch `json:"additionalOrigins,omitempty"`
}

// Fraction is Numerator/Denominator; a nil Denominator means 100.
type Fraction struct {
	Numerator   int32  `json:"numerator"`
	Denominator *int32 `json:"denominator,omitempty"`
}

// JWT authenticates requests by JSON Web Token with any of its providers.
type JWT struct {
	// AllowMissing lets requests without a token through (a token that
	// is present must still be valid).
	AllowMissing bool `json:"allowMissing,omitempty"`
	// AllowMissingOrFailed lets requests with a missing or invalid token
	// through; it supersedes AllowMissing.
	AllowMissingOrFailed bool `json:"allowMissingOrFailed,omitempty"`
	// Providers are the token issuers accepted, any one of which suffices.
	Providers []JWTProvider `json:"providers,omitempty"`
}

// JWTProvider is one accepted token issuer.
type JWTProvider struct {
	// Name is unique among the route's providers; authorization rules
	// refer to it.
	Name string `json:"name"`
	// Issuer must match the token's iss claim when set.
	Issuer string `json:"issuer,omitempty"`
	// Audiences, when set, must include one of the token's aud claims.
	Audiences []string `json:"audiences,omitempty"`
	// RemoteJWKS fetches the signing keys over HTTP(S). Exactly one of
	// RemoteJWKS and LocalJWKS is set.
	RemoteJWKS *RemoteJWKS `json:"remoteJWKS,omitempty"`
	// LocalJWKS holds the signing keys as a JSON Web Key Set.
	LocalJWKS *string `json:"localJWKS,omitempty"`
	// ClaimToHeaders copy claims into request headers.
	ClaimToHeaders []ClaimToHeader `json:"claimToHeaders,omitempty"`
	// RecomputeRoute makes Envoy choose the route again after the
	// headers above were added.
	RecomputeRoute *bool `json:"recomputeRoute,omitempty"`
	// ExtractFrom says where the token is read; nil means the
	// Authorization header (Bearer) and the access_token parameter.
	ExtractFrom *JWTExtractor `json:"extractFrom,omitempty"`
}

// RemoteJWKS is a JSON Web Key Set fetched from URI.
type RemoteJWKS struct {
	// Destination is the cluster the keys are fetched through; nil means
	// one derived from URI's host and port.
	Destination *RouteDestination `json:"destination,omitempty"`
	// Traffic holds the connection settings towards Destination.
	Traffic *TrafficFeatures `json:"traffic,omitempty"`
	// URI is the HTTP(S) address of the key set.
	URI string `json:"uri"`
	// CacheDuration is how long fetched keys are kept; nil means Envoy's
	// default (5 minutes).
	CacheDuration *Duration `json:"cacheDuration,omitempty"`
	// FailedRefetchDuration is the wait before fetching again after a
	// failure; nil means Envoy's default (1 second).
	FailedRefetchDuration *Duration `json:"failedRefetchDuration,omitempty"`
}

// ClaimToHeader copies one claim into a request header.
type ClaimToHeader struct {
	// Header is the request header set.
	Header string `json:"header"`
	// Claim is the claim copied; nested claims are dot-separated.
	Claim string `json:"claim"`
}

// JWTExtractor lists where a token may be read from.
type JWTExtractor struct {
	// Headers are read in order, each with an optional value prefix.
	Headers []JWTHeaderExtractor `json:"headers,omitempty"`
	// Cookies are cookie names.
	Cookies []string `json:"cookies,omitempty"`
	// Params are query parameter names.
	Params []string `json:"params,omitempty"`
}

// JWTHeaderExtractor reads a token from a header.
type JWTHeaderExtractor struct {
	// Name is the header name.
	Name string `json:"name"`
	// ValuePrefix is stripped from the value, for example "Bearer ".
	ValuePrefix *string `json:"valuePrefix,omitempty"`
}

// OIDC logs users in with an OpenID Connect provider.
type OIDC struct {
	// Name is unique within the IR (securitypolicy/<namespace>/<name>):
	// one OAuth2 filter is built per name, and its secrets are named after
	// it.
	Name string `json:"name"`
	// Provider is the identity provider.
	Provider OIDCProvider `json:"provider"`
	// ClientID identifies the client to the provider.
	ClientID string `json:"clientID"`
	// ClientSecret authenticates the client to the provider.
	ClientSecret PrivateBytes `json:"clientSecret,omitempty"`
	// HMACSecret signs the filter's cookies.
	HMACSecret PrivateBytes `json:"hmacSecret,omitempty"`
	// Scopes are requested; they include openid.
	Scopes []string `json:"scopes,omitempty"`
	// Resources are requested as resource indicators.
	Resources []string `json:"resources,omitempty"`
	// RedirectURL is where the provider sends the user back; it may hold
	// Envoy substitutions such as %REQ(:authority)%.
	RedirectURL string `json:"redirectURL,omitempty"`
	// RedirectPath is the path part of RedirectURL, served by the filter.
	RedirectPath string `json:"redirectPath,omitempty"`
	// LogoutPath logs the user out.
	LogoutPath string `json:"logoutPath,omitempty"`
	// ForwardAccessToken passes the access token upstream as a Bearer
	// Authorization header.
	ForwardAccessToken bool `json:"forwardAccessToken,omitempty"`
	// ForwardIDTokenHeader, when set, passes the ID token upstream in
	// this header.
	ForwardIDTokenHeader *string `json:"forwardIDTokenHeader,omitempty"`
	// DefaultTokenTTL is the token lifetime when the provider gives none.
	DefaultTokenTTL *Duration `json:"defaultTokenTTL,omitempty"`
	// RefreshToken refreshes expired tokens automatically.
	RefreshToken bool `json:"refreshToken,omitempty"`
	// DefaultRefreshTokenTTL is the refresh token lifetime when the
	// provider gives none.
	DefaultRefreshTokenTTL *Duration `json:"defaultRefreshTokenTTL,omitempty"`
	// CSRFTokenTTL is the lifetime of the CSRF token cookie.
	CSRFTokenTTL *Duration `json:"csrfTokenTTL,omitempty"`
	// CookieSuffix is appended to the filter's cookie names, so that
	// several filters do not overwrite each other's cookies.
	CookieSuffix string `json:"cookieSuffix,omitempty"`
	// CookieNameOverrides replace generated cookie names.
	CookieNameOverrides *OIDCCookieNames `json:"cookieNameOverrides,omitempty"`
	// CookieDomain is the domain of the cookies.
	CookieDomain *string `json:"cookieDomain,omitempty"`
	// CookieConfig sets the SameSite attribute of the cookies.
	CookieConfig *OIDCCookieConfig `json:"cookieConfig,omitempty"`
	// PassThroughAuthHeader skips OIDC for requests that carry a token
	// the JWT filter reads.
	PassThroughAuthHeader bool `json:"passThroughAuthHeader,omitempty"`
	// DisableTokenEncryption stores tokens in cookies unencrypted.
	DisableTokenEncryption bool `json:"disableTokenEncryption,omitempty"`
	// DenyRedirect lists requests that get 401 instead of a redirect to
	// the provider.
	DenyRedirect *OIDCDenyRedirect `json:"denyRedirect,omitempty"`
}

// OIDCProvider is an OpenID Connect provider's endpoints and how to reach
// it.
type OIDCProvider struct {
	// Destination is the cluster the token endpoint is called through;
	// nil means one derived from TokenEndpoint's host and port.
	Destination *RouteDestination `json:"destination,omitempty"`
	// Traffic holds the connection settings towards Destination.
	Traffic *TrafficFeatures `json:"traffic,omitempty"`
	// AuthorizationEndpoint is where users are sent to log in.
	AuthorizationEndpoint string `json:"authorizationEndpoint"`
	// TokenEndpoint exchanges codes for tokens.
	TokenEndpoint string `json:"tokenEndpoint"`
	// EndSessionEndpoint, when set, is where logout sends users.
	EndSessionEndpoint *string `json:"endSessionEndpoint,omitempty"`
}

// OIDCCookieNames override the names of the access and ID token cookies.
type OIDCCookieNames struct {
	AccessToken *string `json:"accessToken,omitempty"`
	IDToken     *string `json:"idToken,omitempty"`
}

// OIDCCookieConfig sets attributes of the OAuth2 filter's cookies.
type OIDCCookieConfig struct {
	// SameSite is Lax, Strict or None; nil leaves it unset.
	SameSite *string `json:"sameSite,omitempty"`
}

// OIDCDenyRedirect lists the requests that are not redirected to the
// provider: those whose headers all match.
type OIDCDenyRedirect struct {
	Headers []OIDCDenyRedirectHeader `json:"headers"`
}

// OIDCDenyRedirectHeader matches one request header.
type OIDCDenyRedirectHeader struct {
	// Name is the header name.
	Name string `json:"name"`
	// Type is Exact (nil), Prefix, Suffix or RegularExpression.
	Type *string `json:"type,omitempty"`
	// Value is matched against the header value.
	Value string `json:"value"`
}

// BasicAuth authenticates requests with user names and passwords.
type BasicAuth struct {
	// Name is unique within the IR (securitypolicy/<namespace>/<name>):
	// one filter is built per name.
	Name string `json:"name"`
	// Users are htpasswd lines (user:{SHA}hash).
	Users PrivateBytes `json:"users,omitempty"`
	// ForwardUsernameHeader, when set, passes the authenticated user name
	// upstream in this header.
	ForwardUsernameHeader *string `json:"forwardUsernameHeader,omitempty"`
}

// APIKeyAuth authenticates requests by API key.
type APIKeyAuth struct {
	// Credentials are the accepted keys, one per client, sorted by
	// client.
	Credentials []APIKeyCredential `json:"credentials,omitempty"`
	// ExtractFrom are the places a key is read from, first match wins.
	ExtractFrom []*ExtractFrom `json:"extractFrom"`
	// ForwardClientIDHeader, when set, passes the client id upstream in
	// this header.
	ForwardClientIDHeader *string `json:"forwardClientIDHeader,omitempty"`
	// Sanitize removes the key from the request before forwarding it.
	Sanitize *bool `json:"sanitize,omitempty"`
}

// APIKeyCredential is one client's API key.
type APIKeyCredential struct {
	Client PrivateBytes `json:"client"`
	Key    PrivateBytes `json:"key"`
}

// ExtractFrom lists headers, query parameters or cookies (one kind) that
// may carry an API key.
type ExtractFrom struct {
	Headers []string `json:"headers,omitempty"`
	Params  []string `json:"params,omitempty"`
	Cookies []string `json:"cookies,omitempty"`
}

// ExtAuth asks an external service, over HTTP or gRPC (exactly one is
// set), whether to let each request through.
type ExtAuth struct {
	// Name is unique within the IR (securitypolicy/<namespace>/<name>):
	// one filter is built per name.
	Name string `json:"name"`
	// GRPC is a gRPC authorization service (Envoy's ext_authz protocol).
	GRPC *GRPCExtAuthService `json:"grpc,omitempty"`
	// HTTP is an HTTP authorization service.
	HTTP *HTTPExtAuthService `json:"http,omitempty"`
	// Traffic holds the connection settings towards the service.
	Traffic *TrafficFeatures `json:"traffic,omitempty"`
	// HeadersToExtAuth are the request headers sent to the service; nil
	// means all of them for gRPC and a fixed few for HTTP.
	HeadersToExtAuth []string `json:"headersToExtAuth,omitempty"`
	// BodyToExtAuth, when set, sends the request body too.
	BodyToExtAuth *BodyToExtAuth `json:"bodyToExtAuth,omitempty"`
	// Timeout bounds each call; nil means 10 seconds.
	Timeout *Duration `json:"timeout,omitempty"`
	// FailOpen lets requests through when the service cannot answer.
	FailOpen *bool `json:"failOpen,omitempty"`
	// RecomputeRoute makes Envoy choose the route again after the
	// service's headers were added.
	RecomputeRoute *bool `json:"recomputeRoute,omitempty"`
	// IncludeRouteMetadata sends the route's metadata to the service.
	IncludeRouteMetadata *bool `json:"includeRouteMetadata,omitempty"`
	// ContextExtensions are sent to the service, never upstream.
	ContextExtensions []*ContextExtension `json:"contextExtensions,omitempty"`
	// StatusOnError is the status answered when the service fails; nil
	// means 403.
	StatusOnError *int32 `json:"statusOnError,omitempty"`
}

// BodyToExtAuth sends request bodies of at most MaxRequestBytes to the
// authorization service (larger ones get 413).
type BodyToExtAuth struct {
	MaxRequestBytes uint32 `json:"maxRequestBytes"`
}

// ContextExtension is one key and value sent to the authorization service.
type ContextExtension struct {
	Name  string       `json:"name"`
	Value PrivateBytes `json:"value"`
}

// HTTPExtAuthService is an HTTP authorization service.
type HTTPExtAuthService struct {
	// Destination is the service's cluster.
	Destination RouteDestination `json:"destination"`
	// Authority is the service's host:port.
	Authority string `json:"authority"`
	// Path is prefixed to the request path in calls to the service.
	Path string `json:"path"`
	// PathOverride replaces the request path in calls to the service.
	PathOverride string `json:"pathOverride,omitempty"`
	// HeadersToBackend are the service's response headers copied onto
	// the request sent upstream.
	HeadersToBackend []string `json:"headersToBackend,omitempty"`
}

// GRPCExtAuthService is a gRPC authorization service.
type GRPCExtAuthService struct {
	// Destination is the service's cluster.
	Destination RouteDestination `json:"destination"`
	// Authority is the service's host:port.
	Authority string `json:"authority"`
}

// Authorization allows or denies requests by the first rule that matches,
// else by DefaultAction.
type Authorization struct {
	Rules []*AuthorizationRule `json:"rules,omitempty"`
	// DefaultAction is Allow or Deny.
	DefaultAction string `json:"defaultAction"`
}

// AuthorizationRule is one rule: when the operation and the principal
// match, Action applies.
type AuthorizationRule struct {
	// Name is unique among the rules.
	Name string `json:"name"`
	// Action is Allow or Deny.
	Action string `json:"action"`
	// Operation matches the request's method and path; nil matches all.
	Operation *AuthorizationOperation `json:"operation,omitempty"`
	// Principal matches who sends the request.
	Principal Principal `json:"principal"`
	// CEL, when set, is a CEL expression that must also hold.
	CEL *string `json:"cel,omitempty"`
}

// AuthorizationOperation matches what a request does.
type AuthorizationOperation struct {
	// Methods match any of the HTTP methods.
	Methods []string `json:"methods,omitempty"`
	// Path matches the request path.
	Path *AuthorizationPathMatch `json:"path,omitempty"`
}

// AuthorizationPathMatch matches a path by Type: PathPrefix (nil), Exact or
// RegularExpression; Invert makes it hold for the paths that do not match.
type AuthorizationPathMatch struct {
	Type   *string `json:"type,omitempty"`
	Value  string  `json:"value"`
	Invert bool    `json:"invert,omitempty"`
}

// Principal matches who sends a request; every member that is set must
// match.
type Principal struct {
	// ClientCIDRs match the client address, any of them.
	ClientCIDRs []*CIDRMatch `json:"clientCIDRs,omitempty"`
	// JWT matches claims and scopes of a verified token.
	JWT *JWTPrincipal `json:"jwt,omitempty"`
	// Headers match request headers, all of them.
	Headers []AuthorizationHeaderMatch `json:"headers,omitempty"`
	// ClientIPGeoLocations match the client's geolocation, any of them.
	ClientIPGeoLocations []ClientIPGeoLocation `json:"clientIPGeoLocations,omitempty"`
}

// CIDRMatch is an address range.
type CIDRMatch struct {
	// CIDR is the range, for example 10.0.0.0/8.
	CIDR string `json:"cidr"`
	// MaskLen is the prefix length.
	MaskLen uint32 `json:"maskLen"`
	// IsIPv6 is set for IPv6 ranges.
	IsIPv6 bool `json:"isIPv6"`
	// Distinct, for rate limits, counts each address separately.
	Distinct bool `json:"distinct"`
	// Invert matches addresses outside the range.
	Invert bool `json:"invert"`
}

// JWTPrincipal matches the token verified by Provider.
type JWTPrincipal struct {
	Provider string     `json:"provider"`
	Claims   []JWTClaim `json:"claims,omitempty"`
	Scopes   []string   `json:"scopes,omitempty"`
}

// JWTClaim matches a claim against any of Values. ValueType is String
// (nil) or StringArray.
type JWTClaim struct {
	Name      string   `json:"name"`
	ValueType *string  `json:"valueType,omitempty"`
	Values    []string `json:"values"`
}

// AuthorizationHeaderMatch matches a header against any of Values.
type AuthorizationHeaderMatch struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// ClientIPGeoLocation matches the client's geolocation; every member that
// is set must match.
type ClientIPGeoLocation struct {
	Country   *string              `json:"country,omitempty"`
	Region    *string              `json:"region,omitempty"`
	City      *string              `json:"city,omitempty"`
	ASN       *int32               `json:"asn,omitempty"`
	ISP       *string              `json:"isp,omitempty"`
	Anonymous *GeoIPAnonymousMatch `json:"anonymous,omitempty"`
}

// GeoIPAnonymousMatch matches the anonymity flags of the client address.
type GeoIPAnonymousMatch struct {
	IsAnonymous *bool `json:"isAnonymous,omitempty"`
	IsVPN       *bool `json:"isVPN,omitempty"`
	IsHosting   *bool `json:"isHosting,omitempty"`
	IsTor       *bool `json:"isTor,omitempty"`
	IsProxy     *bool `json:"isProxy,omitempty"`
}

// PrivateValues returns every non-empty PrivateBytes value x holds, once
// each, sorted. They are what a caller that renders the
// Envoy configuration itself (where package xds has put these bytes into
// filters and secrets) must scrub; package ir never renders them.
func (x *Xds) PrivateValues() [][]byte {
	var out [][]byte
	seen := map[string]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice:
			if v.Type() == privateBytesType {
				if b := v.Bytes(); len(b) > 0 && !seen[string(b)] {
					seen[string(b)] = true
					out = append(out, bytes.Clone(b))
				}
				return
			}
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(v.MapIndex(k))
			}
		}
	}
	if x != nil {
		walk(reflect.ValueOf(x))
	}
	slices.SortFunc(out, bytes.Compare)
	return out
}

var privateBytesType = reflect.TypeFor[PrivateBytes]()
