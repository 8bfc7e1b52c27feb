package translator

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// directResponseBodyKey is the ConfigMap key that holds a direct response
// body referenced by an HTTPRouteFilter.
const directResponseBodyKey = "response.body"

// filterResult is what a rule's (or a backendRef's) filters translate to.
type filterResult struct {
	DirectResponse        *ir.CustomResponse
	Redirect              *ir.Redirect
	URLRewrite            *ir.URLRewrite
	AddRequestHeaders     []ir.AddHeader
	RemoveRequestHeaders  []string
	AddResponseHeaders    []ir.AddHeader
	RemoveResponseHeaders []string
	Mirrors               []*ir.MirrorPolicy
	CORS                  *ir.CORS
	CredentialInjection   *ir.CredentialInjection
	// matches are the extra matches of an HTTPRouteFilter.
	matches []egv1a1.HTTPRouteMatchFilter
	// gwRewrite is set once a Gateway API URLRewrite filter was applied.
	gwRewrite bool
}

// apply copies the result onto an IR route.
func (f *filterResult) apply(r *ir.HTTPRoute) {
	if f.Redirect != nil {
		rd := *f.Redirect
		r.Redirect = &rd
	}
	if f.DirectResponse != nil {
		r.DirectResponse = f.DirectResponse
	}
	r.URLRewrite = f.URLRewrite
	r.AddRequestHeaders = f.AddRequestHeaders
	r.RemoveRequestHeaders = f.RemoveRequestHeaders
	r.AddResponseHeaders = f.AddResponseHeaders
	r.RemoveResponseHeaders = f.RemoveResponseHeaders
	r.Mirrors = f.Mirrors
	r.CORS = f.CORS
	r.CredentialInjection = f.CredentialInjection
}

// filterErrs gathers the problems of one filter list: messages of one
// condition type are joined into one problem, one per line.
type filterErrs struct {
	order []gwapiv1.RouteConditionType
	by    map[gwapiv1.RouteConditionType]*routeProblem
}

func (e *filterErrs) add(typ gwapiv1.RouteConditionType, reason gwapiv1.RouteConditionReason, msg string) {
	if e.by == nil {
		e.by = map[gwapiv1.RouteConditionType]*routeProblem{}
	}
	if p, ok := e.by[typ]; ok {
		p.msg += "\n" + msg
		return
	}
	e.order = append(e.order, typ)
	e.by[typ] = &routeProblem{typ: typ, reason: reason, msg: msg}
}

func (e *filterErrs) list() []routeProblem {
	out := make([]routeProblem, 0, len(e.order))
	for _, t := range e.order {
		out = append(out, *e.by[t])
	}
	return out
}

// processFilters translates a list of filters. Processing stops at the
// first filter of an unknown type or kind.
func (t *translation) processFilters(rs *routeSpec, p *routeParent, ri int, filters []gwapiv1.HTTPRouteFilter, grpc bool) (*filterResult, []routeProblem) {
	fc := &filterResult{}
	errs := &filterErrs{}
	accepted := gwapiv1.RouteConditionAccepted
	unsupported := gwapiv1.RouteReasonUnsupportedValue
	for i := range filters {
		f := &filters[i]
		if err := validateFilter(f, grpc); err != nil {
			errs.add(accepted, unsupported, fmt.Sprintf("invalid filter %s: %v", f.Type, err))
			break
		}
		switch f.Type {
		case gwapiv1.HTTPRouteFilterURLRewrite:
			t.urlRewriteFilter(f.URLRewrite, fc, errs)
		case gwapiv1.HTTPRouteFilterRequestRedirect:
			redirectFilter(f.RequestRedirect, fc, errs)
		case gwapiv1.HTTPRouteFilterRequestHeaderModifier:
			headerFilter("RequestHeaderModifier", true, f.RequestHeaderModifier, &fc.AddRequestHeaders, &fc.RemoveRequestHeaders, errs)
		case gwapiv1.HTTPRouteFilterResponseHeaderModifier:
			headerFilter("ResponseHeaderModifier", false, f.ResponseHeaderModifier, &fc.AddResponseHeaders, &fc.RemoveResponseHeaders, errs)
		case gwapiv1.HTTPRouteFilterRequestMirror:
			t.mirrorFilter(rs, p, ri, i, f.RequestMirror, fc, errs)
		case gwapiv1.HTTPRouteFilterCORS:
			corsFilter(f.CORS, fc)
		case gwapiv1.HTTPRouteFilterExtensionRef:
			t.extensionRefFilter(rs, f.ExtensionRef, fc, errs, grpc)
		}
	}
	if fc.DirectResponse != nil && len(fc.Mirrors) > 0 {
		errs.add(accepted, reasonIncompatibleFilters, "RequestMirror filter cannot be used when the rule also configures a DirectResponse filter")
		fc.Mirrors = nil
	}
	return fc, errs.list()
}

