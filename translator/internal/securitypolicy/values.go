package securitypolicy

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Checks of the values an API server would have refused (the CRD's enums
// and patterns) and that Envoy could not load. Envoy Gateway relies on
// admission for them; here such a policy is reported, so that it costs
// only its own routes and never the Envoy configuration of its Gateway.

// checkHeaderName rejects what cannot be an HTTP header name.
func checkHeaderName(field, h string) error {
	if h == "" || !utf8.ValidString(h) || strings.ContainsAny(h, " \t\r\n\x00:") && !strings.HasPrefix(h, ":") {
		return fmt.Errorf("%s: %q is not a valid HTTP header name", field, h)
	}
	return nil
}

// checkOIDCValues checks the OIDC settings that the schema constrains.
func checkOIDCValues(o *egv1a1.OIDC, out *oidcAuth) error {
	if c := o.CookieConfig; c != nil && c.SameSite != nil {
		switch *c.SameSite {
		case "Strict", "Lax", "None":
		default:
			return fmt.Errorf("cookieConfig.sameSite: unsupported value %q: supported values: Lax, Strict, None", *c.SameSite)
		}
	}
	if n := o.CookieNames; n != nil {
		if n.AccessToken != nil && *n.AccessToken == "" {
			return fmt.Errorf("cookieNames.accessToken: must not be empty")
		}
		if n.IDToken != nil && *n.IDToken == "" {
			return fmt.Errorf("cookieNames.idToken: must not be empty")
		}
	}
	if f := o.ForwardIDToken; f != nil {
		if err := checkHeaderName("forwardIDToken.header", f.Header); err != nil {
			return err
		}
	}
	if out.redirectURL == "" {
		return fmt.Errorf("redirectURL: must not be empty")
	}
	if out.logoutPath == "" {
		return fmt.Errorf("logoutPath: must not be empty")
	}
	if d := o.DenyRedirect; d != nil {
		for i, h := range d.Headers {
			if err := checkHeaderName(fmt.Sprintf("denyRedirect.headers[%d].name", i), h.Name); err != nil {
				return err
			}
			if h.Type == nil {
				continue
			}
			switch *h.Type {
			case egv1a1.StringMatchTypeExact, egv1a1.StringMatchTypePrefix, egv1a1.StringMatchTypeSuffix:
			case egv1a1.StringMatchTypeRegularExpression:
				if _, err := regexp.Compile(h.Value); err != nil {
					return fmt.Errorf("denyRedirect.headers[%d].value: regex %q is invalid: %v", i, h.Value, err)
				}
			default:
				return fmt.Errorf("denyRedirect.headers[%d].type: unsupported value %q", i, *h.Type)
			}
		}
	}
	return nil
}

// checkRemoteJWKSURI checks that a key set is fetched over http or https.
func checkRemoteJWKSURI(uri string) error {
	u, err := url.Parse(uri)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return fmt.Errorf("invalid remote JWKS URI %q: must be an http or https URL with a host", uri)
	}
	return nil
}

// checkNonNegative checks a parsed duration of field.
func checkNonNegative(field string, d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("%s: must not be negative, got %s", field, d)
	}
	return nil
}
