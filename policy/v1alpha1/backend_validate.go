package v1alpha1

import (
	"regexp"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ipAddressFormat is the format of an endpoint IP address: dotted IPv4, or a
// (possibly compressed) IPv6 address.
var ipAddressFormat = stringFormat{
	minLen: 3, maxLen: 45,
	pattern: regexp.MustCompile(`^((25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$|^(([0-9a-fA-F]{1,4}:){1,7}[0-9a-fA-F]{1,4}|::|(([0-9a-fA-F]{1,4}:){0,5})?(:[0-9a-fA-F]{1,4}){1,2})$`),
	what:    "an IPv4 or IPv6 address",
}

// fqdnFormat is the format of an FQDN endpoint's hostname; a trailing dot is
// allowed.
var fqdnFormat = stringFormat{minLen: 1, maxLen: 253, pattern: fqdnPattern, what: "a lowercase DNS name, optionally ending with a dot"}

// maxUnixSocketPathLength is the longest path a Unix socket address can hold.
const maxUnixSocketPathLength = 108

// Validate checks the Backend against the rules of its published schema: see
// the package documentation for what that covers.
func (b *Backend) Validate() field.ErrorList {
	if b == nil {
		return nil
	}
	return validateBackendSpec(&b.Spec, field.NewPath("spec"))
}

// validateBackendSpec checks a Backend's spec. A dynamic resolver finds its
// endpoints itself, so it takes neither endpoints nor an SNI derived from
// them.
func validateBackendSpec(s *BackendSpec, p *field.Path) field.ErrorList {
	typ := deref(s.Type, BackendTypeEndpoints)
	errs := enumValue(typ, p.Child("type"), BackendTypeEndpoints, BackendTypeDynamicResolver)
	errs = append(errs, validateBackendEndpoints(s.Endpoints, p.Child("endpoints"))...)
	errs = append(errs, enumItems(s.AppProtocols, p.Child("appProtocols"),
		AppProtocolTypeGatewayEnvoyproxyIoH2c, AppProtocolTypeGatewayEnvoyproxyIoWs, AppProtocolTypeGatewayEnvoyproxyIoWss)...)
	errs = append(errs, validateBackendTLSSettings(s.TLS, p.Child("tls"))...)
	autoSNI := s.TLS != nil && deref(s.TLS.AutoSNIFromEndpointHostname, false)
	if typ == BackendTypeDynamicResolver {
		if s.Endpoints != nil {
			errs = append(errs, field.Forbidden(p.Child("endpoints"), "may not be set when type is DynamicResolver"))
		}
		if autoSNI {
			errs = append(errs, field.Forbidden(p.Child("tls", "autoSNIFromEndpointHostname"), "may not be true when type is DynamicResolver"))
		}
		return errs
	}
	if autoSNI {
		errs = append(errs, endpointHostnames(s.Endpoints, p.Child("endpoints"))...)
	}
	return errs
}

// validateBackendEndpoints checks the endpoint list: FQDN endpoints cannot be
// mixed with IP or Unix socket endpoints.
func validateBackendEndpoints(eps []BackendEndpoint, p *field.Path) field.ErrorList {
	errs := itemCount(eps, p, 1, 256)
	fqdns := 0
	for i := range eps {
		errs = append(errs, validateBackendEndpoint(&eps[i], p.Index(i))...)
		if eps[i].FQDN != nil {
			fqdns++
		}
	}
	if fqdns > 0 && fqdns < len(eps) {
		errs = append(errs, field.Invalid(p, field.OmitValueType{}, "FQDN endpoints may not be mixed with IP or Unix socket endpoints"))
	}
	return errs
}

// validateBackendEndpoint checks one endpoint: exactly one of an FQDN, an IP
// address or a Unix socket.
func validateBackendEndpoint(e *BackendEndpoint, p *field.Path) field.ErrorList {
	errs := optionalString(e.Hostname, p.Child("hostname"), hostnameFormat)
	if e.FQDN != nil {
		fp := p.Child("fqdn")
		errs = append(errs, requiredString(e.FQDN.Hostname, fp.Child("hostname"), fqdnFormat)...)
		errs = append(errs, intRange(e.FQDN.Port, fp.Child("port"), 0, 65535)...)
	}
	if e.IP != nil {
		ip := p.Child("ip")
		errs = append(errs, requiredString(e.IP.Address, ip.Child("address"), ipAddressFormat)...)
		errs = append(errs, intRange(e.IP.Port, ip.Child("port"), 0, 65535)...)
	}
	if e.Unix != nil {
		errs = append(errs, validateUnixSocket(e.Unix, p.Child("unix"))...)
	}
	return append(errs, exactlyOne(p, member{"fqdn", e.FQDN != nil}, member{"ip", e.IP != nil}, member{"unix", e.Unix != nil})...)
}

// validateUnixSocket checks a Unix socket path, which has a fixed size limit.
func validateUnixSocket(u *UnixSocket, p *field.Path) field.ErrorList {
	path := p.Child("path")
	if u.Path == "" {
		return field.ErrorList{field.Required(path, "")}
	}
	if utf8.RuneCountInString(u.Path) > maxUnixSocketPathLength {
		return field.ErrorList{field.TooLongCharacters(path, u.Path, maxUnixSocketPathLength)}
	}
	return nil
}

// endpointHostnames checks, for a Backend that takes its SNI from endpoint
// hostnames, that every IP and Unix socket endpoint gives a hostname.
func endpointHostnames(eps []BackendEndpoint, p *field.Path) field.ErrorList {
	if eps == nil {
		return field.ErrorList{field.Required(p, "must be set when tls.autoSNIFromEndpointHostname is true")}
	}
	var errs field.ErrorList
	for i, e := range eps {
		if (e.IP != nil || e.Unix != nil) && e.Hostname == nil {
			errs = append(errs, field.Required(p.Index(i).Child("hostname"),
				"must be set on IP and Unix socket endpoints when tls.autoSNIFromEndpointHostname is true"))
		}
	}
	return errs
}
