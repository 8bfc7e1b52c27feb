package securitypolicy

import (
	"hash/fnv"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// The IR of a SecurityPolicy's features: what build resolved, as the
// ir.SecurityFeatures package xds turns into Envoy filters. Each function
// returns nil for a feature the policy does not set or that could not be
// built.

// securityIR returns the IR of every feature f holds whose row of
// featureTable fills the IR; nil when there is none.
func (f *resolved) securityIR() *ir.SecurityFeatures {
	if f == nil {
		return nil
	}
	out := &ir.SecurityFeatures{}
	for _, row := range featureTable {
		if row.fill != nil {
			row.fill(f, out)
		}
	}
	if *out == (ir.SecurityFeatures{}) {
		return nil
	}
	return out
}

// originMatch matches an origin exactly, or as a regular expression when it
// holds a "*" wildcard (any run of characters).
func originMatch(origin string) *ir.StringMatch {
	if !strings.Contains(origin, "*") {
		return &ir.StringMatch{Exact: &origin}
	}
	re := strings.ReplaceAll(regexp.QuoteMeta(origin), `\*`, ".*")
	return &ir.StringMatch{SafeRegex: &re}
}

func corsIR(c *egv1a1.CORS) *ir.CORS {
	if c == nil {
		return nil
	}
	out := &ir.CORS{
		AllowMethods:     c.AllowMethods,
		AllowHeaders:     c.AllowHeaders,
		ExposeHeaders:    c.ExposeHeaders,
		AllowCredentials: c.AllowCredentials != nil && *c.AllowCredentials,
	}
	for _, o := range c.AllowOrigins {
		out.AllowOrigins = append(out.AllowOrigins, originMatch(string(o)))
	}
	if c.MaxAge != nil {
		if d, err := time.ParseDuration(string(*c.MaxAge)); err == nil {
			out.MaxAge = optDuration(&d)
		}
	}
	return out
}

// csrfIR matches additional origins by host and port: Envoy's CSRF filter
// compares those of the Origin header with the destination's, so a scheme
// is dropped.
func csrfIR(c *egv1a1.CSRF) *ir.CSRF {
	if c == nil {
		return nil
	}
	out := &ir.CSRF{}
	if f := c.ShadowFraction; f != nil {
		out.ShadowFraction = &ir.Fraction{Numerator: f.Numerator, Denominator: f.Denominator}
	}
	for _, o := range c.AdditionalOrigins {
		s := string(o)
		if _, hostPort, ok := strings.Cut(s, "://"); ok {
			s = hostPort
		}
		out.AdditionalOrigins = append(out.AdditionalOrigins, originMatch(s))
	}
	return out
}

func (j *jwtAuth) ir() *ir.JWT {
	if j == nil {
		return nil
	}
	out := &ir.JWT{
		AllowMissing:         j.spec.Optional != nil && *j.spec.Optional,
		AllowMissingOrFailed: j.spec.FailOpen != nil && *j.spec.FailOpen,
	}
	for _, p := range j.providers {
		s := p.spec
		pr := ir.JWTProvider{
			Name:           s.Name,
			Audiences:      s.Audiences,
			RecomputeRoute: s.RecomputeRoute,
		}
		if s.Issuer != nil {
			pr.Issuer = *s.Issuer
		}
		for _, c := range s.ClaimToHeaders {
			pr.ClaimToHeaders = append(pr.ClaimToHeaders, ir.ClaimToHeader{Header: c.Header, Claim: c.Claim})
		}
		if e := s.ExtractFrom; e != nil {
			x := &ir.JWTExtractor{Cookies: e.Cookies, Params: e.Params}
			for _, h := range e.Headers {
				x.Headers = append(x.Headers, ir.JWTHeaderExtractor{Name: h.Name, ValuePrefix: h.ValuePrefix})
			}
			pr.ExtractFrom = x
		}
		if r := s.RemoteJWKS; r != nil {
			pr.RemoteJWKS = &ir.RemoteJWKS{
				Destination:           p.remoteDestination,
				Traffic:               p.traffic,
				URI:                   r.URI,
				CacheDuration:         optDuration(p.cacheDuration),
				FailedRefetchDuration: optDuration(p.failedRefetchDuration),
			}
		} else {
			jwks := p.localJWKS
			pr.LocalJWKS = &jwks
		}
		out.Providers = append(out.Providers, pr)
	}
	return out
}

func (o *oidcAuth) ir() *ir.OIDC {
	if o == nil {
		return nil
	}
	s := o.spec
	out := &ir.OIDC{
		Name: o.name,
		Provider: ir.OIDCProvider{
			Destination:           o.providerDestination,
			Traffic:               o.providerTraffic,
			AuthorizationEndpoint: o.authorizationEndpoint,
			TokenEndpoint:         o.tokenEndpoint,
			EndSessionEndpoint:    o.endSessionEndpoint,
		},
		ClientID:               o.clientID,
		ClientSecret:           ir.PrivateBytes(o.clientSecret),
		HMACSecret:             ir.PrivateBytes(o.hmacSecret),
		Scopes:                 o.scopes,
		Resources:              s.Resources,
		RedirectURL:            o.redirectURL,
		RedirectPath:           o.redirectPath,
		LogoutPath:             o.logoutPath,
		ForwardAccessToken:     o.forwardAccessToken,
		RefreshToken:           o.refreshToken,
		DefaultTokenTTL:        optDuration(o.defaultTokenTTL),
		DefaultRefreshTokenTTL: optDuration(o.defaultRefreshTokenTTL),
		CSRFTokenTTL:           optDuration(o.csrfTokenTTL),
		CookieSuffix:           oidcCookieSuffix(string(o.owner.UID)),
		CookieDomain:           s.CookieDomain,
		PassThroughAuthHeader:  o.passThroughAuthHeader,
		DisableTokenEncryption: o.disableTokenEncryption,
	}
	if f := s.ForwardIDToken; f != nil {
		h := f.Header
		out.ForwardIDTokenHeader = &h
	}
	if c := s.CookieNames; c != nil {
		out.CookieNameOverrides = &ir.OIDCCookieNames{AccessToken: c.AccessToken, IDToken: c.IDToken}
	}
	if c := s.CookieConfig; c != nil {
		out.CookieConfig = &ir.OIDCCookieConfig{SameSite: c.SameSite}
	}
	if d := s.DenyRedirect; d != nil {
		out.DenyRedirect = &ir.OIDCDenyRedirect{Headers: []ir.OIDCDenyRedirectHeader{}}
		for _, h := range d.Headers {
			m := ir.OIDCDenyRedirectHeader{Name: h.Name, Value: h.Value}
			if h.Type != nil {
				t := string(*h.Type)
				m.Type = &t
			}
			out.DenyRedirect.Headers = append(out.DenyRedirect.Headers, m)
		}
	}
	return out
}

// oidcCookieSuffix is the suffix of an OAuth2 filter's cookie names,
// derived from the owning policy's UID (32-bit FNV-1a, in hex), so that the
// filters of several policies on one route keep their cookies apart.
func oidcCookieSuffix(uid string) string {
	h := fnv.New32a()
	h.Write([]byte(uid))
	return strconv.FormatUint(uint64(h.Sum32()), 16)
}

func (a *apiKeyAuth) ir() *ir.APIKeyAuth {
	if a == nil {
		return nil
	}
	out := &ir.APIKeyAuth{
		ExtractFrom:           []*ir.ExtractFrom{},
		ForwardClientIDHeader: a.spec.ForwardClientIDHeader,
		Sanitize:              a.spec.Sanitize,
	}
	for _, c := range a.credentials {
		out.Credentials = append(out.Credentials, ir.APIKeyCredential{Client: ir.PrivateBytes(c.client), Key: ir.PrivateBytes(c.key)})
	}
	for _, e := range a.spec.ExtractFrom {
		out.ExtractFrom = append(out.ExtractFrom, &ir.ExtractFrom{Headers: e.Headers, Params: e.Params, Cookies: e.Cookies})
	}
	return out
}

func (b *basicAuth) ir() *ir.BasicAuth {
	if b == nil {
		return nil
	}
	return &ir.BasicAuth{Name: b.name, Users: ir.PrivateBytes(b.users), ForwardUsernameHeader: b.forwardUsernameHeader}
}

func (e *extAuth) ir() *ir.ExtAuth {
	if e == nil {
		return nil
	}
	s := e.spec
	out := &ir.ExtAuth{
		Name:                 e.name,
		HeadersToExtAuth:     s.HeadersToExtAuth,
		Timeout:              optDuration(e.timeout),
		FailOpen:             s.FailOpen,
		RecomputeRoute:       s.RecomputeRoute,
		IncludeRouteMetadata: s.IncludeRouteMetadata,
		StatusOnError:        s.StatusOnError,
		Traffic:              e.traffic,
	}
	if b := s.BodyToExtAuth; b != nil {
		out.BodyToExtAuth = &ir.BodyToExtAuth{MaxRequestBytes: uint32(max(b.MaxRequestBytes, 0))}
	}
	for _, c := range e.contextExtensions {
		out.ContextExtensions = append(out.ContextExtensions, &ir.ContextExtension{Name: c.name, Value: ir.PrivateBytes(c.value)})
	}
	if e.grpc {
		out.GRPC = &ir.GRPCExtAuthService{Destination: *e.destination, Authority: e.authority}
		return out
	}
	h := &ir.HTTPExtAuthService{Destination: *e.destination, Authority: e.authority, HeadersToBackend: s.HTTP.HeadersToBackend}
	if s.HTTP.Path != nil {
		h.Path = *s.HTTP.Path
	}
	if s.HTTP.PathOverride != nil {
		h.PathOverride = *s.HTTP.PathOverride
	}
	out.HTTP = h
	return out
}

func (a *authorization) ir() *ir.Authorization {
	if a == nil {
		return nil
	}
	out := &ir.Authorization{DefaultAction: string(a.defaultAction)}
	for _, r := range a.rules {
		s := r.spec
		rule := &ir.AuthorizationRule{Name: r.name, Action: string(s.Action)}
		if op := s.Operation; op != nil {
			o := &ir.AuthorizationOperation{}
			for _, m := range op.Methods {
				o.Methods = append(o.Methods, string(m))
			}
			if p := op.Path; p != nil {
				pm := &ir.AuthorizationPathMatch{Value: p.Value, Invert: p.Invert != nil && *p.Invert}
				if p.Type != nil {
					t := string(*p.Type)
					pm.Type = &t
				}
				o.Path = pm
			}
			rule.Operation = o
		}
		if s.Cel != nil {
			c := string(*s.Cel)
			rule.CEL = &c
		}
		for _, n := range r.clientCIDRs {
			ones, _ := n.Mask.Size()
			rule.Principal.ClientCIDRs = append(rule.Principal.ClientCIDRs, &ir.CIDRMatch{
				CIDR: n.String(), MaskLen: uint32(ones), IsIPv6: n.IP.To4() == nil,
			})
		}
		if p := s.Principal; p != nil {
			if j := p.JWT; j != nil {
				jp := &ir.JWTPrincipal{Provider: j.Provider}
				for _, c := range j.Claims {
					cl := ir.JWTClaim{Name: c.Name, Values: c.Values}
					if c.ValueType != nil {
						v := string(*c.ValueType)
						cl.ValueType = &v
					}
					jp.Claims = append(jp.Claims, cl)
				}
				for _, sc := range j.Scopes {
					jp.Scopes = append(jp.Scopes, string(sc))
				}
				rule.Principal.JWT = jp
			}
			for _, h := range p.Headers {
				rule.Principal.Headers = append(rule.Principal.Headers, ir.AuthorizationHeaderMatch{Name: h.Name, Values: h.Values})
			}
			for _, g := range p.ClientIPGeoLocations {
				loc := ir.ClientIPGeoLocation{Country: g.Country, Region: g.Region, City: g.City, ASN: g.Asn, ISP: g.Isp}
				if an := g.Anonymous; an != nil {
					loc.Anonymous = &ir.GeoIPAnonymousMatch{IsAnonymous: an.IsAnonymous, IsVPN: an.IsVPN, IsHosting: an.IsHosting, IsTor: an.IsTor, IsProxy: an.IsProxy}
				}
				rule.Principal.ClientIPGeoLocations = append(rule.Principal.ClientIPGeoLocations, loc)
			}
		}
		out.Rules = append(out.Rules, rule)
	}
	return out
}

// optDuration converts an optional parsed duration to the IR's.
func optDuration(d *time.Duration) *ir.Duration {
	if d == nil {
		return nil
	}
	v := ir.Duration(*d)
	return &v
}
