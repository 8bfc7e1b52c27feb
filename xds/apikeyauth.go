package xds

import (
	"errors"
	"fmt"
	"unicode/utf8"

	apikeyauthv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/api_key_auth/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// API key authentication has a single filter per connection manager,
// disabled, configured (as Envoy Gateway does) from the first route that
// uses it. Every such route replaces that configuration with its own
// credentials, key sources and forwarding through per-route configuration,
// which also turns the filter on.

// apiKeyAuthFilters adds the disabled api_key_auth filter when a route of
// ls authenticates by API key.
func apiKeyAuthFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	for _, l := range ls {
		for i, r := range l.Routes {
			if r == nil || r.Security == nil || r.Security.APIKeyAuth == nil {
				continue
			}
			c, err := apiKeyAuthConfig(r.Security.APIKeyAuth, irRoutePath(l, i)+".security.apiKeyAuth")
			if err != nil {
				return nil, err
			}
			f, err := httpFilter(HTTPFilterAPIKeyAuth, &apikeyauthv3.ApiKeyAuth{
				Credentials: c.Credentials,
				KeySources:  c.KeySources,
				Forwarding:  c.Forwarding,
			})
			if err != nil {
				return nil, err
			}
			f[0].Disabled = true
			return f, nil
		}
	}
	return nil, nil
}

// apiKeyAuthPerRoute configures and enables the api_key_auth filter for r.
func apiKeyAuthPerRoute(r *ir.HTTPRoute, path string) (map[string]*anypb.Any, error) {
	if r.Security == nil || r.Security.APIKeyAuth == nil {
		return nil, nil
	}
	c, err := apiKeyAuthConfig(r.Security.APIKeyAuth, path+".security.apiKeyAuth")
	if err != nil {
		return nil, err
	}
	a, err := packAny(c)
	if err != nil {
		return nil, err
	}
	return map[string]*anypb.Any{HTTPFilterAPIKeyAuth: a}, nil
}

// apiKeyAuthConfig translates a: its credentials in order; its key sources
// entry by entry, each entry's headers, then query parameters, then
// cookies; forwarding when a client id header or sanitizing is asked for.
// path is a's IR path. Messages never quote a client or a key.
func apiKeyAuthConfig(a *ir.APIKeyAuth, path string) (*apikeyauthv3.ApiKeyAuthPerRoute, error) {
	out := &apikeyauthv3.ApiKeyAuthPerRoute{Credentials: make([]*apikeyauthv3.Credential, 0, len(a.Credentials))}
	for i, c := range a.Credentials {
		cp := fmt.Sprintf("%s.credentials[%d]", path, i)
		if err := checkSecretString(c.Client); err != nil {
			return nil, fmt.Errorf("%s.client: %w", cp, err)
		}
		if err := checkSecretString(c.Key); err != nil {
			return nil, fmt.Errorf("%s.key: %w", cp, err)
		}
		out.Credentials = append(out.Credentials, &apikeyauthv3.Credential{Client: string(c.Client), Key: string(c.Key)})
	}
	for i, e := range a.ExtractFrom {
		ep := fmt.Sprintf("%s.extractFrom[%d]", path, i)
		if e == nil {
			return nil, fmt.Errorf("%s: must not be null", ep)
		}
		for j, h := range e.Headers {
			if err := checkKeySourceHeader(h); err != nil {
				return nil, fmt.Errorf("%s.headers[%d]: %w", ep, j, err)
			}
			out.KeySources = append(out.KeySources, &apikeyauthv3.KeySource{Header: h})
		}
		for j, q := range e.Params {
			if err := checkKeySourceName(q); err != nil {
				return nil, fmt.Errorf("%s.params[%d]: %w", ep, j, err)
			}
			out.KeySources = append(out.KeySources, &apikeyauthv3.KeySource{Query: q})
		}
		for j, c := range e.Cookies {
			if err := checkKeySourceName(c); err != nil {
				return nil, fmt.Errorf("%s.cookies[%d]: %w", ep, j, err)
			}
			out.KeySources = append(out.KeySources, &apikeyauthv3.KeySource{Cookie: c})
		}
	}
	var header string
	if h := a.ForwardClientIDHeader; h != nil && *h != "" {
		if err := checkKeySourceHeader(*h); err != nil {
			return nil, fmt.Errorf("%s.forwardClientIDHeader: %w", path, err)
		}
		header = *h
	}
	sanitize := a.Sanitize != nil && *a.Sanitize
	if header != "" || sanitize {
		out.Forwarding = &apikeyauthv3.Forwarding{Header: header, HideCredentials: sanitize}
	}
	return out, nil
}

// maxKeySourceName is Envoy's limit on the length of a key source name
// and of the client id header.
const maxKeySourceName = 1024

// checkKeySourceName rejects a query parameter or cookie name that Envoy
// does not accept: empty, not UTF-8, or too long.
func checkKeySourceName(n string) error {
	switch {
	case n == "":
		return errors.New("must not be empty")
	case !utf8.ValidString(n):
		return errors.New("must be valid UTF-8")
	case utf8.RuneCountInString(n) > maxKeySourceName:
		return fmt.Errorf("must be at most %d characters", maxKeySourceName)
	}
	return nil
}

// checkKeySourceHeader rejects a header name that the api_key_auth filter
// does not accept.
func checkKeySourceHeader(h string) error {
	if err := checkHeaderName(h); err != nil {
		return err
	}
	return checkKeySourceName(h)
}

// checkSecretString rejects secret material that cannot be a filter's
// string field: empty or not UTF-8. The message never quotes b.
func checkSecretString(b ir.PrivateBytes) error {
	switch {
	case len(b) == 0:
		return errors.New("must not be empty")
	case !utf8.Valid(b):
		return errors.New("must be valid UTF-8")
	}
	return nil
}
