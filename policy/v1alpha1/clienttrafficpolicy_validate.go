package v1alpha1

import (
	"regexp"

	"k8s.io/apimachinery/pkg/util/validation/field"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
)

// clientTrafficTargetKinds are the kinds a ClientTrafficPolicy may target.
var clientTrafficTargetKinds = []gwapiv1.Kind{kindGateway, kindListenerSet}

// customHeaderNameFormat is the format of the header that carries the client
// address.
var customHeaderNameFormat = stringFormat{
	minLen: 1, maxLen: 255,
	pattern: regexp.MustCompile(`^[A-Za-z0-9-]+$`),
	what:    "a header name of letters, digits and dashes",
}

// Validate checks the ClientTrafficPolicy against the rules of its published
// schema: see the package documentation for what that covers.
func (c *ClientTrafficPolicy) Validate() field.ErrorList {
	if c == nil {
		return nil
	}
	p := field.NewPath("spec")
	s := &c.Spec
	errs := validateTargets(s.PolicyTargetReferences, p, clientTrafficTargetKinds)
	errs = append(errs, validateTCPKeepalive(s.TCPKeepalive, p.Child("tcpKeepalive"))...)
	errs = append(errs, validateClientIPDetection(s.ClientIPDetection, p.Child("clientIPDetection"))...)
	errs = append(errs, validateClientTLSSettings(s.TLS, p.Child("tls"))...)
	if s.Path != nil {
		errs = append(errs, optionalEnum(s.Path.EscapedSlashesAction, p.Child("path", "escapedSlashesAction"),
			PathEscapedSlashActionKeepUnchanged, PathEscapedSlashActionRejectRequest,
			PathEscapedSlashActionUnescapeAndForward, PathEscapedSlashActionUnescapeAndRedirect)...)
	}
	errs = append(errs, validateHeaderSettings(s.Headers, p.Child("headers"))...)
	errs = append(errs, validateClientTimeout(s.Timeout, p.Child("timeout"))...)
	errs = append(errs, validateClientConnection(s.Connection, p.Child("connection"))...)
	if s.HTTP1 != nil {
		errs = append(errs, validateStringMatches(s.HTTP1.IgnoredUpgradeTypes, p.Child("http1", "ignoredUpgradeTypes"))...)
	}
	errs = append(errs, validateHTTP2Settings(s.HTTP2, p.Child("http2"))...)
	if s.HealthCheck != nil {
		errs = append(errs, requiredString(s.HealthCheck.Path, p.Child("healthCheck", "path"), stringFormat{minLen: 1, maxLen: 1024})...)
	}
	return append(errs, optionalEnum(s.Scheme, p.Child("scheme"), SchemeHeaderTransformPreserve, SchemeHeaderTransformMatchBackend)...)
}

// validateClientIPDetection checks how the client address is found: exactly
// one method.
func validateClientIPDetection(d *ClientIPDetectionSettings, p *field.Path) field.ErrorList {
	if d == nil {
		return nil
	}
	var errs field.ErrorList
	if x := d.XForwardedFor; x != nil {
		xp := p.Child("xForwardedFor")
		errs = append(errs, minItems(x.TrustedCIDRs, xp.Child("trustedCIDRs"), 1)...)
		errs = append(errs, stringItems(x.TrustedCIDRs, xp.Child("trustedCIDRs"), cidrFormat)...)
		errs = append(errs, exactlyOne(xp, member{"numTrustedHops", x.NumTrustedHops != nil}, member{"trustedCIDRs", x.TrustedCIDRs != nil})...)
	}
	if d.CustomHeader != nil {
		errs = append(errs, requiredString(d.CustomHeader.Name, p.Child("customHeader", "name"), customHeaderNameFormat)...)
	}
	return append(errs, exactlyOne(p,
		member{"xForwardedFor", d.XForwardedFor != nil},
		member{"customHeader", d.CustomHeader != nil},
		member{"directSourceIP", d.DirectSourceIP != nil})...)
}

// validateClientTLSSettings checks TLS towards clients: versions and ciphers,
// and client certificate validation.
func validateClientTLSSettings(t *ClientTLSSettings, p *field.Path) field.ErrorList {
	if t == nil {
		return nil
	}
	errs := validateTLSSettings(&t.TLSSettings, p)
	return append(errs, validateClientValidation(t.ClientValidation, p.Child("clientValidation"))...)
}