// validateFilter checks the filter's type (and, for ExtensionRef, the
// referenced kind) is one this translator handles.
func validateFilter(f *gwapiv1.HTTPRouteFilter, grpc bool) error {
	switch f.Type {
	case gwapiv1.HTTPRouteFilterRequestMirror, gwapiv1.HTTPRouteFilterRequestHeaderModifier, gwapiv1.HTTPRouteFilterResponseHeaderModifier:
		return nil
	case gwapiv1.HTTPRouteFilterURLRewrite, gwapiv1.HTTPRouteFilterRequestRedirect, gwapiv1.HTTPRouteFilterCORS:
		if !grpc {
			return nil
		}
	case gwapiv1.HTTPRouteFilterExtensionRef:
		switch {
		case f.ExtensionRef == nil:
			return errors.New("extensionRef field must be specified for an extended filter")
		case string(f.ExtensionRef.Group) == egv1a1.GroupName && f.ExtensionRef.Kind == "HTTPRouteFilter":
			return nil
		}
		return fmt.Errorf("unknown kind %s/%s", f.ExtensionRef.Group, f.ExtensionRef.Kind)
	}
	return fmt.Errorf("unsupported filter type %v", f.Type)
}

func (t *translation) urlRewriteFilter(rw *gwapiv1.HTTPURLRewriteFilter, fc *filterResult, errs *filterErrs) {
	acc, uv := gwapiv1.RouteConditionAccepted, gwapiv1.RouteReasonUnsupportedValue
	if fc.gwRewrite {
		errs.add(acc, uv, "Cannot configure multiple urlRewrite filters for a single HTTPRouteRule")
		return
	}
	if rw == nil {
		return
	}
	out := &ir.URLRewrite{}
	if prev := fc.URLRewrite; prev != nil {
		// An HTTPRouteFilter rewrite came first: the two combine when they
		// rewrite different parts.
		if (rw.Hostname != nil && prev.Host != nil) || (rw.Path != nil && prev.Path != nil) {
			errs.add(acc, uv, "Cannot configure multiple urlRewrite filters for a single HTTPRouteRule")
			return
		}
		cp := *prev
		out = &cp
	}
	if rw.Hostname != nil {
		h := string(*rw.Hostname)
		if msg := invalidHostname(h); msg != "" {
			errs.add(acc, uv, msg)
			return
		}
		out.Host = &ir.HTTPHostModifier{Name: &h}
	}
	if p := rw.Path; p != nil {
		switch p.Type {
		case gwapiv1.FullPathHTTPPathModifier:
			if p.ReplacePrefixMatch != nil {
				errs.add(acc, uv, `ReplacePrefixMatch cannot be set when rewrite path type is "ReplaceFullPath"`)
				return
			}
			if p.ReplaceFullPath == nil {
				errs.add(acc, uv, `ReplaceFullPath must be set when rewrite path type is "ReplaceFullPath"`)
				return
			}
			out.Path = &ir.ExtendedHTTPPathModifier{HTTPPathModifier: ir.HTTPPathModifier{FullReplace: p.ReplaceFullPath}}
		case gwapiv1.PrefixMatchHTTPPathModifier:
			if p.ReplaceFullPath != nil {
				errs.add(acc, uv, `ReplaceFullPath cannot be set when rewrite path type is "ReplacePrefixMatch"`)
				return
			}
			if p.ReplacePrefixMatch == nil {
				errs.add(acc, uv, `ReplacePrefixMatch must be set when rewrite path type is "ReplacePrefixMatch"`)
				return
			}
			out.Path = &ir.ExtendedHTTPPathModifier{HTTPPathModifier: ir.HTTPPathModifier{PrefixMatchReplace: p.ReplacePrefixMatch}}
		default:
			errs.add(acc, uv, fmt.Sprintf(`Rewrite path type: %s is invalid, only "ReplaceFullPath" and "ReplacePrefixMatch" are supported`, p.Type))
			return
		}
	}
	fc.URLRewrite = out
	fc.gwRewrite = true
}

