package translator

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// ctpHeaderValue is the header values a ClientTrafficPolicy may add or
// set: visible ASCII characters, single spaces or tabs between them, no
// leading or trailing blank (RFC 7230 field-value, as Envoy Gateway checks
// it).
var ctpHeaderValue = regexp.MustCompile(`^[!-~]+([\t ]?[!-~]+)*$`)

// ctpHeaderMutation is one of spec.headers' header modifiers, checked:
// writes in the order add, set, addIfAbsent (a header named twice keeps its
// first write), then the names to remove and the matchers of names to
// remove.
type ctpHeaderMutation struct {
	add           []ir.AddHeader
	remove        []string
	removeOnMatch []egv1a1.StringMatch
}

// ctpBuildHeaders checks spec.headers: the early request and late response
// header modifiers and the request header size limit. Every problem is
// reported, joined, in that order.
func ctpBuildHeaders(h *egv1a1.HeaderSettings) (req, resp *ctpHeaderMutation, maxKiB *uint32, err error) {
	if h == nil {
		return nil, nil, nil, nil
	}
	var errs []error
	req, reqErrs := ctpBuildHeaderMutation("EarlyRequestHeaders", h.EarlyRequestHeaders)
	errs = append(errs, reqErrs...)
	resp, respErrs := ctpBuildHeaderMutation("LateResponseHeaders", h.LateResponseHeaders)
	errs = append(errs, respErrs...)
	if q := h.MaxRequestHeaderLimit; q != nil {
		v, ok := q.AsInt64()
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("invalid MaxRequestHeaderLimit value %s", ctpQuantity(q)))
		case v < ctpMinRequestHeadersKiB*1024:
			errs = append(errs, fmt.Errorf("MaxRequestHeaderLimit value %s must be at least %dKi", ctpQuantity(q), ctpMinRequestHeadersKiB))
		default:
			kib := v / 1024
			if v%1024 != 0 {
				kib++
			}
			if kib > ctpMaxRequestHeadersKiB {
				errs = append(errs, fmt.Errorf("MaxRequestHeaderLimit value %s exceeds the maximum of %dKi", ctpQuantity(q), ctpMaxRequestHeadersKiB))
			} else {
				maxKiB = ctpPtr(uint32(kib))
			}
		}
	}
	if len(errs) > 0 {
		return req, resp, maxKiB, errors.Join(errs...)
	}
	return req, resp, maxKiB, nil
}

// ctpBuildHeaderMutation checks one header modifier, kind naming it in
// messages. Invalid entries are reported and skipped; when a modifier that
// lists something ends up changing nothing, that is reported too.
func ctpBuildHeaderMutation(kind string, f *egv1a1.HTTPHeaderFilter) (*ctpHeaderMutation, []error) {
	if f == nil {
		return nil, nil
	}
	var errs []error
	out := &ctpHeaderMutation{}
	listsSomething := len(f.Add) > 0 || len(f.Set) > 0 || len(f.AddIfAbsent) > 0 ||
		len(f.Remove) > 0 || len(f.RemoveOnMatch) > 0
	written := func(name string) bool {
		for _, h := range out.add {
			if strings.EqualFold(h.Name, name) {
				return true
			}
		}
		return false
	}
	write := func(verb string, hs []gwapiv1.HTTPHeader, appendValue, ifAbsent bool) {
		for _, h := range hs {
			name := string(h.Name)
			switch {
			case name == "":
				errs = append(errs, fmt.Errorf("%s cannot %s a header with an empty name", kind, verb))
			case strings.ContainsAny(name, "/:"):
				errs = append(errs, fmt.Errorf("%s cannot %s a header with a '/' or ':' character in them. Header: '%q'", kind, verb, name))
			case !ctpHeaderValue.MatchString(h.Value):
				errs = append(errs, fmt.Errorf("%s cannot %s a header with an invalid value. Header: '%q'", kind, verb, name))
			case written(name):
			default:
				out.add = append(out.add, ir.AddHeader{
					Name:        name,
					Value:       strings.Split(h.Value, ","),
					Append:      appendValue,
					AddIfAbsent: ifAbsent,
				})
			}
		}
	}
	write("add", f.Add, true, false)
	write("set", f.Set, false, false)
	write("addIfAbsent", f.AddIfAbsent, false, true)
	for _, name := range f.Remove {
		if name == "" {
			errs = append(errs, fmt.Errorf("%s cannot remove a header with an empty name", kind))
			continue
		}
		dup := false
		for _, r := range out.remove {
			if strings.EqualFold(r, name) {
				dup = true
				break
			}
		}
		if !dup {
			out.remove = append(out.remove, name)
		}
	}
	out.removeOnMatch = append(out.removeOnMatch, f.RemoveOnMatch...)
	if listsSomething && len(out.add) == 0 && len(out.remove) == 0 && len(out.removeOnMatch) == 0 {
		errs = append(errs, fmt.Errorf("%s did not provide valid configuration to add/set/remove any headers", kind))
	}
	return out, errs
}