// validateClientValidation checks how client certificates are verified.
// Expired certificates can only be allowed when certificates are verified.
func validateClientValidation(v *ClientValidationContext, p *field.Path) field.ErrorList {
	if v == nil {
		return nil
	}
	errs := optionalEnum(v.Mode, p.Child("mode"), ClientValidationModeTypeRequest, ClientValidationModeTypeRequireAny,
		ClientValidationModeTypeVerifyIfGiven, ClientValidationModeTypeRequireAndVerify)
	errs = append(errs, validateSecretRefs(v.CaCertificateRefs, p.Child("caCertificateRefs"), 8)...)
	errs = append(errs, validateSubjectAltNames(v.SubjectAltNames, p.Child("subjectAltNames"))...)
	if v.CRL != nil {
		rp := p.Child("crl", "refs")
		errs = append(errs, required(v.CRL.Refs != nil, rp)...)
		errs = append(errs, minItems(v.CRL.Refs, rp, 1)...)
		errs = append(errs, validateSecretRefs(v.CRL.Refs, rp, 8)...)
	}
	if deref(v.AllowExpiredCertificate, false) && v.Mode != nil &&
		!isOneOf(*v.Mode, ClientValidationModeTypeVerifyIfGiven, ClientValidationModeTypeRequireAndVerify) {
		errs = append(errs, field.Forbidden(p.Child("allowExpiredCertificate"), "may only be true when mode is VerifyIfGiven or RequireAndVerify"))
	}
	return errs
}

// validateSecretRefs checks a list of at most max Secret references.
func validateSecretRefs(refs []gwapiv1.SecretObjectReference, p *field.Path, max int) field.ErrorList {
	errs := maxItems(len(refs), p, max)
	for i := range refs {
		errs = append(errs, validateSecretRef(&refs[i], p.Index(i))...)
	}
	return errs
}

// validateSubjectAltNames checks the subject alternative names a client
// certificate must match.
func validateSubjectAltNames(s *SubjectAltNames, p *field.Path) field.ErrorList {
	if s == nil {
		return nil
	}
	errs := validateStringMatches(s.DNSNames, p.Child("dnsNames"))
	errs = append(errs, validateStringMatches(s.EmailAddresses, p.Child("emailAddresses"))...)
	errs = append(errs, validateStringMatches(s.IPAddresses, p.Child("ipAddresses"))...)
	errs = append(errs, validateStringMatches(s.Uris, p.Child("uris"))...)
	for i, o := range s.OtherNames {
		op := p.Child("otherNames").Index(i)
		errs = append(errs, validateStringMatch(o.StringMatch, op)...)
		errs = append(errs, required(o.Oid != "", op.Child("oid"))...)
	}
	return errs
}

// validateHeaderSettings checks header handling. The request ID may be
// controlled by the older preserveXRequestID or by requestID, not both.
func validateHeaderSettings(h *HeaderSettings, p *field.Path) field.ErrorList {
	if h == nil {
		return nil
	}
	errs := validateXFCC(h.XForwardedClientCert, p.Child("xForwardedClientCert"))
	errs = append(errs, optionalEnum(h.WithUnderscoresAction, p.Child("withUnderscoresAction"),
		WithUnderscoresActionAllow, WithUnderscoresActionRejectRequest, WithUnderscoresActionDropHeader)...)
	errs = append(errs, optionalEnum(h.RequestID, p.Child("requestID"),
		RequestIDActionPreserveOrGenerate, RequestIDActionPreserve, RequestIDActionGenerate, RequestIDActionDisable)...)
	errs = append(errs, validateHeaderMutation(h.EarlyRequestHeaders, p.Child("earlyRequestHeaders"))...)
	errs = append(errs, validateHeaderMutation(h.LateResponseHeaders, p.Child("lateResponseHeaders"))...)
	if h.PreserveXRequestID != nil && h.RequestID != nil {
		errs = append(errs, field.Forbidden(p.Child("requestID"), "may not be set together with preserveXRequestID"))
	}
	return errs
}