// invalidHostname returns why h is not a valid hostname, or "".
func invalidHostname(h string) string {
	if errs := validation.IsDNS1123Subdomain(h); len(errs) > 0 {
		return fmt.Sprintf("Hostname %q is invalid: %v", h, errs)
	}
	return ""
}

func redirectFilter(rd *gwapiv1.HTTPRequestRedirectFilter, fc *filterResult, errs *filterErrs) {
	acc, uv := gwapiv1.RouteConditionAccepted, gwapiv1.RouteReasonUnsupportedValue
	if fc.Redirect != nil {
		errs.add(acc, uv, "Cannot configure multiple requestRedirect filters for a single HTTPRouteRule")
		return
	}
	if rd == nil {
		return
	}
	out := &ir.Redirect{}
	if rd.Scheme != nil {
		if *rd.Scheme != "http" && *rd.Scheme != "https" {
			errs.add(acc, uv, fmt.Sprintf("Scheme: %s is unsupported, only 'https' and 'http' are supported", *rd.Scheme))
			return
		}
		s := *rd.Scheme
		out.Scheme = &s
	}
	if rd.Hostname != nil {
		h := string(*rd.Hostname)
		if msg := invalidHostname(h); msg != "" {
			errs.add(acc, uv, msg)
		} else {
			out.Hostname = &h
		}
	}
	if p := rd.Path; p != nil {
		switch p.Type {
		case gwapiv1.FullPathHTTPPathModifier:
			if p.ReplaceFullPath != nil {
				out.Path = &ir.HTTPPathModifier{FullReplace: p.ReplaceFullPath}
			}
		case gwapiv1.PrefixMatchHTTPPathModifier:
			if p.ReplacePrefixMatch != nil {
				out.Path = &ir.HTTPPathModifier{PrefixMatchReplace: p.ReplacePrefixMatch}
			}
		default:
			errs.add(acc, uv, fmt.Sprintf(`Redirect path type: %s is invalid, only "ReplaceFullPath" and "ReplacePrefixMatch" are supported`, p.Type))
			return
		}
	}
	if rd.StatusCode != nil {
		c := int32(*rd.StatusCode)
		if c != 301 && c != 302 {
			errs.add(acc, uv, fmt.Sprintf("Status code %d is invalid, only 302 and 301 are supported", c))
			return
		}
		out.StatusCode = &c
	}
	if rd.Port != nil {
		port := uint32(*rd.Port)
		out.Port = &port
	}
	fc.Redirect = out
}

// invalidHeaderValue reports whether v cannot be sent as a header value.
func invalidHeaderValue(v string) bool {
	return v == "" || strings.ContainsAny(v, "\r\n\x00")
}

