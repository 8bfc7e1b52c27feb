package v1alpha1

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Validate checks the HTTPRouteFilter against the rules of its published
// schema: see the package documentation for what that covers.
func (f *HTTPRouteFilter) Validate() field.ErrorList {
	if f == nil {
		return nil
	}
	p := field.NewPath("spec")
	s := &f.Spec
	errs := validateURLRewrite(s.URLRewrite, p.Child("urlRewrite"))
	errs = append(errs, validateDirectResponse(s.DirectResponse, p.Child("directResponse"))...)
	errs = append(errs, validateCredentialInjection(s.CredentialInjection, p.Child("credentialInjection"))...)
	errs = append(errs, maxItems(len(s.Matches), p.Child("matches"), 8)...)
	for i := range s.Matches {
		errs = append(errs, validateRouteMatchFilter(&s.Matches[i], p.Child("matches").Index(i))...)
	}
	return errs
}

// validateURLRewrite checks a host and path rewrite.
func validateURLRewrite(u *HTTPURLRewriteFilter, p *field.Path) field.ErrorList {
	if u == nil {
		return nil
	}
	errs := validateHostnameModifier(u.Hostname, p.Child("hostname"))
	return append(errs, validateRegexPathModifier(u.Path, p.Child("path"))...)
}

// validateHostnameModifier checks a host rewrite: the header to copy the host
// from, and the regex rewrite, are given exactly when the type asks for them.
func validateHostnameModifier(h *HTTPHostnameModifier, p *field.Path) field.ErrorList {
	if h == nil {
		return nil
	}
	errs := requiredEnum(h.Type, p.Child("type"), HTTPHostnameModifierTypeHeader, HTTPHostnameModifierTypeBackend, HTTPHostnameModifierTypePathRegex)
	if r := h.PathRegex; r != nil {
		rp := p.Child("pathRegex")
		errs = append(errs, requiredString(r.Pattern, rp.Child("pattern"), nonEmptyFormat)...)
		substitution := stringFormat{minLen: 1, pattern: singleLinePattern, what: singleLineFormat.what}
		errs = append(errs, requiredString(r.Substitution, rp.Child("substitution"), substitution)...)
	}
	if h.Type == "" {
		return errs
	}
	errs = append(errs, unionMember(p, "header", h.Header != nil, h.Type, HTTPHostnameModifierTypeHeader)...)
	return append(errs, unionMember(p, "pathRegex", h.PathRegex != nil, h.Type, HTTPHostnameModifierTypePathRegex)...)
}

// validateRegexPathModifier checks a regex path rewrite. Its substitution may
// be empty, to cut the matched part out.
func validateRegexPathModifier(m *HTTPPathModifier, p *field.Path) field.ErrorList {
	if m == nil {
		return nil
	}
	errs := requiredEnum(m.Type, p.Child("type"), HTTPPathModifierTypeReplaceRegexMatch)
	if r := m.ReplaceRegexMatch; r != nil {
		errs = append(errs, requiredString(r.Pattern, p.Child("replaceRegexMatch", "pattern"), nonEmptyFormat)...)
	}
	if m.Type == "" {
		return errs
	}
	return append(errs, unionMember(p, "replaceRegexMatch", m.ReplaceRegexMatch != nil, m.Type, HTTPPathModifierTypeReplaceRegexMatch)...)
}

// validateDirectResponse checks a response sent without contacting a backend.
func validateDirectResponse(d *HTTPDirectResponseFilter, p *field.Path) field.ErrorList {
	if d == nil {
		return nil
	}
	errs := validateCustomResponseBody(d.Body, p.Child("body"))
	return append(errs, validateResponseHeaderFilter(d.Header, p.Child("header"))...)
}

// validateCredentialInjection checks the Secret a credential is injected from.
func validateCredentialInjection(c *HTTPCredentialInjectionFilter, p *field.Path) field.ErrorList {
	if c == nil {
		return nil
	}
	return validateSecretRef(&c.Credential.ValueRef, p.Child("credential", "valueRef"))
}

// validateRouteMatchFilter checks an extra match condition; it must set at
// least one condition.
func validateRouteMatchFilter(m *HTTPRouteMatchFilter, p *field.Path) field.ErrorList {
	if m.Cookies == nil {
		return field.ErrorList{field.Required(p, "at least one match condition (cookies) must be set")}
	}
	cp := p.Child("cookies")
	errs := itemCount(m.Cookies, cp, 1, 16)
	for i, c := range m.Cookies {
		errs = append(errs, optionalEnum(c.Type, cp.Index(i).Child("type"), CookieMatchTypeExact, CookieMatchTypeRegularExpression)...)
		errs = append(errs, requiredString(c.Name, cp.Index(i).Child("name"), stringFormat{minLen: 1, maxLen: 256})...)
		errs = append(errs, requiredString(c.Value, cp.Index(i).Child("value"), headerValueFormat)...)
	}
	return errs
}