// validateXFCC checks the handling of the x-forwarded-client-cert header:
// certificate details can only be added by modes that write the header.
func validateXFCC(x *XForwardedClientCert, p *field.Path) field.ErrorList {
	if x == nil {
		return nil
	}
	errs := optionalEnum(x.Mode, p.Child("mode"), XFCCForwardModeSanitize, XFCCForwardModeForwardOnly,
		XFCCForwardModeAppendForward, XFCCForwardModeSanitizeSet, XFCCForwardModeAlwaysForwardOnly)
	cp := p.Child("certDetailsToAdd")
	errs = append(errs, maxItems(len(x.CertDetailsToAdd), cp, 5)...)
	errs = append(errs, enumItems(x.CertDetailsToAdd, cp, XFCCCertDataSubject, XFCCCertDataCert, XFCCCertDataChain, XFCCCertDataDNS, XFCCCertDataURI)...)
	if len(x.CertDetailsToAdd) == 0 {
		return errs
	}
	const detail = "must be AppendForward or SanitizeSet when certDetailsToAdd is set"
	switch {
	case x.Mode == nil:
		errs = append(errs, field.Required(p.Child("mode"), detail))
	case !isOneOf(*x.Mode, XFCCForwardModeAppendForward, XFCCForwardModeSanitizeSet):
		errs = append(errs, field.Invalid(p.Child("mode"), *x.Mode, detail))
	}
	return errs
}

// validateHeaderMutation checks a header modifier of a ClientTrafficPolicy:
// each list, when given, holds 1 to 64 entries, each header named once.
func validateHeaderMutation(f *HTTPHeaderFilter, p *field.Path) field.ErrorList {
	if f == nil {
		return nil
	}
	errs := headerList(f.Set, p.Child("set"))
	errs = append(errs, headerList(f.Add, p.Child("add"))...)
	errs = append(errs, headerList(f.AddIfAbsent, p.Child("addIfAbsent"))...)
	rp := p.Child("remove")
	errs = append(errs, itemCount(f.Remove, rp, 1, 64)...)
	errs = append(errs, uniqueKeys(f.Remove, rp, func(s string) string { return s })...)
	errs = append(errs, itemCount(f.RemoveOnMatch, p.Child("removeOnMatch"), 1, 64)...)
	return append(errs, validateStringMatches(f.RemoveOnMatch, p.Child("removeOnMatch"))...)
}

// headerList checks a list of 1 to 64 headers keyed by name.
func headerList(hs []gwapiv1.HTTPHeader, p *field.Path) field.ErrorList {
	return append(minItems(hs, p, 1), validateHTTPHeaders(hs, p, 64)...)
}

// validateClientTimeout checks timeouts towards clients.
func validateClientTimeout(t *ClientTimeout, p *field.Path) field.ErrorList {
	if t == nil {
		return nil
	}
	var errs field.ErrorList
	if c := t.TCP; c != nil {
		tp := p.Child("tcp")
		errs = append(errs, optionalDuration(c.IdleTimeout, tp.Child("idleTimeout"))...)
		errs = append(errs, optionalDuration(c.TLSHandshakeTimeout, tp.Child("tlsHandshakeTimeout"))...)
		errs = append(errs, optionalDuration(c.ConnectionInspectionTimeout, tp.Child("connectionInspectionTimeout"))...)
	}
	if h := t.HTTP; h != nil {
		hp := p.Child("http")
		errs = append(errs, optionalDuration(h.RequestReceivedTimeout, hp.Child("requestReceivedTimeout"))...)
		errs = append(errs, optionalDuration(h.RequestHeadersReceivedTimeout, hp.Child("requestHeadersReceivedTimeout"))...)
		errs = append(errs, optionalDuration(h.IdleTimeout, hp.Child("idleTimeout"))...)
		errs = append(errs, optionalDuration(h.StreamIdleTimeout, hp.Child("streamIdleTimeout"))...)
	}
	return errs
}

// validateClientConnection checks connection limits towards clients. A close
// delay only applies when there is a connection limit to enforce.
func validateClientConnection(c *ClientConnection, p *field.Path) field.ErrorList {
	if c == nil || c.ConnectionLimit == nil {
		return nil
	}
	l, lp := c.ConnectionLimit, p.Child("connectionLimit")
	errs := optionalIntRange(l.Value, lp.Child("value"), 1, noMax)
	errs = append(errs, optionalDuration(l.CloseDelay, lp.Child("closeDelay"))...)
	errs = append(errs, optionalDuration(l.MaxConnectionDuration, lp.Child("maxConnectionDuration"))...)
	errs = append(errs, optionalDuration(l.MaxStreamDuration, lp.Child("maxStreamDuration"))...)
	if l.CloseDelay != nil && l.Value == nil {
		errs = append(errs, field.Required(lp.Child("value"), "must be set when closeDelay is set"))
	}
	return errs
}