// headerFilter translates a Request- or ResponseHeaderModifier. Invalid
// entries are reported and skipped; the valid ones still apply. A header
// added or set twice (case-insensitively) keeps its first action.
func headerFilter(kind string, request bool, hf *gwapiv1.HTTPHeaderFilter, adds *[]ir.AddHeader, removes *[]string, errs *filterErrs) {
	if hf == nil {
		return
	}
	acc, uv := gwapiv1.RouteConditionAccepted, gwapiv1.RouteReasonUnsupportedValue
	empty := len(hf.Add) == 0 && len(hf.Set) == 0 && len(hf.Remove) == 0
	// Problems are held back: when no header at all is valid, only that
	// is reported.
	outer := errs
	errs = &filterErrs{}
	bad := func(name string) bool {
		return strings.ContainsAny(name, "/:") || (request && strings.EqualFold(name, "host"))
	}
	has := func(name string) bool {
		for _, h := range *adds {
			if strings.EqualFold(h.Name, name) {
				return true
			}
		}
		return false
	}
	one := func(verb string, h gwapiv1.HTTPHeader, appendValue bool) {
		name := string(h.Name)
		switch {
		case name == "":
			errs.add(acc, uv, fmt.Sprintf("%s Filter cannot %s a header with an empty name", kind, verb))
		case bad(name):
			if request {
				errs.add(acc, uv, fmt.Sprintf("Header: %q. The %s filter cannot set the Host header or headers with a '/' or ':' character in them. To modify the Host header use the URLRewrite or the HTTPRouteFilter filter", name, kind))
			} else {
				errs.add(acc, uv, fmt.Sprintf("Header: %q. The %s filter cannot set headers with a '/' or ':' character in them", name, kind))
			}
		case invalidHeaderValue(h.Value):
			errs.add(acc, uv, fmt.Sprintf("Header: %q. %s Filter cannot %s a header with an invalid value", name, kind, verb))
		case has(name):
		default:
			*adds = append(*adds, ir.AddHeader{Name: name, Value: []string{h.Value}, Append: appendValue})
		}
	}
	for _, h := range hf.Add {
		one("add", h, true)
	}
	for _, h := range hf.Set {
		one("set", h, false)
	}
	for _, name := range hf.Remove {
		switch {
		case name == "":
			errs.add(acc, uv, fmt.Sprintf("%s Filter cannot remove a header with an empty name", kind))
			continue
		case bad(name):
			if request {
				errs.add(acc, uv, fmt.Sprintf("Header: %q. The %s filter cannot remove the Host header or headers with a '/' or ':' character in them", name, kind))
			} else {
				errs.add(acc, uv, fmt.Sprintf("Header: %q. The %s filter cannot remove headers with a '/' or ':' character in them", name, kind))
			}
			continue
		}
		dup := false
		for _, r := range *removes {
			dup = dup || strings.EqualFold(r, name)
		}
		if !dup {
			*removes = append(*removes, name)
		}
	}
	if !empty && len(*adds) == 0 && len(*removes) == 0 {
		if request {
			outer.add(acc, uv, kind+" Filter did not provide valid configuration to add/set/remove any headers")
		} else {
			outer.add(acc, uv, kind+" Filter did not provide valid configuration to add/remove any headers")
		}
		return
	}
	for _, p := range errs.list() {
		outer.add(p.typ, p.reason, p.msg)
	}
}

func corsFilter(c *gwapiv1.HTTPCORSFilter, fc *filterResult) {
	if c == nil {
		return
	}
	out := &ir.CORS{}
	for _, o := range c.AllowOrigins {
		v := string(o)
		if strings.Contains(v, "*") {
			re := strings.ReplaceAll(strings.ReplaceAll(v, ".", `\.`), "*", ".*")
			out.AllowOrigins = append(out.AllowOrigins, &ir.StringMatch{SafeRegex: &re})
		} else {
			out.AllowOrigins = append(out.AllowOrigins, &ir.StringMatch{Exact: &v})
		}
	}
	for _, m := range c.AllowMethods {
		if m == "*" {
			// A wildcard allows every method; the others add nothing.
			out.AllowMethods = []string{"*"}
			break
		}
		out.AllowMethods = append(out.AllowMethods, string(m))
	}
	for _, h := range c.AllowHeaders {
		out.AllowHeaders = append(out.AllowHeaders, string(h))
	}
	for _, h := range c.ExposeHeaders {
		out.ExposeHeaders = append(out.ExposeHeaders, string(h))
	}
	maxAge := ir.Duration(time.Duration(c.MaxAge) * time.Second)
	out.MaxAge = &maxAge
	out.AllowCredentials = c.AllowCredentials != nil && *c.AllowCredentials
	fc.CORS = out
}

