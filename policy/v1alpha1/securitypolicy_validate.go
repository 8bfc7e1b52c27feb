package v1alpha1

import (
	"regexp"

	"k8s.io/apimachinery/pkg/util/validation/field"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// Kinds a SecurityPolicy may target, and the route kinds among them, which
// are the only targets a merging SecurityPolicy may have.
var (
	securityTargetKinds = []gwapiv1.Kind{kindGateway, kindListenerSet, kindHTTPRoute, kindGRPCRoute, kindTCPRoute}
	securityRouteKinds  = []gwapiv1.Kind{kindHTTPRoute, kindGRPCRoute, kindTCPRoute}
)

// originFormat is the format of a CORS or CSRF origin: "*", or a scheme and
// host (which may start with a wildcard label) with an optional port.
var originFormat = stringFormat{
	minLen: 1, maxLen: 253,
	pattern: regexp.MustCompile(`^(\*|[A-Za-z][A-Za-z0-9+.-]*:\/\/(\*|(\*\.)?(([\w-]+\.?)+)?[\w-]+)(:\d{1,5})?)$`),
	what:    `"*" or an origin such as https://*.example.com:8443`,
}

// errorStatusCodes are the HTTP statuses an extension may answer with when it
// fails.
var errorStatusCodes = []int{
	400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 423, 424,
	426, 428, 429, 431, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
}

// Validate checks the SecurityPolicy against the rules of its published
// schema: see the package documentation for what that covers.
func (sp *SecurityPolicy) Validate() field.ErrorList {
	if sp == nil {
		return nil
	}
	p := field.NewPath("spec")
	s := &sp.Spec
	errs := validateTargets(s.PolicyTargetReferences, p, securityTargetKinds)
	errs = append(errs, validateMergeType(s.MergeType, s.PolicyTargetReferences, p, securityRouteKinds)...)
	errs = append(errs, validateAPIKeyAuth(s.APIKeyAuth, p.Child("apiKeyAuth"))...)
	if s.CORS != nil {
		errs = append(errs, stringItems(s.CORS.AllowOrigins, p.Child("cors", "allowOrigins"), originFormat)...)
		errs = append(errs, optionalDuration(s.CORS.MaxAge, p.Child("cors", "maxAge"))...)
	}
	if s.CSRF != nil {
		errs = append(errs, validateFraction(s.CSRF.ShadowFraction, p.Child("csrf", "shadowFraction"))...)
		errs = append(errs, maxItems(len(s.CSRF.AdditionalOrigins), p.Child("csrf", "additionalOrigins"), 16)...)
		errs = append(errs, stringItems(s.CSRF.AdditionalOrigins, p.Child("csrf", "additionalOrigins"), originFormat)...)
	}
	if s.BasicAuth != nil {
		errs = append(errs, validateSecretRef(&s.BasicAuth.Users, p.Child("basicAuth", "users"))...)
	}
	errs = append(errs, validateJWT(s.JWT, p.Child("jwt"))...)
	errs = append(errs, validateOIDC(s.OIDC, p.Child("oidc"))...)
	errs = append(errs, validateExtAuth(s.ExtAuth, p.Child("extAuth"))...)
	errs = append(errs, validateAuthorization(s.Authorization, p.Child("authorization"))...)
	if s.JWT == nil && authorizesJWT(s.Authorization) {
		errs = append(errs, field.Required(p.Child("jwt"), "must be set when an authorization rule matches JWT claims or scopes"))
	}
	return errs
}

// authorizesJWT reports whether an authorization rule matches on JWT claims
// or scopes, which need JWT authentication to be configured.
func authorizesJWT(a *Authorization) bool {
	if a == nil {
		return false
	}
	for _, r := range a.Rules {
		if r.Principal != nil && r.Principal.JWT != nil {
			return true
		}
	}
	return false
}

// validateAPIKeyAuth checks API key authentication: where keys are stored,
// and where each is read from (exactly one kind of source per entry).
func validateAPIKeyAuth(a *APIKeyAuth, p *field.Path) field.ErrorList {
	if a == nil {
		return nil
	}
	cp := p.Child("credentialRefs")
	errs := required(a.CredentialRefs != nil, cp)
	for i := range a.CredentialRefs {
		errs = append(errs, validateSecretRef(&a.CredentialRefs[i], cp.Index(i))...)
	}
	ep := p.Child("extractFrom")
	errs = append(errs, required(a.ExtractFrom != nil, ep)...)
	errs = append(errs, minItems(a.ExtractFrom, ep, 1)...)
	for i, e := range a.ExtractFrom {
		errs = append(errs, validateKeySource(e, ep.Index(i))...)
	}
	return errs
}

// validateKeySource checks one place an API key is read from.
func validateKeySource(e ExtractFrom, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, l := range []struct {
		name  string
		items []string
	}{{"headers", e.Headers}, {"params", e.Params}, {"cookies", e.Cookies}} {
		errs = append(errs, minItems(l.items, p.Child(l.name), 1)...)
		errs = append(errs, stringItems(l.items, p.Child(l.name), nonEmptyFormat)...)
	}
	return append(errs, exactlyOne(p, member{"headers", e.Headers != nil}, member{"params", e.Params != nil}, member{"cookies", e.Cookies != nil})...)
}

// validateJWT checks JWT authentication. A missing token can be allowed
// (optional) or a failing one let through (failOpen), not both.
func validateJWT(j *JWT, p *field.Path) field.ErrorList {
	if j == nil {
		return nil
	}
	pp := p.Child("providers")
	errs := required(j.Providers != nil, pp)
	errs = append(errs, itemCount(j.Providers, pp, 1, 16)...)
	for i := range j.Providers {
		errs = append(errs, validateJWTProvider(&j.Providers[i], pp.Index(i))...)
	}
	if j.Optional != nil && j.FailOpen != nil {
		errs = append(errs, field.Forbidden(p.Child("failOpen"), "may not be set together with optional"))
	}
	return errs
}

// validateJWTProvider checks one JWT provider: its keys come from exactly one
// of a remote or a local JWKS, and recomputing the route only makes sense
// when claims are copied to headers.
func validateJWTProvider(jp *JWTProvider, p *field.Path) field.ErrorList {
	errs := requiredString(jp.Name, p.Child("name"), stringFormat{minLen: 1, maxLen: 253})
	errs = append(errs, optionalString(jp.Issuer, p.Child("issuer"), stringFormat{maxLen: 253})...)
	errs = append(errs, maxItems(len(jp.Audiences), p.Child("audiences"), 8)...)
	errs = append(errs, validateRemoteJWKS(jp.RemoteJWKS, p.Child("remoteJWKS"))...)
	errs = append(errs, validateLocalJWKS(jp.LocalJWKS, p.Child("localJWKS"))...)
	for i, c := range jp.ClaimToHeaders {
		cp := p.Child("claimToHeaders").Index(i)
		errs = append(errs, required(c.Header != "", cp.Child("header"))...)
		errs = append(errs, required(c.Claim != "", cp.Child("claim"))...)
	}
	if jp.ExtractFrom != nil {
		for i, h := range jp.ExtractFrom.Headers {
			errs = append(errs, required(h.Name != "", p.Child("extractFrom", "headers").Index(i).Child("name"))...)
		}
	}
	if deref(jp.RecomputeRoute, false) && len(jp.ClaimToHeaders) == 0 {
		errs = append(errs, field.Required(p.Child("claimToHeaders"), "must be set when recomputeRoute is true"))
	}
	return append(errs, exactlyOne(p, member{"remoteJWKS", jp.RemoteJWKS != nil}, member{"localJWKS", jp.LocalJWKS != nil})...)
}

// validateRemoteJWKS checks a JWKS fetched over HTTP(S).
func validateRemoteJWKS(r *RemoteJWKS, p *field.Path) field.ErrorList {
	if r == nil {
		return nil
	}
	errs := validateBackendCluster(&r.BackendCluster, p)
	errs = append(errs, forbidSingleBackendRef(&r.BackendCluster, p)...)
	errs = append(errs, requiredString(r.URI, p.Child("uri"), stringFormat{minLen: 1, maxLen: 253})...)
	errs = append(errs, optionalDuration(r.CacheDuration, p.Child("cacheDuration"))...)
	errs = append(errs, optionalDuration(r.FailedRefetchDuration, p.Child("failedRefetchDuration"))...)
	return append(errs, jwksRetry(r.BackendSettings, p.Child("backendSettings", "retry"))...)
}

// jwksRetry checks the retries of JWKS fetches, which can neither time out
// each attempt nor retry on chosen HTTP status codes.
func jwksRetry(bs *ClusterSettings, p *field.Path) field.ErrorList {
	if bs == nil || bs.Retry == nil {
		return nil
	}
	var errs field.ErrorList
	if pr := bs.Retry.PerRetry; pr != nil && pr.Timeout != nil {
		errs = append(errs, field.Forbidden(p.Child("perRetry", "timeout"), "is not supported for JWKS fetches"))
	}
	if on := bs.Retry.RetryOn; on != nil && on.HTTPStatusCodes != nil {
		errs = append(errs, field.Forbidden(p.Child("retryOn", "httpStatusCodes"), "is not supported for JWKS fetches"))
	}
	return errs
}

// validateLocalJWKS checks a JWKS given inline (the default) or in a
// ConfigMap.
func validateLocalJWKS(l *LocalJWKS, p *field.Path) field.ErrorList {
	if l == nil {
		return nil
	}
	typ := orDefault(l.Type, LocalJWKSTypeInline)
	errs := enumValue(typ, p.Child("type"), LocalJWKSTypeInline, LocalJWKSTypeValueRef)
	errs = append(errs, validateLocalObjectRef(l.ValueRef, p.Child("valueRef"))...)
	return append(errs, inlineOrRef(p, typ, LocalJWKSTypeInline, LocalJWKSTypeValueRef, "inline", l.Inline != nil, l.ValueRef != nil)...)
}

// validateOIDC checks OIDC authentication: the client ID is given inline or
// by reference, and the ID token cannot be forwarded in the Authorization
// header when the access token already is.
func validateOIDC(o *OIDC, p *field.Path) field.ErrorList {
	if o == nil {
		return nil
	}
	errs := validateOIDCProvider(&o.Provider, p.Child("provider"))
	errs = append(errs, optionalString(o.ClientID, p.Child("clientID"), nonEmptyFormat)...)
	errs = append(errs, validateSecretRef(o.ClientIDRef, p.Child("clientIDRef"))...)
	errs = append(errs, validateSecretRef(&o.ClientSecret, p.Child("clientSecret"))...)
	if o.CookieConfig != nil {
		errs = append(errs, optionalEnum(o.CookieConfig.SameSite, p.Child("cookieConfig", "sameSite"), "Lax", "Strict", "None")...)
	}
	errs = append(errs, optionalString(o.CookieDomain, p.Child("cookieDomain"), stringFormat{pattern: dnsSubdomainPattern, what: hostnameFormat.what})...)
	errs = append(errs, optionalDuration(o.DefaultTokenTTL, p.Child("defaultTokenTTL"))...)
	errs = append(errs, optionalDuration(o.DefaultRefreshTokenTTL, p.Child("defaultRefreshTokenTTL"))...)
	errs = append(errs, optionalDuration(o.CSRFTokenTTL, p.Child("csrfTokenTTL"))...)
	errs = append(errs, validateDenyRedirect(o.DenyRedirect, p.Child("denyRedirect"))...)
	errs = append(errs, validateIDTokenForwarding(o.ForwardIDToken, p.Child("forwardIDToken"))...)
	errs = append(errs, exactlyOne(p, member{"clientID", o.ClientID != nil}, member{"clientIDRef", o.ClientIDRef != nil})...)
	if deref(o.ForwardAccessToken, false) && o.ForwardIDToken != nil && asciiLower(o.ForwardIDToken.Header) == "authorization" {
		errs = append(errs, field.Forbidden(p.Child("forwardIDToken", "header"), "may not be Authorization when forwardAccessToken is true, which uses that header"))
	}
	return errs
}

// validateOIDCProvider checks the OIDC provider and the backends used to reach
// it.
func validateOIDCProvider(op *OIDCProvider, p *field.Path) field.ErrorList {
	errs := validateBackendCluster(&op.BackendCluster, p)
	errs = append(errs, forbidSingleBackendRef(&op.BackendCluster, p)...)
	return append(errs, requiredString(op.Issuer, p.Child("issuer"), nonEmptyFormat)...)
}

// validateDenyRedirect checks the request headers for which OIDC answers 401
// instead of redirecting to the provider.
func validateDenyRedirect(d *OIDCDenyRedirect, p *field.Path) field.ErrorList {
	if d == nil {
		return nil
	}
	hp := p.Child("headers")
	errs := required(d.Headers != nil, hp)
	errs = append(errs, itemCount(d.Headers, hp, 1, 16)...)
	for i, h := range d.Headers {
		errs = append(errs, requiredString(h.Name, hp.Index(i).Child("name"), nonEmptyFormat)...)
		errs = append(errs, validateStringMatch(h.StringMatch, hp.Index(i))...)
	}
	return errs
}

// validateIDTokenForwarding checks the header the ID token is forwarded in;
// it cannot be Host.
func validateIDTokenForwarding(f *OIDCTokenForwarding, p *field.Path) field.ErrorList {
	if f == nil {
		return nil
	}
	errs := requiredString(f.Header, p.Child("header"), headerNameFormat)
	if asciiLower(f.Header) == "host" {
		errs = append(errs, field.Invalid(p.Child("header"), f.Header, "may not be Host"))
	}
	return errs
}

// validateExtAuth checks external authorization: exactly one of a gRPC or an
// HTTP service.
func validateExtAuth(e *ExtAuth, p *field.Path) field.ErrorList {
	if e == nil {
		return nil
	}
	var errs field.ErrorList
	if e.GRPC != nil {
		errs = append(errs, validateExtensionService(&e.GRPC.BackendCluster, p.Child("grpc"))...)
	}
	if h := e.HTTP; h != nil {
		hp := p.Child("http")
		errs = append(errs, validateExtensionService(&h.BackendCluster, hp)...)
		if h.Path != nil && h.PathOverride != nil {
			errs = append(errs, field.Forbidden(hp.Child("pathOverride"), "may not be set together with path"))
		}
	}
	if e.BodyToExtAuth != nil {
		errs = append(errs, intRange(e.BodyToExtAuth.MaxRequestBytes, p.Child("bodyToExtAuth", "maxRequestBytes"), 1, noMax)...)
	}
	errs = append(errs, optionalDuration(e.Timeout, p.Child("timeout"))...)
	errs = append(errs, validateContextExtensions(e.ContextExtensions, p.Child("contextExtensions"))...)
	errs = append(errs, intEnum(e.StatusOnError, p.Child("statusOnError"), errorStatusCodes...)...)
	return append(errs, exactlyOne(p, member{"grpc", e.GRPC != nil}, member{"http", e.HTTP != nil})...)
}

// validateExtensionService checks the backends of an external authorization
// service: at least one, each a Service, ServiceImport or Backend.
func validateExtensionService(bc *BackendCluster, p *field.Path) field.ErrorList {
	errs := validateBackendCluster(bc, p)
	errs = append(errs, requireBackend(bc, p)...)
	errs = append(errs, backendRefKinds(bc, p, extensionBackendKinds)...)
	return append(errs, backendRefGroups(bc, p, extensionBackendGroups)...)
}

// validateContextExtensions checks the context sent to the authorization
// service: each entry has a value, inline (the default) or from a ConfigMap
// or Secret.
func validateContextExtensions(ces []ContextExtension, p *field.Path) field.ErrorList {
	var errs field.ErrorList
	for i, ce := range ces {
		cp := p.Index(i)
		errs = append(errs, required(ce.Name != "", cp.Child("name"))...)
		typ := orDefault(ce.Type, ContextExtensionValueTypeValue)
		errs = append(errs, enumValue(typ, cp.Child("type"), ContextExtensionValueTypeValue, ContextExtensionValueTypeValueRef)...)
		errs = append(errs, validateKeyRef(ce.ValueRef, cp.Child("valueRef"))...)
		errs = append(errs, inlineOrRef(cp, typ, ContextExtensionValueTypeValue, ContextExtensionValueTypeValueRef, "value", ce.Value != nil, ce.ValueRef != nil)...)
	}
	return append(errs, uniqueKeys(ces, p, func(c ContextExtension) string { return c.Name })...)
}

// validateKeyRef checks a reference to one key of a core ConfigMap or Secret.
func validateKeyRef(r *LocalObjectKeyReference, p *field.Path) field.ErrorList {
	if r == nil {
		return nil
	}
	errs := groupFormat.validate(string(r.Group), p.Child("group"))
	errs = append(errs, requiredString(r.Kind, p.Child("kind"), kindFormat)...)
	errs = append(errs, requiredString(r.Name, p.Child("name"), objectNameFormat)...)
	errs = append(errs, required(r.Key != "", p.Child("key"))...)
	if r.Kind != "" && !isOneOf(r.Kind, "ConfigMap", "Secret") {
		errs = append(errs, field.NotSupported(p.Child("kind"), r.Kind, []string{"ConfigMap", "Secret"}))
	}
	if !isOneOf(r.Group, coreGroup, "v1") {
		errs = append(errs, field.NotSupported(p.Child("group"), r.Group, []gwapiv1.Group{coreGroup, "v1"}))
	}
	return errs
}

// validateAuthorization checks authorization rules.
func validateAuthorization(a *Authorization, p *field.Path) field.ErrorList {
	if a == nil {
		return nil
	}
	errs := optionalEnum(a.DefaultAction, p.Child("defaultAction"), AuthorizationActionAllow, AuthorizationActionDeny)
	for i := range a.Rules {
		errs = append(errs, validateAuthorizationRule(&a.Rules[i], p.Child("rules").Index(i))...)
	}
	return errs
}

// validateAuthorizationRule checks one rule: an action, and who it applies to
// as a principal, a CEL expression, or both.
func validateAuthorizationRule(r *AuthorizationRule, p *field.Path) field.ErrorList {
	errs := optionalString(r.Name, p.Child("name"), stringFormat{minLen: 1, maxLen: 253})
	errs = append(errs, requiredEnum(r.Action, p.Child("action"), AuthorizationActionAllow, AuthorizationActionDeny)...)
	errs = append(errs, validateOperation(r.Operation, p.Child("operation"))...)
	errs = append(errs, validatePrincipal(r.Principal, p.Child("principal"))...)
	errs = append(errs, optionalString(r.Cel, p.Child("cel"), stringFormat{minLen: 1, maxLen: 4096})...)
	return append(errs, atLeastOne(p, member{"principal", r.Principal != nil}, member{"cel", r.Cel != nil})...)
}

// validateOperation checks the request methods and path a rule applies to.
func validateOperation(o *Operation, p *field.Path) field.ErrorList {
	if o == nil {
		return nil
	}
	errs := itemCount(o.Methods, p.Child("methods"), 1, 16)
	errs = append(errs, enumItems(o.Methods, p.Child("methods"), httpMethods...)...)
	errs = append(errs, validatePathMatch(o.Path, p.Child("path"))...)
	return append(errs, atLeastOne(p, member{"methods", o.Methods != nil}, member{"path", o.Path != nil})...)
}

// validatePrincipal checks who a rule applies to: at least one of client
// addresses, JWT claims or scopes, request headers, or client locations.
func validatePrincipal(pr *Principal, p *field.Path) field.ErrorList {
	if pr == nil {
		return nil
	}
	errs := minItems(pr.ClientCIDRs, p.Child("clientCIDRs"), 1)
	errs = append(errs, stringItems(pr.ClientCIDRs, p.Child("clientCIDRs"), cidrFormat)...)
	errs = append(errs, validateJWTPrincipal(pr.JWT, p.Child("jwt"))...)
	hp := p.Child("headers")
	errs = append(errs, itemCount(pr.Headers, hp, 1, 256)...)
	for i, h := range pr.Headers {
		errs = append(errs, requiredString(h.Name, hp.Index(i).Child("name"), stringFormat{minLen: 1, maxLen: 256})...)
		errs = append(errs, required(h.Values != nil, hp.Index(i).Child("values"))...)
		errs = append(errs, itemCount(h.Values, hp.Index(i).Child("values"), 1, 256)...)
	}
	gp := p.Child("clientIPGeoLocations")
	errs = append(errs, minItems(pr.ClientIPGeoLocations, gp, 1)...)
	for i := range pr.ClientIPGeoLocations {
		errs = append(errs, validateGeoLocation(&pr.ClientIPGeoLocations[i], gp.Index(i))...)
	}
	return append(errs, atLeastOne(p,
		member{"clientCIDRs", pr.ClientCIDRs != nil}, member{"jwt", pr.JWT != nil},
		member{"headers", pr.Headers != nil}, member{"clientIPGeoLocations", pr.ClientIPGeoLocations != nil})...)
}

// validateJWTPrincipal checks the JWT claims and scopes a rule matches; it
// must match at least one of them.
func validateJWTPrincipal(j *JWTPrincipal, p *field.Path) field.ErrorList {
	if j == nil {
		return nil
	}
	errs := requiredString(j.Provider, p.Child("provider"), stringFormat{minLen: 1, maxLen: 253})
	cp := p.Child("claims")
	errs = append(errs, itemCount(j.Claims, cp, 1, 16)...)
	for i, c := range j.Claims {
		errs = append(errs, requiredString(c.Name, cp.Index(i).Child("name"), stringFormat{minLen: 1, maxLen: 253})...)
		errs = append(errs, optionalEnum(c.ValueType, cp.Index(i).Child("valueType"), JWTClaimValueTypeString, JWTClaimValueTypeStringArray)...)
		errs = append(errs, required(c.Values != nil, cp.Index(i).Child("values"))...)
		errs = append(errs, itemCount(c.Values, cp.Index(i).Child("values"), 1, 128)...)
	}
	errs = append(errs, itemCount(j.Scopes, p.Child("scopes"), 1, 16)...)
	errs = append(errs, stringItems(j.Scopes, p.Child("scopes"), stringFormat{minLen: 1, maxLen: 253})...)
	return append(errs, atLeastOne(p, member{"claims", j.Claims != nil}, member{"scopes", j.Scopes != nil})...)
}

// Formats of client location fields.
var (
	countryFormat = stringFormat{minLen: 2, maxLen: 2, pattern: regexp.MustCompile(`^[A-Za-z]{2}$`), what: "a two-letter country code"}
	regionFormat  = stringFormat{minLen: 1, maxLen: 16, pattern: regexp.MustCompile(`^[A-Za-z0-9-]+$`), what: "a region code of letters, digits and dashes"}
)

// validateGeoLocation checks a client location: at least one attribute, and
// an anonymity match with at least one flag.
func validateGeoLocation(g *ClientIPGeoLocation, p *field.Path) field.ErrorList {
	errs := optionalString(g.Country, p.Child("country"), countryFormat)
	errs = append(errs, optionalString(g.Region, p.Child("region"), regionFormat)...)
	errs = append(errs, optionalString(g.City, p.Child("city"), stringFormat{minLen: 1, maxLen: 128})...)
	errs = append(errs, optionalIntRange(g.Asn, p.Child("asn"), 1, noMax)...)
	errs = append(errs, optionalString(g.Isp, p.Child("isp"), stringFormat{minLen: 1, maxLen: 256})...)
	if a := g.Anonymous; a != nil {
		errs = append(errs, atLeastOne(p.Child("anonymous"),
			member{"isAnonymous", a.IsAnonymous != nil}, member{"isVPN", a.IsVPN != nil}, member{"isHosting", a.IsHosting != nil},
			member{"isTor", a.IsTor != nil}, member{"isProxy", a.IsProxy != nil})...)
	}
	return append(errs, atLeastOne(p,
		member{"country", g.Country != nil}, member{"region", g.Region != nil}, member{"city", g.City != nil},
		member{"asn", g.Asn != nil}, member{"isp", g.Isp != nil}, member{"anonymous", g.Anonymous != nil})...)
}
