package extproctest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	mutationrulesv3 "github.com/envoyproxy/go-control-plane/envoy/config/common/mutation_rules/v3"

	"github.com/gatewaykit/gatewaykit/extproc"
)

// Op is the kind of header change a mutation rule is checked against.
type Op int

// The operations. OpAppend is only used when a value is added to a header
// that already exists; appending to an absent header is checked as OpSet.
const (
	OpSet Op = iota + 1
	OpAppend
	OpRemove
)

// String returns "set", "append" or "remove".
func (o Op) String() string {
	switch o {
	case OpSet:
		return "set"
	case OpAppend:
		return "append"
	case OpRemove:
		return "remove"
	}
	return "unknown"
}

type verdict int

const (
	verdictOK verdict = iota
	verdictIgnore
	verdictFail
)

// routingHeaders are the headers allow_all_routing guards.
var routingHeaders = map[string]bool{"host": true, ":authority": true, ":method": true, ":scheme": true}

// envoyPrefix is Envoy's default internal header prefix.
const envoyPrefix = "x-envoy"

// checker evaluates HeaderMutationRules the way Envoy's mutation rules
// checker does. It is immutable.
type checker struct {
	allowAllRouting, allowEnvoy, disallowSystem, disallowAll, disallowIsError bool

	allowRe, disallowRe *regexp.Regexp
}

func newChecker(r *mutationrulesv3.HeaderMutationRules) (*checker, error) {
	c := &checker{
		allowAllRouting: r.GetAllowAllRouting().GetValue(),
		allowEnvoy:      r.GetAllowEnvoy().GetValue(),
		disallowSystem:  r.GetDisallowSystem().GetValue(),
		disallowAll:     r.GetDisallowAll().GetValue(),
		disallowIsError: r.GetDisallowIsError().GetValue(),
	}
	var err error
	if r.GetAllowExpression() != nil {
		if c.allowRe, err = fullMatch(r.GetAllowExpression().GetRegex()); err != nil {
			return nil, fmt.Errorf("%w: allow_expression: %w", ErrInvalidOption, err)
		}
	}
	if r.GetDisallowExpression() != nil {
		if c.disallowRe, err = fullMatch(r.GetDisallowExpression().GetRegex()); err != nil {
			return nil, fmt.Errorf("%w: disallow_expression: %w", ErrInvalidOption, err)
		}
	}
	return c, nil
}

// fullMatch compiles expr so that it must match the whole name, as Envoy's
// RE2 matcher does.
func fullMatch(expr string) (*regexp.Regexp, error) {
	return regexp.Compile(`^(?:` + expr + `)$`)
}

// check returns the verdict for a change to name (lower case) and, when the
// change is refused, why.
func (c *checker) check(op Op, name, value string) (verdict, string) {
	if reason := c.disallowed(op, name); reason != "" {
		return c.refuse(), reason
	}
	if op != OpRemove {
		if reason := invalidValue(name, value); reason != "" {
			return c.refuse(), reason
		}
	}
	return verdictOK, ""
}

func (c *checker) refuse() verdict {
	if c.disallowIsError {
		return verdictFail
	}
	return verdictIgnore
}

// disallowed returns "" when the rules allow the change, or the rule that
// refuses it. The order of the tests is Envoy's.
func (c *checker) disallowed(op Op, name string) string {
	if op == OpRemove && (strings.HasPrefix(name, ":") || name == "host") {
		return "pseudo-headers and host can never be removed"
	}
	if c.disallowRe != nil && c.disallowRe.MatchString(name) {
		return "matches disallow_expression"
	}
	if c.allowRe != nil && c.allowRe.MatchString(name) {
		return ""
	}
	if c.disallowAll {
		return "disallow_all is set"
	}
	if !c.allowAllRouting && routingHeaders[name] {
		return "routing header and allow_all_routing is not set"
	}
	if strings.HasPrefix(name, ":") {
		if op == OpAppend {
			return "pseudo-headers cannot take a second value"
		}
		if c.disallowSystem {
			return "pseudo-header and disallow_system is set"
		}
	}
	if !c.allowEnvoy && strings.HasPrefix(name, envoyPrefix) {
		return "x-envoy header and allow_envoy is not set"
	}
	return ""
}

// invalidValue applies Envoy's checks on values of sensitive headers.
func invalidValue(name, value string) string {
	if !strings.HasPrefix(name, ":") && !extproc.ValidHeaderValue(value) {
		return "invalid characters in value"
	}
	switch name {
	case "host", ":authority":
		if !validAuthority(value) {
			return "invalid authority"
		}
	case ":scheme":
		if !strings.EqualFold(value, "http") && !strings.EqualFold(value, "https") {
			return "scheme must be http or https"
		}
	case ":status":
		n, err := strconv.ParseUint(value, 10, 32)
		if err != nil || n < 200 {
			return "status must be a number of at least 200"
		}
	}
	return ""
}

// validAuthority accepts the characters RFC 3986 allows in an authority.
func validAuthority(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("-._~!$&'()*+,;=:@[]%", c) >= 0:
		default:
			return false
		}
	}
	return true
}