// mirrorFilter resolves a RequestMirror's backend into a mirror policy.
func (t *translation) mirrorFilter(rs *routeSpec, p *routeParent, ri, idx int, m *gwapiv1.HTTPRequestMirrorFilter, fc *filterResult, errs *filterErrs) {
	if m == nil {
		return
	}
	name := fmt.Sprintf("%srule/%d-mirror-%d", routePrefix(rs), ri, idx)
	br := &backendRefSpec{ref: gwapiv1.BackendRef{BackendObjectReference: m.BackendRef}}
	ds, perr := t.resolveBackendRef(rs, p, br, name+"/backend/-1")
	if perr != nil {
		typ := perr.typOr(gwapiv1.RouteConditionResolvedRefs)
		if perr.reason == reasonEndpointsNotFound {
			typ = routeConditionBackendsAvailable
		}
		errs.add(typ, perr.reason, "failed to validate the RequestMirror filter: "+perr.msg)
		return
	}
	mp := &ir.MirrorPolicy{Destination: &ir.RouteDestination{Name: name, Settings: []*ir.DestinationSetting{ds}}}
	switch {
	case m.Percent != nil:
		v := float32(*m.Percent)
		mp.Percentage = &v
	case m.Fraction != nil:
		den := int32(100)
		if m.Fraction.Denominator != nil {
			den = *m.Fraction.Denominator
		}
		if den != 0 {
			v := float32(m.Fraction.Numerator) / float32(den) * 100
			mp.Percentage = &v
		}
	}
	fc.Mirrors = append(fc.Mirrors, mp)
}

// extensionRefFilter applies an Envoy Gateway HTTPRouteFilter.
func (t *translation) extensionRefFilter(rs *routeSpec, ref *gwapiv1.LocalObjectReference, fc *filterResult, errs *filterErrs, grpc bool) {
	acc, uv := gwapiv1.RouteConditionAccepted, gwapiv1.RouteReasonUnsupportedValue
	hf := t.idx.httpFilters[nameOf(rs.meta.Namespace, string(ref.Name))]
	if hf == nil {
		errs.add(gwapiv1.RouteConditionResolvedRefs, gwapiv1.RouteReasonUnsupportedValue,
			fmt.Sprintf("Unable to translate HTTPRouteFilter: %s/%s", rs.meta.Namespace, ref.Name))
		return
	}
	spec := &hf.Spec
	if len(spec.Matches) > 0 {
		if fc.matches != nil {
			errs.add(acc, uv, "Only one HTTPRouteFilter with matches is supported per HTTPRouteRule")
			return
		}
		fc.matches = spec.Matches
	}
	if rw := spec.URLRewrite; rw != nil {
		out := fc.URLRewrite
		if out == nil {
			out = &ir.URLRewrite{}
		} else if (rw.Hostname != nil && out.Host != nil) || (rw.Path != nil && out.Path != nil) {
			errs.add(acc, uv, "Cannot configure multiple urlRewrite filters for a single HTTPRouteRule")
			return
		}
		if h := rw.Hostname; h != nil {
			switch h.Type {
			case egv1a1.HTTPHostnameModifierTypeHeader:
				if h.Header == nil {
					errs.add(acc, uv, `Header must be set when rewrite path type is "Header"`)
					return
				}
				out.Host = &ir.HTTPHostModifier{Header: h.Header}
			case egv1a1.HTTPHostnameModifierTypeBackend:
				yes := true
				out.Host = &ir.HTTPHostModifier{Backend: &yes}
			case egv1a1.HTTPHostnameModifierTypePathRegex:
				if h.PathRegex == nil || h.PathRegex.Pattern == "" || h.PathRegex.Substitution == "" {
					errs.add(acc, uv, `PathRegex Pattern and Substitution must be set when rewrite hostname type is "PathRegex"`)
					return
				}
				if _, err := regexp.Compile(h.PathRegex.Pattern); err != nil {
					errs.add(acc, uv, "PathRegex must be a valid RE2 regular expression")
					return
				}
				out.Host = &ir.HTTPHostModifier{PathRegex: &ir.RegexMatchReplace{Pattern: h.PathRegex.Pattern, Substitution: h.PathRegex.Substitution}}
			}
		}
		if p := rw.Path; p != nil && p.Type == egv1a1.HTTPPathModifierTypeReplaceRegexMatch {
			if p.ReplaceRegexMatch == nil || p.ReplaceRegexMatch.Pattern == "" {
				errs.add(acc, uv, `ReplaceRegexMatch Pattern must be set when rewrite path type is "ReplaceRegexMatch"`)
				return
			}
			if _, err := regexp.Compile(p.ReplaceRegexMatch.Pattern); err != nil {
				errs.add(acc, uv, "ReplaceRegexMatch must be a valid RE2 regular expression")
				return
			}
			out.Path = &ir.ExtendedHTTPPathModifier{RegexMatchReplace: &ir.RegexMatchReplace{
				Pattern: p.ReplaceRegexMatch.Pattern, Substitution: p.ReplaceRegexMatch.Substitution}}
		}
		if rw.AppendXForwardedHost != nil {
			v := *rw.AppendXForwardedHost
			out.AppendXForwardedHost = &v
		}
		fc.URLRewrite = out
	}
	if dr := spec.DirectResponse; dr != nil {
		code := uint32(200)
		if dr.StatusCode != nil {
			code = uint32(*dr.StatusCode)
		}
		if grpc && code >= 200 && code < 300 {
			errs.add(acc, uv, "DirectResponse with a 2xx status code is not supported for GRPCRoute: a 2xx status maps to the gRPC OK status, but a direct response cannot carry a gRPC response message, so the client would receive an invalid response. Use a non-2xx status code to deny or block the request instead")
			return
		}
		resp := &ir.CustomResponse{StatusCode: code}
		if b := dr.Body; b != nil {
			switch {
			case b.Inline != nil:
				resp.Body = []byte(*b.Inline)
			case b.ValueRef != nil:
				cm := t.idx.configMaps[nameOf(rs.meta.Namespace, string(b.ValueRef.Name))]
				body, ok := configMapBody(cm)
				if !ok {
					errs.add(gwapiv1.RouteConditionResolvedRefs, uv, fmt.Sprintf("Unable to translate HTTPRouteFilter: %s/%s", hf.Namespace, hf.Name))
					return
				}
				resp.Body = []byte(body)
			}
		}
		if dr.ContentType != nil {
			fc.AddResponseHeaders = append(fc.AddResponseHeaders, ir.AddHeader{Name: "Content-Type", Value: []string{*dr.ContentType}})
		}
		if dr.Header != nil {
			headerFilter("ResponseHeaderModifier", false, dr.Header, &fc.AddResponseHeaders, &fc.RemoveResponseHeaders, errs)
		}
		fc.DirectResponse = resp
	}
	if ci := spec.CredentialInjection; ci != nil {
		ref := ci.Credential.ValueRef
		ns := rs.meta.Namespace
		if ref.Namespace != nil {
			ns = string(*ref.Namespace)
		}
		sec := t.idx.secrets[nameOf(ns, string(ref.Name))]
		if sec == nil {
			errs.add(acc, uv, fmt.Sprintf("invalid filter HTTPRouteFilter: secret %s/%s does not exist", ns, ref.Name))
			return
		}
		cred, ok := sec.Data[credentialKey]
		if !ok || len(cred) == 0 {
			errs.add(acc, uv, fmt.Sprintf("invalid filter HTTPRouteFilter: secret %s/%s has no %q key", ns, ref.Name, credentialKey))
			return
		}
		fc.CredentialInjection = &ir.CredentialInjection{
			Name:       "httproutefilter/" + hf.Namespace + "/" + hf.Name,
			Header:     ci.Header,
			Overwrite:  ci.Overwrite,
			Credential: cred,
		}
	}
}

// credentialKey is the Secret key that holds the credential of an
// HTTPRouteFilter credential injection.
const credentialKey = "credential"

// configMapBody returns a direct response body held in a ConfigMap: the
// response.body key of data or binaryData, or else the only binaryData
// entry.
func configMapBody(cm *corev1.ConfigMap) (string, bool) {
	if cm == nil {
		return "", false
	}
	if v, ok := cm.Data[directResponseBodyKey]; ok {
		return v, true
	}
	if v, ok := cm.BinaryData[directResponseBodyKey]; ok {
		return string(v), true
	}
	if len(cm.BinaryData) == 1 {
		for _, v := range cm.BinaryData {
			return string(v), true
		}
	}
	return "", false
}
